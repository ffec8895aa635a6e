"""Rules firing on their triggers: conditions, actions, order, loops, failures and tenants."""

import pytest
from django.core.exceptions import ValidationError

from moked.automation.models import Trigger
from moked.tickets import services as tickets
from moked.tickets.events import EventLog
from moked.tickets.models import EventChannel, EventKind, TicketEvent
from tests.factories import CategoryFactory, PersonFactory, make_ticket

pytestmark = pytest.mark.django_db

PASSWORD = {"any": [{"field": "text", "operator": "matches", "value": r"pass\s*word|salasana|סיסמה|رمز"}]}


def fired(ticket) -> list[str]:
    return list(
        TicketEvent.objects.filter(ticket=ticket, kind=EventKind.RULE_APPLIED)
        .order_by("id")
        .values_list("new_label", flat=True)
    )


def test_a_new_ticket_about_a_password_goes_to_security_and_identity(rule, requester, identity):
    security = CategoryFactory(name="Security")
    rule(
        "Passwords to identity",
        conditions=PASSWORD,
        actions=[
            {"type": "set_field", "field": "category", "value": security.pk},
            {"type": "assign_group", "group": identity.pk},
            {"type": "add_tag", "tag": "password"},
        ],
    )
    ticket = make_ticket(requester, subject="I forgot my password")
    ticket.refresh_from_db()
    assert (ticket.category, ticket.group, ticket.tier) == (security, identity, 2)
    assert list(ticket.tag_links.values_list("name", flat=True)) == ["password"]
    assert fired(ticket) == ["Passwords to identity"]
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.RULE_APPLIED)
    assert event.data["trigger"] == "ticket_created" and len(event.data["changes"]) == 3
    other = make_ticket(requester, subject="The printer is jammed")
    other.refresh_from_db()
    assert other.group is None and fired(other) == []


def test_an_outage_at_a_vip_organisation_raises_the_urgency(rule, requester, other_org):
    rule(
        "VIP outage",
        conditions={
            "all": [
                {"field": "organisation_tags", "operator": "contains", "value": "vip"},
                {"field": "text", "operator": "matches", "value": "outage|down|קריסה"},
            ]
        },
        actions=[{"type": "set_field", "field": "urgency", "value": 1}],
    )
    ticket = make_ticket(requester, subject="Everything is down", impact=2, urgency=3)
    ticket.refresh_from_db()
    assert (ticket.urgency, ticket.priority) == (1, 2)  # the matrix gives P2 for impact 2 × urgency 1
    not_vip = make_ticket(PersonFactory(organisation=other_org), subject="Everything is down", impact=2)
    not_vip.refresh_from_db()
    assert not_vip.urgency == 3


def test_update_status_and_comment_triggers(rule, requester, agent, desk):
    rule(
        "Tag updates",
        trigger=Trigger.TICKET_UPDATED,
        conditions={"all": [{"field": "impact", "operator": "changed_to", "value": 1}]},
        actions=[{"type": "add_tag", "tag": "impact-raised"}],
    )
    rule(
        "Note resolutions",
        trigger=Trigger.STATUS_CHANGED,
        conditions={"all": [{"field": "status", "operator": "is", "value": "resolved"}]},
        actions=[{"type": "add_note", "text": "Resolved {{ ticket.reference }} for {{ requester.name }}."}],
    )
    rule(
        "Customer spoke",
        trigger=Trigger.CUSTOMER_COMMENTED,
        conditions={"all": [{"field": "comment", "operator": "contains", "value": "urgent"}]},
        actions=[{"type": "set_priority", "priority": 1}],
    )
    rule("Agent spoke", trigger=Trigger.AGENT_COMMENTED, actions=[{"type": "add_tag", "tag": "answered"}])
    ticket = make_ticket(requester)
    tickets.update_ticket(agent, ticket, {"impact": 1, "group": desk, "assignee": agent})
    tickets.add_comment(requester, ticket, "This is urgent, the whole floor is waiting.")
    tickets.add_comment(agent, ticket, "On my way.")
    tickets.change_status(agent, ticket, "resolved", resolution_code="solved")
    ticket.refresh_from_db()
    assert set(ticket.tag_links.values_list("name", flat=True)) == {"impact-raised", "answered"}
    assert ticket.priority == 1
    note = ticket.comments.filter(is_public=False).get()
    assert note.body == f"Resolved {ticket.reference} for Dana Cohen." and note.author is None
    assert fired(ticket) == ["Tag updates", "Customer spoke", "Agent spoke", "Note resolutions"]


def test_sla_warnings_and_breaches_trigger_rules(rule, requester, identity):
    rule(
        "Breach to identity",
        trigger=Trigger.SLA_BREACH,
        actions=[{"type": "assign_group", "group": identity.pk}],
    )
    ticket = make_ticket(requester)
    log = EventLog(ticket, None, EventChannel.SYSTEM, ticket.created_at)
    log.add(EventKind.SLA_BREACHED, is_public=False, data={"target": "resolution"})
    log.save()
    ticket.refresh_from_db()
    assert ticket.group == identity and fired(ticket) == ["Breach to identity"]


def test_rules_run_in_order_provider_wide_first_and_can_stop(rule, org, requester):
    rule("Org second", organisation=org, position=1, actions=[{"type": "add_tag", "tag": "second"}])
    rule("Provider first", position=50, actions=[{"type": "add_tag", "tag": "first"}])
    rule(
        "Stopper",
        organisation=org,
        position=2,
        stop_processing=True,
        actions=[{"type": "add_tag", "tag": "stop"}],
    )
    rule("Never", organisation=org, position=3, actions=[{"type": "add_tag", "tag": "never"}])
    ticket = make_ticket(requester)
    assert fired(ticket) == ["Provider first", "Org second", "Stopper"]
    assert sorted(ticket.tag_links.values_list("name", flat=True)) == ["first", "second", "stop"]


def test_an_organisations_rules_never_touch_another_organisations_tickets(rule, org, other_org):
    rule("Acme only", organisation=org, actions=[{"type": "add_tag", "tag": "acme"}])
    ticket = make_ticket(PersonFactory(organisation=other_org))
    assert fired(ticket) == [] and not ticket.tag_links.exists()


def test_rules_cannot_loop(rule, requester):
    to_one = {"all": [{"field": "priority", "operator": "changed_to", "value": 2}]}
    to_two = {"all": [{"field": "priority", "operator": "changed_to", "value": 1}]}
    rule("Start", actions=[{"type": "set_priority", "priority": 1}])
    rule(
        "Ping",
        trigger=Trigger.TICKET_UPDATED,
        conditions=to_two,
        actions=[{"type": "set_priority", "priority": 2}],
    )
    rule(
        "Pong",
        trigger=Trigger.TICKET_UPDATED,
        conditions=to_one,
        actions=[{"type": "set_priority", "priority": 1}],
    )
    ticket = make_ticket(requester)
    ticket.refresh_from_db()
    # Start sets 1 → Ping sets 2 → Pong sets 1 → Ping would set 2, but it is already in this chain.
    assert fired(ticket) == ["Start", "Ping", "Pong"] and ticket.priority == 1
    chains = [event.data["chain"] for event in TicketEvent.objects.filter(kind=EventKind.RULE_APPLIED)]
    assert max(len(chain) for chain in chains) == 2  # each rule at most once per chain


def test_a_rule_that_fails_is_recorded_and_loses_nothing(rule, requester, agent):
    # Resolving needs an assignee-less ticket to be workable; closing a new ticket is not allowed.
    rule("Close at once", actions=[{"type": "set_status", "status": "closed"}])
    ticket = make_ticket(requester, subject="Still here")
    ticket.refresh_from_db()
    assert ticket.status == "new" and ticket.subject == "Still here"
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.RULE_APPLIED)
    assert event.data["error"] and event.data["changes"] == []


def test_bad_rules_are_refused_when_saved(rule, identity):
    with pytest.raises(ValidationError) as refused:
        rule(conditions={"all": [{"field": "subject", "operator": "matches", "value": "(oops"}]}, actions=[])
    assert set(refused.value.message_dict) == {"conditions", "actions"}
    with pytest.raises(ValidationError) as refused:
        rule(actions=[{"type": "assign_group", "group": 999_999}, {"type": "fly"}])
    assert refused.value.message_dict["actions"] == [
        "#1: There is no group 999999.",
        "#2: Unknown action 'fly'.",
    ]
    with pytest.raises(ValidationError):
        rule(trigger=Trigger.TIME, actions=[{"type": "add_tag", "tag": "x"}])  # a time rule needs its wait


def test_only_admins_write_rules(agent):
    from django.core.exceptions import PermissionDenied

    from moked.automation import services

    with pytest.raises(PermissionDenied):
        services.create_rule(
            agent, name="Mine", trigger="ticket_created", actions=[{"type": "add_tag", "tag": "x"}]
        )


def test_catch_and_dispatch_tickets_are_handed_to_the_clients_team(admin, rule, org, requester):
    from moked.automation import services
    from moked.mail.models import OutboundMessage
    from tests.factories import ServiceFactory

    erp = ServiceFactory(
        organisation=org,
        name="ERP",
        service_model="catch_and_dispatch",
        dispatch_team="ERP application team",
        dispatch_contact="it-apps@acme.example (on call: +972 3 555 0000)",
    )
    template = services.create_email_template(
        admin,
        name="Forward",
        subject="{{ ticket.subject }}",
        body="Hello {{ recipient.name }}: {{ ticket.reference }}",
    )
    rule(
        "Dispatch",
        conditions={"all": [{"field": "service_model", "operator": "is", "value": "catch_and_dispatch"}]},
        actions=[{"type": "send_email", "template": template.pk, "to": "service_team"}],
    )
    ticket = make_ticket(requester, service=erp, subject="Invoice run failed")
    message = OutboundMessage.objects.get(kind=OutboundMessage.Kind.AUTOMATIC)
    assert message.recipients == ["it-apps@acme.example"]
    assert message.subject == f"[{ticket.reference}] Invoice run failed"
    assert message.text == f"Hello ERP application team: {ticket.reference}"
    assert (
        make_ticket(requester, subject="Not dispatched")
        and OutboundMessage.objects.filter(kind=OutboundMessage.Kind.AUTOMATIC).count() == 1
    )


def test_a_breach_rule_escalates_with_its_reason(rule, requester, agent, desk, identity):
    rule(
        "Escalate breaches",
        trigger=Trigger.SLA_BREACH,
        actions=[{"type": "escalate", "group": identity.pk, "reason": "Resolution target missed"}],
    )
    ticket = make_ticket(requester)
    tickets.update_ticket(agent, ticket, {"group": desk, "assignee": agent})
    log = EventLog(ticket, None, EventChannel.SYSTEM, ticket.created_at)
    log.add(EventKind.SLA_BREACHED, is_public=False)
    log.save()
    ticket.refresh_from_db()
    assert (ticket.group, ticket.assignee, ticket.functional_escalations) == (identity, None, 1)
    assert ticket.escalations.get().reason == "Resolution target missed"


def test_a_rule_can_resolve(rule, requester, agent):
    rule(
        "Duplicates resolve themselves",
        trigger=Trigger.TICKET_UPDATED,
        conditions={"all": [{"field": "tags", "operator": "contains", "value": "duplicate"}]},
        actions=[{"type": "set_status", "status": "resolved", "resolution_code": "duplicate"}],
    )
    ticket = make_ticket(requester)
    tickets.update_ticket(agent, ticket, {"assignee": agent, "tags": ["duplicate"]})
    ticket.refresh_from_db()
    assert (ticket.status, ticket.resolution_code) == ("resolved", "duplicate")


def test_the_remaining_actions_and_the_warning_trigger(rule, org, requester, agent, desk):
    from tests.factories import ServiceFactory

    vpn = ServiceFactory(organisation=org, name="VPN")
    rule(
        "Warning: hand to Avi",
        trigger=Trigger.SLA_WARNING,
        organisation=org,
        actions=[
            {"type": "assign_agent", "agent": agent.pk},
            {"type": "remove_tag", "tag": "later"},
            {"type": "set_field", "field": "service", "value": vpn.pk},
            {"type": "set_field", "field": "tier", "value": 2},
            {"type": "set_field", "field": "impact", "value": 1},
        ],
    )
    ticket = make_ticket(requester, actor=agent, tags=["later", "vpn"])
    tickets.update_ticket(agent, ticket, {"group": desk})
    log = EventLog(ticket, None, EventChannel.SYSTEM, ticket.created_at)
    log.add(EventKind.SLA_WARNING, is_public=False)
    log.save()
    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.service, ticket.tier, ticket.impact) == (agent, vpn, 2, 1)
    assert list(ticket.tag_links.values_list("name", flat=True)) == ["vpn"]
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.RULE_APPLIED)
    assert event.data["trigger"] == "sla_warning" and len(event.data["changes"]) == 5


def test_a_service_of_another_organisation_is_refused(rule, other_org, org):
    from tests.factories import ServiceFactory

    theirs = ServiceFactory(organisation=other_org)
    with pytest.raises(ValidationError) as refused:
        rule(organisation=org, actions=[{"type": "set_field", "field": "service", "value": theirs.pk}])
    assert "There is no service" in refused.value.message_dict["actions"][0]
