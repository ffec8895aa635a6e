"""Similar tickets reach only the ticket's own organisation.

Organisations A and B each have a ticket worded almost like A's ticket. An agent who serves both,
and an admin, are shown A's look-alike and never B's, on the page's panel and through the API.
Agents who do not serve A get "not found", client people of A are refused, and people of B get
"not found"; beside each refusal stands its positive control."""

import pytest

from tests.factories import (
    AdminFactory,
    AgentFactory,
    ClientManagerFactory,
    OrganisationFactory,
    PersonFactory,
    make_ticket,
)
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db

TEXT = {
    "subject": "Laptop docking station not detected",
    "description": "The docking station is not detected.",
}


@pytest.fixture
def world():
    a = OrganisationFactory(code="ALPHA", domains=["alpha.example"])
    b = OrganisationFactory(code="BRAVO", domains=["bravo.example"])
    people = {
        "requester": PersonFactory(organisation=a),
        "a_manager": ClientManagerFactory(organisation=a),
        "b_user": PersonFactory(organisation=b),
        "agent_of_a": AgentFactory(serves=[a]),
        "agent_of_both": AgentFactory(serves=[a, b]),
        "agent_of_b": AgentFactory(serves=[b]),
        "agent_of_none": AgentFactory(),
        "admin": AdminFactory(),
    }
    return {
        **people,
        "a_alike": make_ticket(people["requester"], **TEXT),
        "b_alike": make_ticket(people["b_user"], **TEXT),
        "ticket": make_ticket(people["requester"], **TEXT),
    }


def _page(ticket):
    return f"/desk/tickets/{ticket.reference}/similar/"


def _api(ticket):
    return f"/api/v1/tickets/{ticket.reference}/similar/"


@pytest.mark.parametrize("who", ["agent_of_a", "agent_of_both", "admin"])
def test_staff_who_serve_the_organisation_see_only_its_look_alikes(api_as, world, who):
    person, ticket = world[who], world["ticket"]
    panel = client_for(person).get(_page(ticket)).content.decode()
    assert world["a_alike"].reference in panel and world["b_alike"].reference not in panel
    shown = [item["ticket"] for item in api_as(person).get(_api(ticket)).json()]
    assert shown == [world["a_alike"].reference]


@pytest.mark.parametrize("who", ["agent_of_b", "agent_of_none"])
def test_staff_who_do_not_serve_the_organisation_find_nothing(api_as, world, who):
    person, ticket = world[who], world["ticket"]
    assert client_for(person).get(_page(ticket)).status_code == 404
    assert api_as(person).get(_api(ticket)).status_code == 404


def test_client_people_are_refused_or_find_nothing(api_as, world):
    ticket = world["ticket"]
    for who in ("requester", "a_manager"):
        assert client_for(world[who]).get(_page(ticket)).status_code == 403
        assert api_as(world[who]).get(_api(ticket)).status_code == 403
    assert client_for(world["b_user"]).get(_page(ticket)).status_code == 403
    assert api_as(world["b_user"]).get(_api(ticket)).status_code == 404
