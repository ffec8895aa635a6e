"""Clients do not tag the tickets they open: tags steer rules and assignment (a "vip" or skills
tag), so they are the service desk's to set. A client's tags are refused, through the real API,
and nothing is created."""

import pytest

from moked.tickets.models import Ticket
from tests.factories import AgentFactory, ClientManagerFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("factory", [PersonFactory, ClientManagerFactory])
def test_clients_cannot_tag_the_tickets_they_open(api_as, org, factory):
    client = factory(organisation=org)
    answer = api_as(client).post(
        "/api/v1/tickets/", {"subject": "Printer jammed", "tags": ["vip", "p1-now"]}, format="json"
    )
    assert answer.status_code == 400, answer.json()
    assert answer.json()["errors"]["tags"][0]["code"] == "not_allowed"
    assert not Ticket.objects.exists()
    untagged = api_as(client).post("/api/v1/tickets/", {"subject": "Printer jammed"}, format="json")
    assert untagged.status_code == 201 and untagged.json()["tags"] == []


def test_the_desk_tags_the_tickets_it_opens(api_as, org):
    requester = PersonFactory(organisation=org)
    agent = AgentFactory(serves=[org])
    answer = api_as(agent).post(
        "/api/v1/tickets/",
        {"subject": "Printer jammed", "requester": requester.pk, "tags": ["Printer"]},
        format="json",
    )
    assert answer.status_code == 201 and answer.json()["tags"] == ["printer"]
