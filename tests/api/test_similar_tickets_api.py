"""GET /api/v1/tickets/{ref}/similar/: the same organisation's look-alikes of a ticket, for the
staff who work it; another organisation's ticket is a 404 and a client is refused."""

import pytest

from tests.factories import (
    AgentFactory,
    ClientManagerFactory,
    OrganisationFactory,
    PersonFactory,
    make_ticket,
    resolve_ticket,
)

pytestmark = pytest.mark.django_db

PRINTER = {
    "subject": "Printer prints blank pages",
    "description": "The printer on floor two prints only blank pages.",
}


@pytest.fixture
def world(org, requester, agent):
    solved = make_ticket(
        requester, subject="Blank pages from the printer", description="Printer prints blank pages."
    )
    resolve_ticket(agent, solved, code="solved", text="Replaced the toner.")
    beta = OrganisationFactory(code="BETA")
    return {
        "solved": solved,
        "unrelated": make_ticket(
            requester, subject="Need a new mouse", description="The mouse wheel is stuck."
        ),
        "elsewhere": make_ticket(PersonFactory(organisation=beta), **PRINTER),
        "ticket": make_ticket(requester, **PRINTER),
        "beta": beta,
    }


def _similar(ticket):
    return f"/api/v1/tickets/{ticket.reference}/similar/"


def test_staff_get_the_same_organisations_look_alikes_with_their_resolutions(api_as, agent, admin, world):
    for person in (agent, admin):
        answer = api_as(person).get(_similar(world["ticket"]))
        assert answer.status_code == 200, answer.json()
        found = answer.json()
        assert [item["ticket"] for item in found] == [world["solved"].reference]
        [item] = found
        assert item["status"] == "resolved" and item["resolution_code"] == "solved"
        assert item["resolution"] == "Replaced the toner."
        assert item["subject"] == "Blank pages from the printer"
        assert 0.35 <= item["score"] <= 1 and item["label"] in {"Similar", "Very similar"}
        assert "blank pages" in item["snippet"].lower()


def test_another_organisations_ticket_never_appears_and_is_a_404(api_as, agent, world):
    client = api_as(agent)
    assert world["elsewhere"].reference not in str(client.get(_similar(world["ticket"])).json())
    assert client.get(_similar(world["elsewhere"])).status_code == 404
    beta_agent = AgentFactory(username="beta-agent", serves=[world["beta"]])
    assert api_as(beta_agent).get(_similar(world["ticket"])).status_code == 404
    assert [item["ticket"] for item in api_as(beta_agent).get(_similar(world["elsewhere"])).json()] == []


def test_clients_are_refused(api_as, org, requester, world):
    assert api_as(requester).get(_similar(world["ticket"])).status_code == 403
    assert api_as(ClientManagerFactory(organisation=org)).get(_similar(world["ticket"])).status_code == 403
    assert api_as(requester).get(_similar(world["elsewhere"])).status_code == 404


def test_the_label_is_in_the_language_asked_for(api_as, agent, world):
    [item] = api_as(agent).get(_similar(world["ticket"]), HTTP_ACCEPT_LANGUAGE="fi").json()
    assert item["label"] in {"Samankaltainen", "Hyvin samankaltainen"}
