"""The workspace's views as the indexes over open tickets serve them: counts that stop at a cap,
orders that read the same on both databases, and search within the open tickets."""

from datetime import timedelta

import pytest
from django.utils import timezone

from moked.tickets import services
from moked.tickets.models import Ticket
from moked.web.workspace import desk
from tests.factories import AgentFactory, GroupFactory, OrganisationFactory, PersonFactory, make_ticket
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganisationFactory(code="ACME", domains=["acme.example"])


@pytest.fixture
def agent(org):
    agent = AgentFactory(serves=[org])
    GroupFactory(members=[agent])
    return agent


@pytest.fixture
def customer(org):
    return PersonFactory(organisation=org)


def counts(person) -> dict:
    return {name: count for name, _, count in desk.counted_views(person)}


def test_each_view_is_counted(agent, customer):
    group = agent.support_groups.get()
    mine = make_ticket(customer, actor=agent, group=group, assignee=agent)
    services.change_status(agent, mine, "pending_customer", reason="Which printer?")
    make_ticket(customer, actor=agent, group=group)
    make_ticket(customer)  # not routed to a group yet
    due = make_ticket(customer, actor=agent, group=group, assignee=agent)
    Ticket.objects.filter(pk=due.pk).update(sla_due_at=timezone.now() + timedelta(hours=1))
    done = make_ticket(customer, actor=agent, group=group, assignee=agent)
    services.change_status(agent, done, "resolved", resolution_code="solved")
    assert counts(agent) == {"mine": 2, "unassigned": 2, "breaching": 1, "waiting": 1, "all": 4}


def test_a_view_past_the_cap_shows_the_cap_and_a_plus(agent, customer, monkeypatch):
    monkeypatch.setattr(desk, "COUNT_CAP", 2)
    for _ in range(2):
        make_ticket(customer)
    page = client_for(agent).get("/desk/counts/").content.decode()
    assert 'data-count="all">2</span>' in page
    make_ticket(customer)
    assert counts(agent)["all"] == "2+"
    page = client_for(agent).get("/desk/views/all/").content.decode()
    assert 'data-count="all">2+</span>' in page and 'data-count="mine">0</span>' in page


def test_tickets_without_a_due_time_come_last_going_up_and_first_going_down(agent, customer):
    now = timezone.now()
    for subject, hours in (("Due soon", 1), ("Due later", 5), ("Never due", None)):
        ticket = make_ticket(customer, subject=subject)
        due = now + timedelta(hours=hours) if hours else None
        Ticket.objects.filter(pk=ticket.pk).update(sla_due_at=due)
    client = client_for(agent)
    up = client.get("/desk/views/all/", {"sort": "due"}).content.decode()
    assert up.index("Due soon") < up.index("Due later") < up.index("Never due")
    down = client.get("/desk/views/all/", {"sort": "-due"}).content.decode()
    assert down.index("Never due") < down.index("Due later") < down.index("Due soon")


def test_ties_follow_the_direction_of_the_order(agent, customer):
    first, second = (make_ticket(customer, subject=f"Same priority {n}") for n in (1, 2))
    ordered = list(desk.ordered(desk.view_tickets(agent, "all"), "-priority"))
    assert ordered.index(second) < ordered.index(first)
    ordered = list(desk.ordered(desk.view_tickets(agent, "all"), "priority"))
    assert ordered.index(first) < ordered.index(second)


def test_a_search_in_a_view_finds_open_tickets_only(agent, customer):
    make_ticket(customer, subject="Toner zorba smudges")
    closed = make_ticket(customer, actor=agent, subject="Toner zorba empty", assignee=agent)
    services.change_status(agent, closed, "resolved", resolution_code="solved")
    page = client_for(agent).get("/desk/views/all/", {"q": "zorba"}).content.decode()
    assert "Toner zorba smudges" in page and "Toner zorba empty" not in page
    assert counts(agent)["all"] == 1


def test_views_never_show_tickets_of_organisations_out_of_reach(agent, customer):
    other = PersonFactory(organisation=OrganisationFactory())
    make_ticket(other, subject="Secret zorba merger")
    make_ticket(customer, subject="Ours zorba")
    page = client_for(agent).get("/desk/views/all/", {"q": "zorba"}).content.decode()
    assert "Ours zorba" in page and "Secret zorba" not in page
    assert counts(agent) == {"mine": 0, "unassigned": 1, "breaching": 0, "waiting": 0, "all": 1}
