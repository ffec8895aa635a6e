"""The assignment API: strategies, profiles, absences and assigning a ticket, for staff only."""

import pytest

from moked.assignment.models import Absence
from tests.factories import AdminFactory, AgentFactory, ClientManagerFactory, OrganisationFactory, make_ticket

pytestmark = pytest.mark.django_db


def test_the_groups_lead_sets_its_strategy_and_others_cannot(api_as, desk, lead, agents):
    url = f"/api/v1/groups/{desk.pk}/assignment/"
    assert api_as(agents[0]).get(url).json() == {"strategy": "manual"}
    assert api_as(agents[0]).put(url, {"strategy": "round_robin"}).status_code == 403
    assert api_as(lead).put(url, {"strategy": "round_robin"}).json() == {"strategy": "round_robin"}
    assert api_as(lead).put(url, {"strategy": "fastest"}).status_code == 400
    assert api_as(AdminFactory()).get(url).json() == {"strategy": "round_robin"}
    assert api_as(ClientManagerFactory(organisation=lead.organisations.get())).get(url).status_code == 404


def test_skills_are_kept_as_tags(api_as, desk, lead, agents):
    url = f"/api/v1/people/{agents[0].pk}/assignment-profile/"
    changed = api_as(lead).put(url, {"skills": ["VPN", "Wi Fi"]}, format="json")
    assert changed.status_code == 200, changed.json()
    assert changed.json()["skills"] == ["vpn", "wi-fi"] and changed.json()["on_shift"] is True
    assert api_as(agents[1]).put(url, {"skills": ["x"]}, format="json").status_code == 403
    assert api_as(lead).put(url, {"skills": ["no spaces allowed!"]}, format="json").status_code == 400


def test_agents_record_their_own_absence(api_as, agents):
    client = api_as(agents[0])
    mine = {"person": agents[0].pk, "starts_at": "2026-12-01T00:00:00Z", "ends_at": "2026-12-05T00:00:00Z"}
    assert client.post("/api/v1/absences/", mine, format="json").status_code == 201
    backwards = {**mine, "ends_at": "2026-11-30T00:00:00Z"}
    assert client.post("/api/v1/absences/", backwards, format="json").status_code == 400
    someone_else = {**mine, "person": agents[1].pk}
    assert client.post("/api/v1/absences/", someone_else, format="json").status_code == 403
    assert Absence.objects.count() == 1


def test_assign_a_ticket_by_strategy(api_as, desk, lead, agents, requester, strategy):
    strategy("least_open")
    ticket = make_ticket(requester)
    answer = api_as(agents[0]).post(
        f"/api/v1/tickets/{ticket.reference}/assign-by-strategy/", {"group": desk.pk}
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json()["assignee"] == agents[0].pk
    ticket.refresh_from_db()
    assert (ticket.group, ticket.assignee) == (desk, agents[0])


def test_a_ticket_without_a_group_needs_one(api_as, agents, requester):
    ticket = make_ticket(requester)
    answer = api_as(agents[0]).post(f"/api/v1/tickets/{ticket.reference}/assign-by-strategy/")
    assert answer.status_code == 400


def test_tickets_of_organisations_an_agent_does_not_serve_stay_hidden(api_as, desk, requester):
    ticket = make_ticket(requester)
    stranger = AgentFactory(serves=[OrganisationFactory()])
    url = f"/api/v1/tickets/{ticket.reference}/assign-by-strategy/"
    assert api_as(stranger).post(url, {"group": desk.pk}).status_code == 404
    assert api_as(requester).post(url, {"group": desk.pk}).status_code == 403
