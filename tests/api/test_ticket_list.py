"""Listing tickets: filters, ordering, search and cursor pagination."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from moked.tickets import services
from tests.factories import (
    CategoryFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
    ServiceFactory,
    make_ticket,
)

pytestmark = pytest.mark.django_db


def refs(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [t["reference"] for t in response.json()["results"]]


@pytest.fixture
def board(org, requester, agent):
    """Tickets of two organisations with different fields, oldest first."""
    other_org = OrganisationFactory(code="BETA")
    agent.organisations.add(other_org)
    group = GroupFactory(members=[agent])
    service = ServiceFactory(organisation=org)
    category = CategoryFactory()
    beta_user = PersonFactory(organisation=other_org)
    start = timezone.now() - timedelta(days=10)
    tickets = {}
    with time_machine.travel(start, tick=False):
        tickets["old"] = make_ticket(requester, subject="Old VPN issue")
    with time_machine.travel(start + timedelta(days=2), tick=False):
        tickets["assigned"] = make_ticket(
            requester, actor=agent, assignee=agent, group=group, urgency=1, impact=1
        )
    with time_machine.travel(start + timedelta(days=4), tick=False):
        tickets["beta"] = make_ticket(beta_user, subject="Beta printer", service=None, tags=[])
        tickets["service"] = make_ticket(requester, service=service, category=category, channel="email")
    tickets["tagged"] = make_ticket(requester, actor=agent, tags=["vip"], ticket_type="service_request")
    resolved = services.change_status(agent, tickets["assigned"], "resolved", resolution_code="solved")
    tickets["assigned"] = resolved
    return {"tickets": tickets, "group": group, "service": service, "category": category, "beta": other_org}


def test_newest_first_by_default(api_as, agent, board):
    t = board["tickets"]
    assert refs(api_as(agent).get("/api/v1/tickets/")) == [
        t["tagged"].reference,
        t["service"].reference,
        t["beta"].reference,
        t["assigned"].reference,
        t["old"].reference,
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("organisation=BETA", ["beta"]),
        ("organisation=beta,ACME&status=new", ["tagged", "service", "beta", "old"]),
        ("status=resolved", ["assigned"]),
        ("open=true&organisation=ACME", ["tagged", "service", "old"]),
        ("open=false", ["assigned"]),
        ("priority=1", ["assigned"]),
        ("priority=4&ticket_type=service_request", ["tagged"]),
        ("channel=email", ["service"]),
        ("tag=vip", ["tagged"]),
        ("unassigned=false", ["assigned"]),
        ("assignee=me", ["assigned"]),
        ("q=vpn", ["old"]),
        ("q=beta&organisation=ACME", []),
    ],
)
def test_filters(api_as, agent, board, query, expected):
    t = board["tickets"]
    assert refs(api_as(agent).get(f"/api/v1/tickets/?{query}")) == [t[name].reference for name in expected]


def test_filters_by_related_ids(api_as, agent, requester, board):
    t, client = board["tickets"], api_as(agent)
    assert refs(client.get(f"/api/v1/tickets/?group={board['group'].pk}")) == [t["assigned"].reference]
    assert refs(client.get(f"/api/v1/tickets/?service={board['service'].pk}")) == [t["service"].reference]
    assert refs(client.get(f"/api/v1/tickets/?category={board['category'].pk}")) == [t["service"].reference]
    assert refs(client.get(f"/api/v1/tickets/?assignee={agent.pk}")) == [t["assigned"].reference]
    assert len(refs(client.get(f"/api/v1/tickets/?requester={requester.pk}"))) == 4


def test_date_ranges(api_as, agent, board):
    t, client = board["tickets"], api_as(agent)
    cutoff = (t["assigned"].created_at + timedelta(hours=1)).isoformat().replace("+00:00", "Z")
    assert refs(client.get(f"/api/v1/tickets/?created_before={cutoff}")) == [
        t["assigned"].reference,
        t["old"].reference,
    ]
    assert t["old"].reference not in refs(client.get(f"/api/v1/tickets/?created_after={cutoff}"))
    recent = (timezone.now() - timedelta(hours=1)).isoformat().replace("+00:00", "Z")
    # resolving touched the "assigned" ticket just now
    assert t["assigned"].reference in refs(client.get(f"/api/v1/tickets/?updated_after={recent}"))
    assert t["old"].reference not in refs(client.get(f"/api/v1/tickets/?updated_after={recent}"))


def test_ordering(api_as, agent, board):
    t = board["tickets"]
    assert refs(api_as(agent).get("/api/v1/tickets/?ordering=priority"))[0] == t["assigned"].reference
    assert refs(api_as(agent).get("/api/v1/tickets/?ordering=id"))[0] == t["old"].reference


def test_cursor_pagination_walks_every_ticket_once(api_as, requester, agent):
    made = [make_ticket(requester, subject=f"Ticket {n}").reference for n in range(7)]
    client, seen, url = api_as(agent), [], "/api/v1/tickets/?page_size=3"
    while url:
        body = client.get(url).json()
        seen += [t["reference"] for t in body["results"]]
        url = body["next"]
    assert seen == list(reversed(made))


def test_instants_with_any_offset_are_read_in_utc_and_impossible_ones_refused(api_as, agent):
    client = api_as(agent)
    # ISO 8601 allows offsets PostgreSQL does not (beyond ±15:59): they are turned to UTC first.
    answer = client.get("/api/v1/tickets/", {"updated_after": "9031-04-07T08:37:18-21:00"})
    assert answer.status_code == 200
    assert client.get("/api/v1/tickets/", {"created_before": "0001-01-01T00:10:00+21:00"}).status_code == 400
