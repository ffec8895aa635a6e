"""Relating and merging tickets from the agent's ticket page, and what the requester then sees."""

import pytest

from moked.tickets.models import TicketLink
from tests.factories import AgentFactory, GroupFactory, OrganisationFactory, PersonFactory, make_ticket
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(org):
    agent = AgentFactory(serves=[org])
    GroupFactory(members=[agent])
    return agent


def test_an_agent_links_and_unlinks_a_ticket_from_the_page(org, agent):
    customer = PersonFactory(organisation=org)
    one, two = make_ticket(customer, subject="Printer"), make_ticket(customer, subject="Toner")
    client = client_for(agent)
    client.post(f"/desk/tickets/{one.reference}/", {"action": "link", "reference": two.reference.lower()})
    page = client.get(f"/desk/tickets/{two.reference}/").content.decode()
    assert "Related to" in page and one.reference in page
    client.post(f"/desk/tickets/{two.reference}/", {"action": "unlink", "reference": one.reference})
    assert not TicketLink.objects.exists()


def test_a_ticket_out_of_sight_or_a_malformed_number_is_refused_with_a_reason(org, agent):
    mine = make_ticket(PersonFactory(organisation=org))
    theirs = make_ticket(PersonFactory(organisation=OrganisationFactory()))
    client = client_for(agent)
    page = client.post(
        f"/desk/tickets/{mine.reference}/", {"action": "link", "reference": theirs.reference}, follow=True
    ).content.decode()
    assert f"There is no ticket {theirs.reference}" in page
    page = client.post(
        f"/desk/tickets/{mine.reference}/", {"action": "merge", "reference": "printer"}, follow=True
    ).content.decode()
    assert "INC-000123" in page
    assert not TicketLink.objects.exists()


def test_merging_from_the_page_leads_to_the_surviving_ticket_and_tells_the_requester(org, agent):
    customer = PersonFactory(organisation=org)
    original, duplicate = make_ticket(customer, subject="VPN down"), make_ticket(customer, subject="No VPN")
    answer = client_for(agent).post(
        f"/desk/tickets/{duplicate.reference}/",
        {"action": "merge", "reference": original.reference, "tell_requester": "on"},
    )
    assert answer.url == f"/desk/tickets/{original.reference}/"
    page = client_for(agent).get(f"/desk/tickets/{duplicate.reference}/").content.decode()
    assert "This ticket was merged into" in page
    portal = client_for(customer).get(f"/portal/tickets/{duplicate.reference}/").content.decode()
    assert "This request was merged into" in portal and original.reference in portal
