"""Paging through the workspace's lists: every ticket of a list once, in its order, a page at a
time (next and previous), in every order, with filters, search and saved views; and its total."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from moked.tickets import services
from moked.tickets.models import Ticket
from moked.web.workspace import desk
from moked.workspace import paging
from moked.workspace.models import SavedView
from tests.factories import AgentFactory, GroupFactory, OrganisationFactory, PersonFactory, make_ticket
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db

PAGE = 4
REFERENCE = re.compile(r'name="tickets" value="([A-Z]+-\d+)"')
NEXT = re.compile(r'href="([^"]+)" rel="next"')
PREVIOUS = re.compile(r'href="([^"]+)" rel="prev"')


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    monkeypatch.setattr(desk, "PAGE", PAGE)


@pytest.fixture
def orgs():
    return [
        OrganisationFactory(code="GALIL", name="Galil Logistics"),
        OrganisationFactory(code="AMIR", name="Amir Foods"),
        OrganisationFactory(code="ZOHAR", name="Zohar Energy"),
    ]


@pytest.fixture
def agent(orgs):
    agent = AgentFactory(serves=orgs, name="Avi Agent")
    GroupFactory(name="Service Desk", members=[agent])
    return agent


@pytest.fixture
def tickets(orgs, agent):
    """Fourteen open tickets with ties in every order, some without an SLA due time, and one
    closed ticket."""
    now = timezone.now()
    made = []
    for n in range(14):
        customer = PersonFactory(organisation=orgs[n % 3])
        level = 1 + n % 3
        ticket = make_ticket(
            customer, subject=f"Case {('alpha', 'bravo', 'charlie')[n % 3]}", impact=level, urgency=level
        )
        due = None if n % 4 == 0 else now + timedelta(hours=n % 5)
        Ticket.objects.filter(pk=ticket.pk).update(sla_due_at=due, updated_at=now - timedelta(minutes=n % 2))
        made.append(ticket)
    close(agent, made[1])
    return Ticket.objects.exclude(pk=made[1].pk)


def close(agent, ticket):
    services.change_status(agent, ticket, "resolved", resolution_code="solved")
    services.change_status(agent, ticket, "closed")


def walk(client, address):
    """The references of every page from `address` on, following "next"; and the pages' addresses."""
    seen, addresses = [], []
    while address:
        addresses.append(address)
        page = client.get(address).content.decode()
        seen.extend(REFERENCE.findall(page))
        link = NEXT.search(page)
        address = _path(address, link.group(1)) if link else None
        assert len(addresses) < 20
    return seen, addresses


def _path(address, link):
    return address.split("?")[0] + link.replace("&amp;", "&")


SORTS = ["", "number", "-number", "priority", "-priority", "status", "-status", "due", "-due"]
SORTS += ["updated", "-updated", "subject", "-subject", "organisation", "-organisation"]


@pytest.mark.parametrize("sort", SORTS)
def test_paging_shows_every_ticket_once_in_the_order_of_the_list(agent, tickets, sort):
    client = client_for(agent)
    address = "/desk/views/all/" + (f"?sort={sort}" if sort else "")
    expected = desk.ordered(desk.view_tickets(agent, "all"), sort)
    assert len(expected) == 13
    seen, addresses = walk(client, address)
    assert seen == [ticket.reference for ticket in expected]
    assert len(addresses) == 4  # 4 + 4 + 4 + 1
    # and back again, page by page, from the last page
    back = []
    page = client.get(addresses[-1]).content.decode()
    back = REFERENCE.findall(page) + back
    while link := PREVIOUS.search(page):
        page = client.get(_path(address, link.group(1))).content.decode()
        back = REFERENCE.findall(page) + back
    assert back == seen


def test_the_position_and_the_total_are_shown(agent, tickets):
    client = client_for(agent)
    _, addresses = walk(client, "/desk/views/all/")
    assert "Tickets 1 to 4 of 13" in client.get(addresses[0]).content.decode()
    assert "Tickets 5 to 8 of 13" in client.get(addresses[1]).content.decode()
    last = client.get(addresses[-1]).content.decode()
    assert "Tickets 13 to 13 of 13" in last and 'rel="next"' not in last


def test_past_the_cap_the_total_says_more_than(agent, tickets, monkeypatch):
    monkeypatch.setattr(paging, "TOTAL_CAP", 10)
    page = client_for(agent).get("/desk/views/all/").content.decode()
    assert "Tickets 1 to 4 of more than 10" in page


def test_paging_keeps_the_filters_and_the_search(agent, tickets, orgs):
    client = client_for(agent)
    seen, _ = walk(client, "/desk/views/all/?organisation=GALIL&sort=-subject")
    galil = [
        t.reference
        for t in desk.ordered(desk.view_tickets(agent, "all"), "-subject")
        if t.organisation == orgs[0]
    ]
    assert seen == galil and len(galil) == 4 + 1
    seen, addresses = walk(client, "/desk/views/all/?q=bravo&sort=priority&organisation=amir")
    bravo = desk.ordered(desk.view_tickets(agent, "all", "bravo"), "priority")
    assert seen == [t.reference for t in bravo] and len(seen) == 4 and len(addresses) == 1
    seen, addresses = walk(client, "/desk/views/all/?q=bravo&sort=-updated")
    assert len(seen) == 4 and len(addresses) == 1


def test_the_history_of_an_organisation_pages_past_the_open_tickets(agent, orgs):
    customer = PersonFactory(organisation=orgs[0])
    for n in range(6):
        close(agent, make_ticket(customer, subject=f"Old case {n}"))
    seen, addresses = walk(client_for(agent), "/desk/views/all/?status=closed&organisation=GALIL")
    assert len(seen) == 6 and len(addresses) == 2
    page = client_for(agent).get(addresses[0]).content.decode()
    assert re.search(r"<h1[^>]*><bdi>(.*?)</bdi></h1>", page).group(1) == "All tickets"


def test_a_saved_view_pages_and_sorts_by_a_heading(agent, tickets):
    client = client_for(agent)
    client.post("/desk/saved/", {"name": "Galil", "base": "all", "query": "organisation=GALIL&sort=subject"})
    view = SavedView.objects.get()
    seen, addresses = walk(client, f"/desk/saved/{view.pk}/")
    assert len(seen) == 5 and all(a.startswith(f"/desk/saved/{view.pk}/") for a in addresses)
    by_number, _ = walk(client, f"/desk/saved/{view.pk}/?sort=-number")
    assert by_number == sorted(seen, key=lambda r: -int(r.split("-")[1]))
    assert SavedView.objects.get().sort == "subject"  # a heading does not change the view


# garbage; {"x": 1}; an id that is not a number; an id past the column's range
@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "eyJ4IjoxfQ",
        "W1sieCJdLCA0LCAwLCAiLWlkIl0",
        "W1sxMTgwNTkxNjIwNzE3NDExMzAzNDI0XSwgNCwgMCwgIi1pZCJd",
    ],
)
def test_a_cursor_that_is_not_understood_starts_at_the_first_page(agent, tickets, cursor):
    page = client_for(agent).get("/desk/views/all/", {"cursor": cursor})
    assert page.status_code == 200 and "Tickets 1 to 4 of 13" in page.content.decode()


def test_a_cursor_of_another_order_starts_at_the_first_page(agent, tickets):
    client = client_for(agent)
    _, addresses = walk(client, "/desk/views/all/?sort=priority")
    cursor = addresses[1].split("cursor=")[1]
    page = client.get(f"/desk/views/all/?sort=subject&cursor={cursor}").content.decode()
    assert "Tickets 1 to 4 of 13" in page


def test_every_page_costs_the_same_queries(agent, tickets):
    client = client_for(agent)
    _, addresses = walk(client, "/desk/views/all/?sort=organisation")
    counts = []
    for address in addresses[:3]:
        with CaptureQueriesContext(connection) as captured:
            client.get(address)
        counts.append(len(captured))
    assert counts[0] == counts[1] == counts[2] <= 22
