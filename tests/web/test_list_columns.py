"""What a workspace list shows and understands: its columns (assignee, requester, updated), numbers
on one line, orders by subject and organisation, organisation codes in the filter, a heading that
says what is listed, filters offering only what Moked has, and overdue or near-due tickets marked."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from moked.tickets import services
from moked.tickets.models import Ticket
from tests.factories import AgentFactory, GroupFactory, OrganisationFactory, PersonFactory, make_ticket
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(galil, amir):
    agent = AgentFactory(serves=[galil, amir], name="Avi Agent")
    GroupFactory(name="Service Desk", members=[agent])
    return agent


def rows(page: str) -> list[str]:
    return re.findall(r"<tbody>(.*?)</tbody>", page, re.S)[0].split("</tr>")[:-1]


def test_a_list_shows_requester_assignee_and_when_updated(galil, agent):
    customer = PersonFactory(organisation=galil, name="Dana Cohen")
    ticket = make_ticket(customer, actor=agent, assignee=agent, subject="VPN drops")
    page = client_for(agent).get("/desk/views/all/").content.decode()
    for heading in ("Requester", "Assignee", "Updated"):
        assert f">{heading}" in page
    (row,) = rows(page)
    assert "<bdi>Dana Cohen</bdi>" in row and "<bdi>Avi Agent</bdi>" in row
    assert f'datetime="{ticket.updated_at.isoformat()}"' in row or "<time" in row
    assert f'<td class="text-nowrap"><a href="/desk/tickets/{ticket.reference}/">' in row


def test_lists_sort_by_subject_and_by_organisation(galil, amir, agent):
    make_ticket(PersonFactory(organisation=galil), subject="Beta printer")
    make_ticket(PersonFactory(organisation=amir), subject="Charlie laptop")
    make_ticket(PersonFactory(organisation=galil), subject="Alpha phone")
    client = client_for(agent)
    by_subject = client.get("/desk/views/all/", {"sort": "subject"}).content.decode()
    assert (
        by_subject.index("Alpha phone")
        < by_subject.index("Beta printer")
        < by_subject.index("Charlie laptop")
    )
    assert 'aria-sort="ascending"' in by_subject
    by_organisation = client.get("/desk/views/all/", {"sort": "-organisation"}).content.decode()
    assert by_organisation.index("Alpha phone") < by_organisation.index("Charlie laptop")  # Galil, then Amir
    assert by_organisation.index("Beta printer") < by_organisation.index("Charlie laptop")
    assert 'aria-sort="descending"' in by_organisation


def test_the_filter_understands_organisation_codes_as_the_api_does(galil, amir, agent):
    make_ticket(PersonFactory(organisation=galil), subject="Galil case")
    make_ticket(PersonFactory(organisation=amir), subject="Amir case")
    client = client_for(agent)
    for code in ("GALIL", "galil", str(galil.pk)):
        page = client.get("/desk/views/all/", {"organisation": code}).content.decode()
        assert "Galil case" in page and "Amir case" not in page, code
    page = client.get("/desk/views/all/", {"organisation": "GALIL"}).content.decode()
    assert '<option value="GALIL" selected>' in page


def test_an_organisation_code_out_of_reach_lists_nothing_and_says_so(galil, agent):
    make_ticket(PersonFactory(organisation=galil), subject="Galil case")
    OrganisationFactory(code="SECRET")
    client = client_for(agent)
    for code in ("SECRET", "NOSUCH"):
        page = client.get("/desk/views/all/", {"organisation": code}).content.decode()
        assert "Galil case" not in page
        assert f"There is no organisation {code} among those you serve." in page


def test_the_heading_says_all_tickets_when_resolved_ones_are_listed(galil, agent):
    ticket = make_ticket(PersonFactory(organisation=galil))
    services.change_status(agent, ticket, "resolved", resolution_code="solved")
    client = client_for(agent)
    heading = re.compile(r"<h1[^>]*><bdi>(.*?)</bdi></h1>")
    assert heading.search(client.get("/desk/views/all/").content.decode()).group(1) == "All open tickets"
    page = client.get("/desk/views/all/", {"status": ["resolved"]}).content.decode()
    assert heading.search(page).group(1) == "All tickets" and ticket.reference in page


def test_the_filters_offer_only_the_types_and_channels_moked_has(agent):
    page = client_for(agent).get("/desk/views/all/").content.decode()
    types = re.search(r'id="filter-type".*?</select>', page, re.S).group(0)
    channels = re.search(r'id="filter-channel".*?</select>', page, re.S).group(0)
    assert 'value="incident"' in types and 'value="service_request"' in types
    assert 'value="problem"' not in types and 'value="change"' not in types
    assert 'value="phone"' in channels and 'value="chat"' not in channels


def test_overdue_and_near_due_tickets_are_marked_in_words_and_colour(galil, agent):
    now = timezone.now()
    for subject, hours in (("Late one", -72), ("Soon one", 2), ("Later one", 30)):
        ticket = make_ticket(PersonFactory(organisation=galil), subject=subject)
        Ticket.objects.filter(pk=ticket.pk).update(sla_due_at=now + timedelta(hours=hours))
    page = client_for(agent).get("/desk/views/all/", {"sort": "due"}).content.decode()
    late, soon, later = rows(page)
    assert (
        "Late one" in late
        and '<span class="badge text-bg-danger me-1" data-due="overdue">Overdue</span>' in late
    )
    assert (
        "Soon one" in soon
        and '<span class="badge text-bg-warning me-1" data-due="soon">Due soon</span>' in soon
    )
    assert "Later one" in later and "data-due" not in later
    breaching = client_for(agent).get("/desk/views/breaching/").content.decode()
    assert "Overdue" in breaching and "Due soon" in breaching


def test_the_ticket_page_marks_an_overdue_ticket(galil, agent):
    ticket = make_ticket(PersonFactory(organisation=galil))
    Ticket.objects.filter(pk=ticket.pk).update(sla_due_at=timezone.now() - timedelta(days=3))
    page = client_for(agent).get(f"/desk/tickets/{ticket.reference}/").content.decode()
    due = re.search(r'data-testid="due">(.*?)</dd>', page, re.S).group(1)
    assert 'data-due="overdue">Overdue</span>' in due


def test_the_marks_are_translated(galil, agent):
    ticket = make_ticket(PersonFactory(organisation=galil))
    Ticket.objects.filter(pk=ticket.pk).update(sla_due_at=timezone.now() - timedelta(days=3))
    agent.language = "he"
    agent.save()
    page = client_for(agent).get("/desk/views/all/").content.decode()
    assert 'data-due="overdue">Overdue<' not in page and 'data-due="overdue">' in page


def test_a_clock_past_its_warning_share_is_marked_due_soon_on_the_ticket_page(galil, agent):
    from datetime import UTC, datetime

    import time_machine

    from moked.businesstime.services import create_calendar
    from moked.sla.services import create_policy
    from tests.factories import AdminFactory

    admin = AdminFactory()
    office = create_calendar(admin, organisation=galil, name="Around the clock", always_open=True)
    create_policy(
        admin,
        organisation=galil,
        name="Standard",
        calendar=office,
        first_response_minutes=60,
        warning_percent=75,
    )
    start = datetime(2026, 3, 8, 7, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        ticket = make_ticket(PersonFactory(organisation=galil))
    with time_machine.travel(start + timedelta(minutes=50), tick=False):
        page = client_for(agent).get(f"/desk/tickets/{ticket.reference}/").content.decode()
    clock = re.search(r'<div class="mb-2 sla-(\w+)">(.*?)</details>', page, re.S)
    assert clock.group(1) == "soon" and 'text-bg-warning">due soon</span>' in clock.group(2)
    assert 'data-due="soon">Due soon</span>' in page
