"""The automation API: rules (with the dry run), e-mail templates, macros and auto-close, for the
people allowed, scoped to their organisations, with bad input refused."""

import pytest

from moked.automation import services
from moked.automation.models import Macro, Rule
from moked.tickets.models import EventKind, TicketEvent
from tests.factories import AgentFactory, ClientManagerFactory, PersonFactory, TeamLeadFactory, make_ticket

pytestmark = pytest.mark.django_db

PASSWORD_RULE = {
    "name": "Passwords",
    "trigger": "ticket_created",
    "conditions": {"all": [{"field": "subject", "operator": "contains", "value": "password"}]},
    "actions": [{"type": "set_priority", "priority": 2}],
}


def test_an_admin_writes_rules_and_bad_ones_are_a_400(api_as, admin, org):
    client = api_as(admin)
    created = client.post("/api/v1/rules/", {**PASSWORD_RULE, "organisation": "ACME"}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["organisation"] == "ACME"
    bad = client.post(
        "/api/v1/rules/",
        {
            **PASSWORD_RULE,
            "conditions": {"all": [{"field": "subject", "operator": "matches", "value": "(x"}]},
        },
        format="json",
    )
    assert bad.status_code == 400
    assert "not a valid regular expression" in bad.json()["errors"]["conditions"][0]["message"]
    assert Rule.objects.count() == 1
    rule_id = created.json()["id"]
    changed = client.patch(f"/api/v1/rules/{rule_id}/", {"is_active": False}, format="json")
    assert changed.status_code == 200 and changed.json()["is_active"] is False
    assert client.delete(f"/api/v1/rules/{rule_id}/").status_code == 204


def test_staff_read_the_rules_of_their_organisations_and_clients_none(api_as, admin, org, other_org, agent):
    services.create_rule(admin, organisation=org, **PASSWORD_RULE)
    services.create_rule(admin, organisation=other_org, **{**PASSWORD_RULE, "name": "Other's"})
    services.create_rule(admin, **{**PASSWORD_RULE, "name": "Everyone's"})
    names = [rule["name"] for rule in api_as(agent).get("/api/v1/rules/").json()["results"]]
    assert sorted(names) == ["Everyone's", "Passwords"]
    assert api_as(agent).post("/api/v1/rules/", PASSWORD_RULE, format="json").status_code == 403
    manager = ClientManagerFactory(organisation=org)
    assert api_as(manager).get("/api/v1/rules/").json()["results"] == []
    other_rule = Rule.objects.get(name="Other's")
    assert api_as(agent).get(f"/api/v1/rules/{other_rule.pk}/").status_code == 404


def test_the_dry_run_says_what_would_change_and_changes_nothing(api_as, admin, agent, requester):
    ticket = make_ticket(requester, subject="Password expired")
    services.create_rule(admin, **PASSWORD_RULE)
    services.create_rule(
        admin,
        **{
            **PASSWORD_RULE,
            "name": "Printers",
            "conditions": {"all": [{"field": "subject", "operator": "contains", "value": "printer"}]},
        },
    )
    answer = api_as(agent).post(
        "/api/v1/rules/dry-run/", {"ticket": ticket.reference, "trigger": "ticket_created"}, format="json"
    )
    assert answer.status_code == 200, answer.json()
    results = {result["name"]: result for result in answer.json()}
    assert results["Passwords"]["matched"] is True
    assert results["Passwords"]["changes"] == [{"action": "set_priority", "description": "priority: P4 → P2"}]
    assert results["Printers"]["matched"] is False
    assert results["Printers"]["conditions"][0]["held"] is False
    ticket.refresh_from_db()
    assert ticket.priority == 4 and not TicketEvent.objects.filter(kind=EventKind.RULE_APPLIED).exists()


def test_each_rule_of_a_dry_run_is_described_against_the_ticket_as_it_is(api_as, admin, agent, requester):
    ticket = make_ticket(requester, subject="Password expired")
    services.create_rule(admin, **PASSWORD_RULE)
    services.create_rule(
        admin, **{**PASSWORD_RULE, "name": "Urgent", "actions": [{"type": "set_priority", "priority": 1}]}
    )
    answer = api_as(agent).post(
        "/api/v1/rules/dry-run/", {"ticket": ticket.reference, "trigger": "ticket_created"}, format="json"
    )
    described = {result["name"]: result["changes"][0]["description"] for result in answer.json()}
    assert described == {"Passwords": "priority: P4 → P2", "Urgent": "priority: P4 → P1"}


def test_a_rule_can_be_tried_before_it_is_saved(api_as, agent, requester):
    ticket = make_ticket(requester, subject="VPN is down")
    draft = {
        "ticket": ticket.reference,
        "conditions": {"all": [{"field": "subject", "operator": "matches", "value": "down|outage"}]},
        "actions": [{"type": "add_tag", "tag": "outage"}],
    }
    answer = api_as(agent).post("/api/v1/rules/dry-run/", draft, format="json")
    assert answer.status_code == 200
    assert answer.json()[0]["changes"] == [{"action": "add_tag", "description": "+outage"}]
    bad = api_as(agent).post(
        "/api/v1/rules/dry-run/",
        {**draft, "conditions": {"all": [{"field": "subject", "operator": "matches", "value": "("}]}},
        format="json",
    )
    assert bad.status_code == 400
    assert not ticket.tag_links.exists() and not Rule.objects.exists()


def test_the_dry_run_is_for_staff_who_may_see_the_ticket(api_as, requester, other_org):
    ticket = make_ticket(requester)
    stranger = AgentFactory(serves=[other_org])
    assert (
        api_as(stranger)
        .post("/api/v1/rules/dry-run/", {"ticket": ticket.reference}, format="json")
        .status_code
        == 404
    )
    assert (
        api_as(requester)
        .post("/api/v1/rules/dry-run/", {"ticket": ticket.reference}, format="json")
        .status_code
        == 403
    )


def test_macros_reply_and_act_for_the_agent(api_as, admin, agent, requester, desk):
    macro = services.create_macro(
        admin,
        name="Reset link sent",
        reply="Hello {{ requester.name }}, we sent a reset link for {{ ticket.reference }}.",
        actions=[{"type": "add_tag", "tag": "password"}, {"type": "assign_group", "group": desk.pk}],
    )
    ticket = make_ticket(requester)
    listed = api_as(agent).get(f"/api/v1/tickets/{ticket.reference}/macros/")
    assert [m["name"] for m in listed.json()] == ["Reset link sent"]
    applied = api_as(agent).post(f"/api/v1/tickets/{ticket.reference}/macros/{macro.pk}/apply/")
    assert applied.status_code == 200, applied.json()
    ticket.refresh_from_db()
    reply = ticket.comments.get()
    assert reply.body == f"Hello Dana Cohen, we sent a reset link for {ticket.reference}."
    assert (reply.author, reply.is_public, ticket.group) == (agent, True, desk)
    assert [change["action"] for change in applied.json()] == ["add_tag", "assign_group", "reply"]


def test_macros_of_other_organisations_cannot_be_applied(api_as, admin, agent, requester, other_org):
    foreign = services.create_macro(admin, organisation=other_org, name="Theirs", reply="Hi")
    ticket = make_ticket(requester)
    assert (
        api_as(agent).post(f"/api/v1/tickets/{ticket.reference}/macros/{foreign.pk}/apply/").status_code
        == 404
    )
    assert api_as(requester).get(f"/api/v1/tickets/{ticket.reference}/macros/").json() == []


def test_team_leads_keep_macros_of_the_organisations_they_serve(api_as, org, other_org):
    lead = TeamLeadFactory(serves=[org])
    client = api_as(lead)
    mine = client.post(
        "/api/v1/macros/", {"organisation": "ACME", "name": "Ours", "reply": "Hi"}, format="json"
    )
    assert mine.status_code == 201
    assert (
        client.post("/api/v1/macros/", {"name": "Everyone's", "reply": "Hi"}, format="json").status_code
        == 403
    )
    theirs = client.post(
        "/api/v1/macros/", {"organisation": "OTHER", "name": "X", "reply": "Hi"}, format="json"
    )
    assert theirs.status_code == 400  # OTHER is not an organisation the lead can name
    assert Macro.objects.count() == 1


def test_auto_close_is_set_per_organisation(api_as, admin, agent):
    assert api_as(agent).get("/api/v1/auto-close/ACME/").json() == {
        "organisation": "ACME",
        "remind_after_business_days": 3,
        "close_after_business_days": 7,
        "close_resolved_after_days": 5,
    }
    assert api_as(agent).put("/api/v1/auto-close/ACME/", {"close_after_business_days": 10}).status_code == 403
    changed = api_as(admin).put("/api/v1/auto-close/ACME/", {"close_after_business_days": 10}, format="json")
    assert changed.json()["close_after_business_days"] == 10
    assert api_as(admin).put("/api/v1/auto-close/ACME/", {"close_after_business_days": -1}).status_code == 400
    assert (
        api_as(PersonFactory(organisation=agent.organisations.get()))
        .get("/api/v1/auto-close/ACME/")
        .status_code
        == 404
    )
