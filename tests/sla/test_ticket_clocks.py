"""A ticket's clocks follow its timeline: hand-computed due times on real calendars."""

import pytest

from moked.businesstime.services import create_calendar
from moked.catalog.models import Service
from moked.sla.models import SlaClock, SlaSegment
from moked.sla.services import create_policy
from moked.tickets import services
from moked.tickets.models import EventKind, TicketEvent
from tests.factories import OrganisationFactory, PersonFactory, ServiceFactory, make_ticket

from .conftest import HELSINKI, JERUSALEM, TEHRAN, UTC, at

pytestmark = pytest.mark.django_db


def clocks(ticket) -> dict[str, SlaClock]:
    return {f"{c.kind}{c.sequence or ''}": c for c in SlaClock.objects.filter(ticket=ticket)}


def test_a_thursday_evening_ticket_in_israel_is_due_on_sunday(policy, customer):
    # Thursday 26 Nov 2026 18:00 IST: closed; Friday and Saturday are the weekend; Sunday 08:00
    # + 60 = 09:00 IST (07:00Z) for the first response, + 540 = 17:00 IST (15:00Z) to resolve.
    ticket = make_ticket(customer, at=at(JERUSALEM, 2026, 11, 26, 18, 0))
    first, resolution = clocks(ticket)["first_response"], clocks(ticket)["resolution"]
    assert first.due_at == at(UTC, 2026, 11, 29, 7, 0)
    assert resolution.due_at == at(UTC, 2026, 11, 29, 15, 0)
    assert (first.state, first.next_check_at) == ("running", at(UTC, 2026, 11, 29, 6, 45))  # 75% warning
    ticket.refresh_from_db()
    assert ticket.sla_due_at == first.due_at
    assert TicketEvent.objects.get(ticket=ticket, kind=EventKind.SLA_POLICY).new_label == "Standard"


def test_pending_customer_pauses_and_the_paused_time_never_counts(policy, customer, desk_agent):
    # Monday 10:00: 120 minutes count until pending at 12:00; resumed Wednesday 09:00 with 420 to
    # go: due Wednesday 16:00 IST (14:00Z).
    ticket = make_ticket(customer, at=at(JERUSALEM, 2026, 11, 23, 10, 0))
    ticket = services.update_ticket(
        desk_agent, ticket, {"assignee": desk_agent}, at=at(JERUSALEM, 2026, 11, 23, 10, 10)
    )
    services.add_comment(desk_agent, ticket, "Which printer?", at=at(JERUSALEM, 2026, 11, 23, 10, 30))
    ticket = services.change_status(
        desk_agent, ticket, "pending_customer", at=at(JERUSALEM, 2026, 11, 23, 12, 0)
    )
    resolution = clocks(ticket)["resolution"]
    assert (resolution.state, resolution.elapsed_minutes, resolution.due_at) == ("paused", 120, None)
    ticket = services.change_status(desk_agent, ticket, "in_progress", at=at(JERUSALEM, 2026, 11, 25, 9, 0))
    resolution = clocks(ticket)["resolution"]
    assert (resolution.state, resolution.due_at) == ("running", at(UTC, 2026, 11, 25, 14, 0))
    first = clocks(ticket)["first_response"]
    assert (first.state, first.elapsed_minutes, first.stopped_at) == ("met", 30, at(UTC, 2026, 11, 23, 8, 30))
    assert list(SlaSegment.objects.filter(clock=resolution).values_list("counting", "reason")) == [
        (True, "started"),
        (False, "pending_customer"),
        (True, "resumed"),
    ]


def test_a_priority_change_applies_the_new_targets_to_the_whole_elapsed_time(
    sla_admin, israel, office_hours, policy, customer, desk_agent
):
    urgent = create_policy(
        sla_admin, organisation=israel, name="P1", priority=1, calendar=office_hours, resolution_minutes=240
    )
    ticket = make_ticket(customer, at=at(JERUSALEM, 2026, 11, 23, 8, 0))  # P4: the standard 540
    ticket = services.update_ticket(
        desk_agent, ticket, {"impact": 1, "urgency": 1}, at=at(JERUSALEM, 2026, 11, 23, 13, 0)
    )
    resolution = clocks(ticket)["resolution"]
    # 300 minutes have counted; the P1 target of 240 was reached at 12:00 IST (10:00Z)
    assert (resolution.policy, resolution.target_minutes, resolution.elapsed_minutes) == (urgent, 240, 300)
    assert resolution.due_at == at(UTC, 2026, 11, 23, 10, 0)
    assert resolution.next_check_at == at(UTC, 2026, 11, 23, 9, 0)  # the warning, at 180 minutes
    event = TicketEvent.objects.filter(ticket=ticket, kind=EventKind.SLA_POLICY).last()
    assert (event.old_label, event.new_label) == ("Standard", "P1")
    # P1 sets no first-response target: that clock keeps the one it started with
    first = clocks(ticket)["first_response"]
    assert (first.policy, first.target_minutes, first.due_at) == (policy, 60, at(UTC, 2026, 11, 23, 7, 0))


def test_paused_time_stays_paused_when_the_policy_changes(
    sla_admin, israel, office_hours, policy, customer, desk_agent
):
    create_policy(
        sla_admin, organisation=israel, name="P2", priority=2, calendar=office_hours, resolution_minutes=480
    )
    ticket = make_ticket(
        customer, actor=desk_agent, assignee=desk_agent, at=at(JERUSALEM, 2026, 11, 23, 8, 0)
    )
    ticket = services.change_status(
        desk_agent, ticket, "pending_third_party", at=at(JERUSALEM, 2026, 11, 23, 9, 0)
    )
    ticket = services.update_ticket(
        desk_agent, ticket, {"impact": 1, "urgency": 2}, at=at(JERUSALEM, 2026, 11, 24, 9, 0)
    )
    resolution = clocks(ticket)["resolution"]
    assert (resolution.target_minutes, resolution.state, resolution.elapsed_minutes) == (480, "paused", 60)
    ticket = services.change_status(desk_agent, ticket, "in_progress", at=at(JERUSALEM, 2026, 11, 24, 10, 0))
    # 420 to go from Tuesday 10:00: 420 that day is 17:00 IST (15:00Z)
    assert clocks(ticket)["resolution"].due_at == at(UTC, 2026, 11, 24, 15, 0)


def test_reopening_resumes_the_resolution_clock_where_it_stopped(policy, customer, desk_agent):
    ticket = make_ticket(
        customer, actor=desk_agent, assignee=desk_agent, at=at(JERUSALEM, 2026, 11, 23, 8, 0)
    )
    ticket = services.change_status(
        desk_agent, ticket, "resolved", resolution_code="solved", at=at(JERUSALEM, 2026, 11, 23, 9, 40)
    )
    resolution = clocks(ticket)["resolution"]
    assert (resolution.state, resolution.elapsed_minutes) == ("met", 100)
    ticket = services.reopen_ticket(
        customer, ticket, reason="Still broken", at=at(JERUSALEM, 2026, 11, 24, 10, 0)
    )
    resolution = clocks(ticket)["resolution"]
    # 440 to go from Tuesday 10:00: 420 until 17:00, then Wednesday 08:00 + 20 = 08:20 IST (06:20Z)
    assert (resolution.state, resolution.stopped_at) == ("running", None)
    assert resolution.due_at == at(UTC, 2026, 11, 25, 6, 20)
    assert list(SlaSegment.objects.filter(clock=resolution).values_list("counting", "reason")) == [
        (True, "started"),
        (False, "resolved"),
        (True, "reopened"),
    ]


def test_next_responses_are_timed_from_each_customer_reply(policy, customer, desk_agent):
    ticket = make_ticket(customer, at=at(JERUSALEM, 2026, 11, 23, 8, 0))
    services.add_comment(desk_agent, ticket, "Looking", at=at(JERUSALEM, 2026, 11, 23, 8, 10))
    services.add_comment(customer, ticket, "Any news?", at=at(JERUSALEM, 2026, 11, 23, 9, 0))
    next_response = clocks(ticket)["next_response"]
    assert next_response.due_at == at(UTC, 2026, 11, 23, 9, 0)  # 11:00 IST
    services.add_comment(customer, ticket, "Hello?", at=at(JERUSALEM, 2026, 11, 23, 9, 30))  # same cycle
    services.add_comment(desk_agent, ticket, "Fixed", at=at(JERUSALEM, 2026, 11, 23, 10, 0))
    assert (clocks(ticket)["next_response"].state, clocks(ticket)["next_response"].elapsed_minutes) == (
        "met",
        60,
    )
    services.add_comment(customer, ticket, "It broke again", at=at(JERUSALEM, 2026, 11, 23, 14, 0))
    assert clocks(ticket)["next_response1"].due_at == at(UTC, 2026, 11, 23, 14, 0)  # 16:00 IST


def test_a_phone_call_is_its_own_first_response(policy, customer, desk_agent):
    ticket = services.log_call(
        desk_agent, caller=customer, subject="Printer", notes="jammed", at=at(JERUSALEM, 2026, 11, 23, 8, 0)
    )
    first = clocks(ticket)["first_response"]
    assert (first.state, first.elapsed_minutes, first.stopped_at) == ("met", 0, at(UTC, 2026, 11, 23, 6, 0))


def test_a_service_covered_24x7_counts_around_the_clock(policy, israel, customer):
    mail = ServiceFactory(organisation=israel, name="E-mail", coverage=Service.Coverage.ALWAYS)
    # Friday 27 Nov 2026 22:00 IST: the weekend does not matter; due at 23:00 IST (21:00Z)
    ticket = make_ticket(customer, service=mail, at=at(JERUSALEM, 2026, 11, 27, 22, 0))
    first = clocks(ticket)["first_response"]
    assert (first.always_open, first.due_at) == (True, at(UTC, 2026, 11, 27, 21, 0))


def test_a_split_shift_with_a_lunch_break(sla_admin, israel, customer):
    calendar = create_calendar(
        sla_admin,
        organisation=israel,
        name="Split shift",
        country="",
        weekly_hours={str(d): [["08:00", "12:00"], ["13:00", "17:00"]] for d in range(5)},
    )
    create_policy(sla_admin, organisation=israel, name="Split", calendar=calendar, first_response_minutes=60)
    # Monday 11:30: 30 minutes to lunch, 13:00 + 30 = 13:30 IST (11:30Z)
    ticket = make_ticket(customer, at=at(JERUSALEM, 2026, 11, 23, 11, 30))
    assert clocks(ticket)["first_response"].due_at == at(UTC, 2026, 11, 23, 11, 30)


def test_a_tehran_ticket_across_nowruz(sla_admin):
    iran = OrganisationFactory(code="PARS", timezone="Asia/Tehran", country="IR", domains=["pars.example"])
    calendar = create_calendar(sla_admin, organisation=iran, name="اداری")
    create_policy(sla_admin, organisation=iran, name="Standard", calendar=calendar, resolution_minutes=480)
    # Saturday 19 Mar 2022 14:00 IRST: 120 that day; Sunday 20 (Oil nationalisation day), Monday 21 to
    # Thursday 24 (Nowruz) closed, clocks forward on the 22nd; Friday off; Saturday 26 08:00 IRDT + 360
    # = 14:00 IRDT = 09:30Z
    ticket = make_ticket(PersonFactory(organisation=iran), at=at(TEHRAN, 2022, 3, 19, 14, 0))
    assert clocks(ticket)["resolution"].due_at == at(UTC, 2022, 3, 26, 9, 30)


def test_a_finnish_ticket_across_midsummer_and_the_spring_clock_change(sla_admin):
    finland = OrganisationFactory(
        code="SISU", timezone="Europe/Helsinki", country="FI", domains=["sisu.example"]
    )
    calendar = create_calendar(sla_admin, organisation=finland, name="Toimistoaika")
    create_policy(sla_admin, organisation=finland, name="Standard", calendar=calendar, resolution_minutes=120)
    requester = PersonFactory(organisation=finland)
    # Thursday 18 Jun 2026 15:00 EEST: 60 until 16:00; Friday 19 Midsummer Eve and the weekend
    # closed; Monday 22 08:00 + 60 = 09:00 EEST = 06:00Z
    midsummer = make_ticket(requester, at=at(HELSINKI, 2026, 6, 18, 15, 0))
    assert clocks(midsummer)["resolution"].due_at == at(UTC, 2026, 6, 22, 6, 0)
    # Friday 27 Mar 2026 15:00 EET (13:00Z): 60; clocks go forward on Sunday 29; Monday 30 08:00
    # EEST (05:00Z) + 60 = 06:00Z
    spring = make_ticket(requester, at=at(HELSINKI, 2026, 3, 27, 15, 0))
    assert clocks(spring)["resolution"].due_at == at(UTC, 2026, 3, 30, 6, 0)


def test_the_most_specific_policy_applies(sla_admin, israel, office_hours, policy, customer):
    provider_wide = create_calendar(sla_admin, name="Provider 24x7", timezone="UTC", always_open=True)
    create_policy(sla_admin, name="Provider default", calendar=provider_wide, resolution_minutes=1)
    vpn = ServiceFactory(organisation=israel, name="VPN")
    for_vpn = create_policy(
        sla_admin, organisation=israel, name="VPN", service=vpn, calendar=office_hours, resolution_minutes=30
    )
    create_policy(
        sla_admin, organisation=israel, name="P4", priority=4, calendar=office_hours, resolution_minutes=900
    )
    assert clocks(make_ticket(customer, service=vpn))["resolution"].policy == for_vpn
    assert clocks(make_ticket(customer))["resolution"].target_minutes == 900  # priority beats "any"
    elsewhere = PersonFactory(organisation=OrganisationFactory())
    assert clocks(make_ticket(elsewhere))["resolution"].policy.name == "Provider default"


def test_no_policy_no_clocks(customer):
    ticket = make_ticket(customer)
    assert not SlaClock.objects.filter(ticket=ticket).exists()
    ticket.refresh_from_db()
    assert ticket.sla_due_at is None
