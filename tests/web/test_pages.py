"""The pages' rules, without a browser: who may open what, and a bounded number of queries."""

import pytest
from django.test import Client

from moked.tickets import services
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


def test_sign_in_leads_staff_to_the_desk_and_clients_to_the_portal(org, agent):
    assert client_for(agent).get("/start/").url == "/desk/"
    assert client_for(PersonFactory(organisation=org)).get("/start/").url == "/portal/"
    assert Client().get("/desk/").url.startswith("/accounts/login/")


def test_clients_never_open_the_workspace_and_staff_not_the_portal(org, agent):
    customer = PersonFactory(organisation=org)
    ticket = make_ticket(customer)
    assert client_for(customer).get("/desk/").status_code == 403
    assert client_for(customer).get(f"/desk/tickets/{ticket.reference}/").status_code == 403
    assert client_for(agent).get("/portal/").status_code == 403


def test_nobody_opens_a_ticket_they_may_not_see(org, agent):
    ticket = make_ticket(PersonFactory(organisation=org), subject="Secret merger printer")
    stranger = AgentFactory(serves=[OrganisationFactory()])
    colleague = PersonFactory(organisation=org)
    assert client_for(stranger).get(f"/desk/tickets/{ticket.reference}/").status_code == 404
    assert client_for(colleague).get(f"/portal/tickets/{ticket.reference}/").status_code == 404
    assert "Secret merger" not in client_for(stranger).get("/desk/views/all/").content.decode()


def test_end_users_never_see_internal_notes(org, agent):
    customer = PersonFactory(organisation=org)
    ticket = make_ticket(customer)
    services.add_comment(agent, ticket, "vendor case 4711", public=False)
    services.add_comment(agent, ticket, "We are on it.")
    page = client_for(customer).get(f"/portal/tickets/{ticket.reference}/").content.decode()
    assert "We are on it." in page and "vendor case 4711" not in page
    assert "vendor case 4711" in client_for(agent).get(f"/desk/tickets/{ticket.reference}/").content.decode()


def test_a_refused_change_is_shown_and_changes_nothing(org, agent):
    ticket = make_ticket(PersonFactory(organisation=org))
    client = client_for(agent)
    answer = client.post(
        f"/desk/tickets/{ticket.reference}/", {"action": "status", "status": "resolved"}, follow=True
    )
    ticket.refresh_from_db()
    assert ticket.status == "new"
    assert "resolution" in answer.content.decode().lower()


@pytest.mark.parametrize("count", [3, 30])
def test_pages_cost_a_bounded_number_of_queries_whatever_their_length(
    org, agent, count, django_assert_max_num_queries
):
    customer = PersonFactory(organisation=org)
    for _ in range(count):
        make_ticket(customer)
    client = client_for(agent)
    with django_assert_max_num_queries(20):
        assert client.get("/desk/views/all/").status_code == 200
    ticket = make_ticket(customer)
    for n in range(count):
        services.add_comment(agent, ticket, f"reply {n}")
    with django_assert_max_num_queries(30):
        assert client.get(f"/desk/tickets/{ticket.reference}/").status_code == 200


WORKSPACE_PAGES = [
    "/desk/",
    "/desk/views/mine/",
    "/desk/views/unassigned/",
    "/desk/views/breaching/",
    "/desk/views/waiting/",
    "/desk/views/all/",
    "/desk/views/all/?q=printer",
    "/desk/views/unassigned/?q=printer+blank&sort=-due",
    "/desk/views/mine/?sort=priority",
    "/desk/views/waiting/?sort=-number",
    "/desk/counts/",
]


def _add_tickets(customer, agent, count: int) -> None:
    """`count` tickets spread over every view: the agent's own (some waiting on the customer, some
    due soon), unassigned ones in the agent's group, and closed ones."""
    from datetime import timedelta

    from django.utils import timezone

    from moked.tickets.models import Ticket

    group = agent.support_groups.get()
    for n in range(count):
        kind = n % 4
        ticket = make_ticket(
            customer,
            actor=agent,
            subject=f"Printer {n} prints blank pages",
            group=group,
            assignee=agent if kind in (0, 1) else None,
        )
        if kind == 1:
            services.change_status(agent, ticket, "pending_customer", reason="Asked for a photo")
        elif kind == 3:
            services.change_status(agent, ticket, "resolved", resolution_code="solved")
        if kind == 0:
            Ticket.objects.filter(pk=ticket.pk).update(sla_due_at=timezone.now() + timedelta(hours=1))


@pytest.mark.parametrize("path", WORKSPACE_PAGES)
def test_workspace_pages_cost_the_same_queries_with_4_tickets_or_40(org, agent, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    customer = PersonFactory(organisation=org)
    client = client_for(agent)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    _add_tickets(customer, agent, 4)
    few = queries()
    _add_tickets(customer, agent, 36)
    assert queries() == few <= 20


def test_the_ticket_page_applies_macros_escalates_and_changes_fields(org, agent):
    from moked.automation import services as automation
    from tests.factories import AdminFactory

    admin = AdminFactory()
    macro = automation.create_macro(admin, name="Reset sent", reply="Hi {{ requester.name }}, link sent.")
    specialists = GroupFactory(name="Identity", tier=2)
    ticket = make_ticket(PersonFactory(organisation=org, name="Dana"))
    client = client_for(agent)
    url = f"/desk/tickets/{ticket.reference}/"
    page = client.get(url).content.decode()
    assert "Reset sent" in page and "Identity (T2)" in page
    client.post(url, {"action": "macro", "macro": macro.pk})
    client.post(url, {"action": "fields", "impact": 1, "urgency": 1, "group": "", "assignee": agent.pk})
    client.post(url, {"action": "escalate", "group": specialists.pk, "reason": "Needs an identity admin"})
    ticket.refresh_from_db()
    assert ticket.comments.get().body == "Hi Dana, link sent."
    assert (ticket.priority, ticket.group, ticket.tier, ticket.functional_escalations) == (
        1,
        specialists,
        2,
        1,
    )
    answer = client.post(url, {"action": "escalate", "group": specialists.pk, "reason": ""}, follow=True)
    assert answer.status_code == 200 and ticket.escalations.count() == 1


def test_the_workspace_searches_within_a_view(org, agent):
    customer = PersonFactory(organisation=org)
    make_ticket(customer, subject="VPN drops at night")
    make_ticket(customer, subject="Printer jammed")
    page = client_for(agent).get("/desk/views/all/", {"q": "vpn"}).content.decode()
    assert "VPN drops at night" in page and "Printer jammed" not in page


def test_the_ticket_page_shows_the_sla_clocks_and_their_timeline(org, agent):
    from datetime import UTC, datetime

    import time_machine

    from moked.businesstime.services import create_calendar
    from moked.sla.services import create_policy
    from tests.factories import AdminFactory

    admin = AdminFactory()
    office = create_calendar(admin, organisation=org, name="Office hours")
    create_policy(
        admin,
        organisation=org,
        name="Standard",
        calendar=office,
        first_response_minutes=60,
        next_response_minutes=120,
        resolution_minutes=540,
    )
    sunday_nine = datetime(2026, 3, 8, 7, 0, tzinfo=UTC)  # 09:00 in Jerusalem
    with time_machine.travel(sunday_nine, tick=False):
        ticket = make_ticket(PersonFactory(organisation=org))
    with time_machine.travel(datetime(2026, 3, 8, 8, 30, tzinfo=UTC), tick=False):  # 90 minutes later
        page = client_for(agent).get(f"/desk/tickets/{ticket.reference}/").content.decode()
    assert "First response" in page and "Resolution" in page
    assert "overdue" in page  # 90 of 60 minutes: the first response is late
    assert "1 h 30 min" in page and "7 h 30 min" in page  # used, and left of the resolution's 9 h


def test_the_ticket_page_shows_the_whole_history_to_staff(org, agent):
    ticket = make_ticket(PersonFactory(organisation=org))
    services.update_ticket(agent, ticket, {"assignee": agent})
    services.change_status(agent, ticket, "pending_customer", reason="Asked for the log file")
    page = client_for(agent).get(f"/desk/tickets/{ticket.reference}/").content.decode()
    assert "Status changed" in page and "Asked for the log file" in page and "Created" in page


def test_the_workspace_sorts_by_a_column(org, agent):
    customer = PersonFactory(organisation=org)
    low = make_ticket(customer, subject="Low one", impact=3, urgency=3)
    high = make_ticket(customer, subject="High one", impact=1, urgency=1)
    client = client_for(agent)
    by_priority = client.get("/desk/views/all/", {"sort": "priority"}).content.decode()
    assert by_priority.index("High one") < by_priority.index("Low one")
    by_number = client.get("/desk/views/all/", {"sort": "number"}).content.decode()
    assert by_number.index(low.reference) < by_number.index(high.reference)
    assert client.get("/desk/views/all/", {"sort": "password"}).status_code == 200  # ignored


def test_only_admins_open_the_administration_pages(org, agent):
    from tests.factories import AdminFactory

    assert client_for(agent).get("/desk/administration/sla-policies/").status_code == 403
    assert (
        client_for(PersonFactory(organisation=org)).get("/desk/administration/sla-policies/").status_code
        == 403
    )
    assert client_for(AdminFactory()).get("/desk/administration/sla-policies/").status_code == 200
    assert client_for(AdminFactory()).get("/desk/administration/sla-policies/999999/").status_code == 404
