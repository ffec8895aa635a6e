"""Relating and merging tickets through the API."""

import pytest

from moked.tickets.models import Ticket, TicketLink
from tests.factories import OrganisationFactory, PersonFactory, make_ticket

pytestmark = pytest.mark.django_db


def test_an_agent_links_two_tickets_and_unlinks_them(api_as, agent, requester):
    one, two = make_ticket(requester, subject="Printer"), make_ticket(requester, subject="Toner")
    client = api_as(agent)
    answer = client.post(f"/api/v1/tickets/{one.reference}/links/", {"ticket": two.reference}, format="json")
    assert answer.status_code == 200, answer.json()
    assert answer.json() == [
        {"relation": "Related to", "ticket": two.reference, "subject": "Toner", "status": "new"}
    ]
    assert client.get(f"/api/v1/tickets/{two.reference}/links/").json()[0]["ticket"] == one.reference
    answer = client.post(f"/api/v1/tickets/{two.reference}/unlink/", {"ticket": one.reference}, format="json")
    assert answer.json() == [] and not TicketLink.objects.exists()


def test_a_ticket_out_of_reach_is_not_found_and_nothing_is_linked(api_as, agent, requester):
    mine = make_ticket(requester)
    theirs = make_ticket(PersonFactory(organisation=OrganisationFactory()))
    answer = api_as(agent).post(
        f"/api/v1/tickets/{mine.reference}/links/", {"ticket": theirs.reference}, format="json"
    )
    assert answer.status_code == 404
    answer = api_as(agent).post(
        f"/api/v1/tickets/{mine.reference}/links/", {"ticket": "nonsense"}, format="json"
    )
    assert answer.status_code == 400
    assert not TicketLink.objects.exists()


def test_an_agent_merges_a_duplicate_and_gets_the_surviving_ticket(api_as, agent, requester):
    original, duplicate = make_ticket(requester), make_ticket(requester)
    answer = api_as(agent).post(
        f"/api/v1/tickets/{duplicate.reference}/merge/", {"into": original.reference}, format="json"
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json()["reference"] == original.reference
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == ("closed", original)


def test_a_refused_merge_says_why_and_changes_nothing(api_as, agent, requester):
    ticket = make_ticket(requester)
    answer = api_as(agent).post(
        f"/api/v1/tickets/{ticket.reference}/merge/", {"into": ticket.reference}, format="json"
    )
    assert answer.status_code == 400 and "itself" in str(answer.json())
    answer = api_as(requester).post(
        f"/api/v1/tickets/{ticket.reference}/merge/",
        {"into": make_ticket(requester).reference},
        format="json",
    )
    assert answer.status_code == 403
    assert Ticket.objects.filter(status="closed").count() == 0
