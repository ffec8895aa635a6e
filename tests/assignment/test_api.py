"""The assignment API: strategies, profiles, absences and assigning a ticket, for staff only."""

import pytest

from moked.assignment.models import Absence, AgentProfile, GroupAssignment
from moked.businesstime.services import create_calendar
from tests.factories import (
    AdminFactory,
    AgentFactory,
    ClientManagerFactory,
    GroupFactory,
    OrganisationFactory,
    make_ticket,
)

pytestmark = pytest.mark.django_db

MINE = {"starts_at": "2026-12-01T00:00:00Z", "ends_at": "2026-12-05T00:00:00Z", "reason": "Leave"}


def assert_invalid(response, field):
    """A 400 in the project's error format, naming the field."""
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["code"] == "invalid" and field in body["errors"], body


# --- strategies ----------------------------------------------------------------------------------


def test_the_groups_lead_sets_its_strategy_and_others_cannot(api_as, desk, lead, agents):
    url = f"/api/v1/groups/{desk.pk}/assignment/"
    assert api_as(agents[0]).get(url).json() == {"strategy": "manual"}
    assert api_as(agents[0]).put(url, {"strategy": "round_robin"}).status_code == 403
    assert api_as(lead).put(url, {"strategy": "round_robin"}).json() == {"strategy": "round_robin"}
    assert api_as(AdminFactory()).get(url).json() == {"strategy": "round_robin"}


def test_a_bad_strategy_is_a_400_and_changes_nothing(api_as, desk, lead):
    url = f"/api/v1/groups/{desk.pk}/assignment/"
    assert_invalid(api_as(lead).put(url, {"strategy": "fastest"}, format="json"), "strategy")
    assert_invalid(api_as(lead).put(url, {}, format="json"), "strategy")
    assert not GroupAssignment.objects.exists()


def test_clients_never_see_a_groups_strategy(api_as, desk, org, requester):
    url = f"/api/v1/groups/{desk.pk}/assignment/"
    for client in (ClientManagerFactory(organisation=org), requester):
        assert api_as(client).get(url).status_code == 404
        assert api_as(client).put(url, {"strategy": "round_robin"}).status_code == 404
    assert api_as(AdminFactory()).get("/api/v1/groups/999999/assignment/").status_code == 404


# --- profiles ------------------------------------------------------------------------------------


def test_skills_are_kept_as_tags(api_as, desk, lead, agents):
    url = f"/api/v1/people/{agents[0].pk}/assignment-profile/"
    changed = api_as(lead).put(url, {"skills": ["VPN", "Wi Fi"]}, format="json")
    assert changed.status_code == 200, changed.json()
    assert changed.json() == {
        "person": agents[0].pk,
        "skills": ["vpn", "wi-fi"],
        "calendar": None,
        "on_shift": True,
        "absent": False,
    }
    assert api_as(agents[1]).get(url).json()["skills"] == ["vpn", "wi-fi"]
    assert api_as(agents[1]).put(url, {"skills": ["x"]}, format="json").status_code == 403


def test_bad_skills_or_calendar_are_a_400_and_change_nothing(api_as, desk, lead, agents, admin):
    url = f"/api/v1/people/{agents[0].pk}/assignment-profile/"
    assert_invalid(api_as(lead).put(url, {"skills": ["no spaces allowed!"]}, format="json"), "skills")
    assert_invalid(api_as(lead).put(url, {"skills": "vpn"}, format="json"), "skills")
    assert_invalid(api_as(lead).put(url, {"calendar": 999999}, format="json"), "calendar")
    theirs = create_calendar(admin, organisation=OrganisationFactory(), name="Theirs")
    assert_invalid(api_as(lead).put(url, {"calendar": theirs.pk}, format="json"), "calendar")
    assert not AgentProfile.objects.exists()


def test_working_hours_show_whether_the_agent_is_on_shift(api_as, desk, agents, admin, away):
    closed = create_calendar(admin, name="Never", timezone="UTC", weekly_hours={})
    url = f"/api/v1/people/{agents[0].pk}/assignment-profile/"
    answer = api_as(admin).put(url, {"calendar": closed.pk}, format="json").json()
    assert (answer["calendar"], answer["on_shift"]) == (closed.pk, False)
    away(agents[0])
    assert api_as(agents[1]).get(url).json()["absent"] is True


def test_clients_never_see_profiles(api_as, agents, org, requester):
    url = f"/api/v1/people/{agents[0].pk}/assignment-profile/"
    for client in (ClientManagerFactory(organisation=org), requester):
        assert api_as(client).get(url).status_code == 404
        assert api_as(client).put(url, {"skills": ["x"]}, format="json").status_code == 404
    client_url = f"/api/v1/people/{requester.pk}/assignment-profile/"
    assert api_as(AdminFactory()).get(client_url).status_code == 404  # not an agent


# --- absences ------------------------------------------------------------------------------------


def test_agents_record_their_own_absence(api_as, agents):
    client = api_as(agents[0])
    mine = {**MINE, "person": agents[0].pk}
    created = client.post("/api/v1/absences/", mine, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["reason"] == "Leave"
    assert_invalid(client.post("/api/v1/absences/", {**mine, "ends_at": "2026-11-30T00:00:00Z"}), "ends_at")
    assert_invalid(client.post("/api/v1/absences/", {**mine, "starts_at": "soon"}), "starts_at")
    assert client.post("/api/v1/absences/", {**mine, "person": agents[1].pk}).status_code == 403
    assert Absence.objects.count() == 1


def test_absences_are_changed_and_deleted_by_those_who_keep_them(api_as, desk, agents, lead):
    absence = Absence.objects.create(
        person=agents[0], starts_at="2026-12-01T00:00:00Z", ends_at="2026-12-05T00:00:00Z"
    )
    url = f"/api/v1/absences/{absence.pk}/"
    assert api_as(agents[1]).patch(url, {"reason": "x"}, format="json").status_code == 403
    assert api_as(agents[1]).delete(url).status_code == 403
    assert_invalid(api_as(lead).patch(url, {"ends_at": "2026-11-01T00:00:00Z"}, format="json"), "ends_at")
    assert api_as(lead).patch(url, {"reason": "Training"}, format="json").json()["reason"] == "Training"
    absence.refresh_from_db()
    assert (absence.reason, absence.ends_at.day) == ("Training", 5)
    assert api_as(agents[0]).delete(url).status_code == 204
    assert not Absence.objects.exists()


def test_staff_list_absences_and_clients_see_none(api_as, agents, org, requester):
    Absence.objects.create(person=agents[0], starts_at="2026-12-01T00:00:00Z", ends_at="2026-12-05T00:00:00Z")
    Absence.objects.create(person=agents[1], starts_at="2027-01-01T00:00:00Z", ends_at="2027-01-02T00:00:00Z")
    listed = api_as(agents[2]).get("/api/v1/absences/", {"person": agents[0].pk}).json()["results"]
    assert [row["person"] for row in listed] == [agents[0].pk]
    later = api_as(agents[2]).get("/api/v1/absences/", {"ends_after": "2026-12-31T00:00:00Z"}).json()
    assert [row["person"] for row in later["results"]] == [agents[1].pk]
    for client in (ClientManagerFactory(organisation=org), requester):
        assert api_as(client).get("/api/v1/absences/").json()["results"] == []
        absence = Absence.objects.first()
        assert api_as(client).get(f"/api/v1/absences/{absence.pk}/").status_code == 404
        assert api_as(client).post("/api/v1/absences/", {**MINE, "person": agents[0].pk}).status_code == 400
    assert Absence.objects.count() == 2


# --- assigning a ticket --------------------------------------------------------------------------


def test_assign_a_ticket_by_strategy(api_as, desk, agents, requester, strategy):
    strategy("least_open")
    ticket = make_ticket(requester)
    answer = api_as(agents[1]).post(
        f"/api/v1/tickets/{ticket.reference}/assign-by-strategy/", {"group": desk.pk}
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json() == {
        "assigned": True,
        "assignee": agents[0].pk,
        "name": "Avi",
        "group": desk.pk,
        "strategy": "least_open",
        "message": "",
    }
    ticket.refresh_from_db()
    assert (ticket.group, ticket.assignee) == (desk, agents[0])
    event = ticket.events.get(field="assignee")
    assert (event.actor, event.channel) == (agents[1], "api")


def test_the_tickets_own_group_is_the_default(api_as, desk, agents, requester, strategy):
    strategy("round_robin")
    ticket = make_ticket(requester, actor=agents[0], group=desk)
    url = f"/api/v1/tickets/{ticket.reference}/assign-by-strategy/"
    assert api_as(agents[0]).post(url).json()["assignee"] == agents[0].pk


def test_nobody_available_is_said_clearly(api_as, desk, agents, requester, strategy, away):
    strategy("round_robin")
    for agent in agents:
        away(agent)
    ticket = make_ticket(requester)
    answer = api_as(agents[0]).post(
        f"/api/v1/tickets/{ticket.reference}/assign-by-strategy/", {"group": desk.pk}
    )
    assert answer.status_code == 200
    body = answer.json()
    assert (body["assigned"], body["assignee"]) == (False, None)
    assert "Nobody in Service desk is available now" in body["message"]
    ticket.refresh_from_db()
    assert (ticket.group, ticket.assignee) == (desk, None)


def test_a_manual_group_says_so(api_as, desk, agents, requester):
    ticket = make_ticket(requester)
    answer = api_as(agents[0]).post(
        f"/api/v1/tickets/{ticket.reference}/assign-by-strategy/", {"group": desk.pk}
    )
    assert answer.json()["assigned"] is False and "by hand" in answer.json()["message"]


def test_a_ticket_without_a_group_needs_one(api_as, agents, requester):
    ticket = make_ticket(requester)
    url = f"/api/v1/tickets/{ticket.reference}/assign-by-strategy/"
    assert_invalid(api_as(agents[0]).post(url), "group")
    assert_invalid(api_as(agents[0]).post(url, {"group": 999999}), "group")
    assert_invalid(api_as(agents[0]).post(url, {"group": "desk"}), "group")


def test_an_inactive_group_is_refused(api_as, agents, requester, strategy):
    retired = GroupFactory(name="Retired", members=agents, is_active=False)
    strategy("round_robin", retired)
    ticket = make_ticket(requester)
    url = f"/api/v1/tickets/{ticket.reference}/assign-by-strategy/"
    assert_invalid(api_as(agents[0]).post(url, {"group": retired.pk}), "group")
    ticket.refresh_from_db()
    assert (ticket.group, ticket.assignee) == (None, None)


def test_tickets_of_organisations_an_agent_does_not_serve_stay_hidden(api_as, desk, org, requester, strategy):
    strategy("round_robin")
    ticket = make_ticket(requester)
    stranger = AgentFactory(serves=[OrganisationFactory()])
    desk.members.add(stranger)
    url = f"/api/v1/tickets/{ticket.reference}/assign-by-strategy/"
    assert api_as(stranger).post(url, {"group": desk.pk}).status_code == 404
    assert api_as(requester).post(url, {"group": desk.pk}).status_code == 403
    assert api_as(ClientManagerFactory(organisation=org)).post(url, {"group": desk.pk}).status_code == 403
    ticket.refresh_from_db()
    assert (ticket.group, ticket.assignee) == (None, None)
    assert not GroupAssignment.objects.filter(last_assigned__isnull=False).exists()
    for _ in range(4):  # and the strategy never hands the stranger this organisation's tickets
        other = make_ticket(requester)
        assert (
            api_as(AdminFactory())
            .post(f"/api/v1/tickets/{other.reference}/assign-by-strategy/", {"group": desk.pk})
            .json()["assignee"]
            != stranger.pk
        )


def test_an_unknown_reference_is_a_404(api_as, agents):
    assert api_as(agents[0]).post("/api/v1/tickets/INC-999999/assign-by-strategy/").status_code == 404
