"""The similar tickets panel of the agent's ticket page: the same organisation's look-alikes with
their resolutions, and linking or merging with one of them in one step, checked as on the page."""

import pytest

from moked.tickets.models import TicketLink
from tests.factories import (
    AgentFactory,
    ClientManagerFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
    make_ticket,
    resolve_ticket,
)
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db

VPN = {
    "subject": "VPN disconnects every ten minutes",
    "description": "The VPN client disconnects every ten minutes.",
}


@pytest.fixture
def agent(org):
    agent = AgentFactory(serves=[org])
    GroupFactory(members=[agent])
    return agent


@pytest.fixture
def world(org, agent):
    customer = PersonFactory(organisation=org)
    solved = make_ticket(
        customer, subject="VPN disconnects after ten minutes", description="VPN drops every ten minutes."
    )
    resolve_ticket(agent, solved, code="workaround", text="Turned off the VPN idle timeout.")
    beta = OrganisationFactory(code="BETA")
    return {
        "customer": customer,
        "solved": solved,
        "open": make_ticket(
            customer, subject="VPN keeps disconnecting", description="My VPN disconnects every ten minutes."
        ),
        "unrelated": make_ticket(
            customer, subject="Coffee machine leaks", description="Water on the kitchen floor."
        ),
        "elsewhere": make_ticket(PersonFactory(organisation=beta), **VPN),
        "ticket": make_ticket(customer, **VPN),
    }


def panel(client, ticket):
    answer = client.get(f"/desk/tickets/{ticket.reference}/similar/")
    assert answer.status_code == 200
    return answer.content.decode()


def test_the_page_loads_the_panel_which_lists_the_same_organisations_look_alikes(agent, world):
    client = client_for(agent)
    page = client.get(f"/desk/tickets/{world['ticket'].reference}/").content.decode()
    assert f"/desk/tickets/{world['ticket'].reference}/similar/" in page and "Similar tickets" in page

    shown = panel(client, world["ticket"])
    assert world["solved"].reference in shown and world["open"].reference in shown
    assert "Workaround provided" in shown and "Turned off the VPN idle timeout." in shown
    assert world["unrelated"].reference not in shown
    assert world["elsewhere"].reference not in shown
    assert 'name="csrfmiddlewaretoken"' in shown
    assert f"Merge into {world['open'].reference}" in shown


def test_linking_from_the_panel_relates_the_tickets_and_then_shows_them_linked(agent, world):
    client = client_for(agent)
    ticket, other = world["ticket"], world["solved"]
    answer = client.post(
        f"/desk/tickets/{ticket.reference}/", {"action": "link", "reference": other.reference}
    )
    assert answer.status_code == 302
    link = TicketLink.objects.get()
    assert (link.ticket, link.related, link.kind) == (ticket, other, TicketLink.Kind.RELATED)
    assert 'value="link"' not in panel(client, ticket).split(other.reference, 1)[1].split("</li>", 1)[0]


def test_merging_from_the_panel_merges_this_ticket_into_the_other(agent, world):
    client = client_for(agent)
    ticket, other = world["ticket"], world["open"]
    answer = client.post(
        f"/desk/tickets/{ticket.reference}/",
        {"action": "merge", "reference": other.reference, "tell_requester": "on"},
    )
    assert answer.url == f"/desk/tickets/{other.reference}/"
    ticket.refresh_from_db()
    assert ticket.merged_into == other and ticket.status == "closed"
    # A merged ticket is no longer anyone's look-alike, and offers no merge itself.
    assert ticket.reference not in panel(client, other)
    assert "Merge into" not in panel(client, ticket)


def test_another_organisations_ticket_cannot_be_linked_or_merged(agent, world):
    client = client_for(agent)
    ticket, elsewhere = world["ticket"], world["elsewhere"]
    for action in ("link", "merge"):
        page = client.post(
            f"/desk/tickets/{ticket.reference}/",
            {"action": action, "reference": elsewhere.reference},
            follow=True,
        ).content.decode()
        assert f"There is no ticket {elsewhere.reference}" in page
    assert not TicketLink.objects.exists()
    ticket.refresh_from_db()
    assert ticket.merged_into is None


def test_clients_and_staff_of_other_organisations_get_nothing(org, world):
    ticket = world["ticket"]
    for person in (world["customer"], ClientManagerFactory(organisation=org)):
        assert client_for(person).get(f"/desk/tickets/{ticket.reference}/similar/").status_code == 403
        client_for(person).post(
            f"/desk/tickets/{ticket.reference}/", {"action": "link", "reference": world["open"].reference}
        )
    stranger = AgentFactory(serves=[world["elsewhere"].organisation])
    assert client_for(stranger).get(f"/desk/tickets/{ticket.reference}/similar/").status_code == 404
    assert not TicketLink.objects.exists()


def test_without_look_alikes_the_panel_says_so(org, agent):
    lonely = make_ticket(
        PersonFactory(organisation=org), subject="Badge reader broken", description="At the door."
    )
    assert "No similar ticket in this organisation." in panel(client_for(agent), lonely)
