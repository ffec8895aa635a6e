"""The phone desk adds a caller nobody knew (a new person of an organisation the agent serves,
through the people services) and then logs the call."""

import pytest

from moked.people.models import Person
from moked.tickets.models import Ticket
from tests.factories import AgentFactory, GroupFactory, OrganisationFactory, PersonFactory
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(galil):
    agent = AgentFactory(serves=[galil], name="Avi Agent")
    GroupFactory(members=[agent])
    return agent


def test_nobody_found_offers_to_add_the_caller_with_what_was_typed(agent):
    client = client_for(agent)
    partial = client.get("/desk/phone/", {"q": "054-1234567", "partial": "1"}, HTTP_HX_REQUEST="true")
    assert (
        "Nobody found." in partial.content.decode() and 'data-testid="add-caller"' in partial.content.decode()
    )
    page = client.get("/desk/phone/", {"q": "054-1234567", "new": "1"}).content.decode()
    assert 'name="caller-phone"' in page and 'value="054-1234567"' in page
    page = client.get("/desk/phone/", {"q": "dana@galil.example", "new": "1"}).content.decode()
    assert 'value="dana@galil.example"' in page


def test_an_unknown_caller_is_added_and_then_the_call_is_logged(galil, agent):
    client = client_for(agent)
    answer = client.post(
        "/desk/phone/?q=Dana&new=1",
        {
            "action": "new_caller",
            "caller-name": "Dana Cohen",
            "caller-organisation": galil.pk,
            "caller-phone": "054-1234567",
            "caller-email": "",
        },
    )
    dana = Person.objects.get(name="Dana Cohen")
    assert (dana.organisation, dana.role, dana.phone, dana.email) == (galil, "end_user", "054-1234567", "")
    assert not dana.has_usable_password()
    assert answer.url == f"/desk/phone/?caller={dana.pk}"
    page = client.get(answer.url).content.decode()
    assert "Dana Cohen was added to Galil Logistics." in page and 'name="notes"' in page
    logged = client.post(
        answer.url,
        {
            "action": "call",
            "ticket": "",
            "subject": "VPN",
            "notes": "Cannot connect.",
            "impact": 3,
            "urgency": 3,
        },
    )
    ticket = Ticket.objects.get()
    assert (
        logged.url == f"/desk/tickets/{ticket.reference}/"
        and ticket.requester == dana
        and ticket.channel == "phone"
    )
    assert f"{ticket.reference} was opened for the call." in client.get(logged.url).content.decode()


def test_a_caller_needs_a_way_to_be_found_again_and_a_free_address(galil, agent):
    PersonFactory(organisation=galil, email="taken@galil.example")
    client = client_for(agent)
    post = {"action": "new_caller", "caller-name": "Noam", "caller-organisation": galil.pk}
    page = client.post(
        "/desk/phone/?new=1", {**post, "caller-phone": "", "caller-email": ""}
    ).content.decode()
    assert "phone number or e-mail address" in page
    page = client.post("/desk/phone/?new=1", {**post, "caller-email": "taken@galil.example"}).content.decode()
    assert 'role="alert"><div>Another person already has this e-mail address.</div>' in page
    assert not Person.objects.filter(name="Noam").exists()


def test_a_caller_is_added_only_to_an_organisation_the_agent_serves(galil, agent):
    elsewhere = OrganisationFactory(code="ELSE", name="Elsewhere")
    page = client_for(agent).get("/desk/phone/", {"q": "x", "new": "1"}).content.decode()
    assert "Galil Logistics" in page and "Elsewhere" not in page
    client_for(agent).post(
        "/desk/phone/?new=1",
        {
            "action": "new_caller",
            "caller-name": "Spy",
            "caller-organisation": elsewhere.pk,
            "caller-phone": "0541111111",
        },
    )
    assert not Person.objects.filter(name="Spy").exists()
