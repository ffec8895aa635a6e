"""The periodic check: warnings at 75%, breaches at 100%, and what a breach sets in motion."""

import pytest

from moked.notifications.models import Notification
from moked.sla.models import SlaClock
from moked.sla.services import check_due_clocks
from moked.tickets import services
from moked.tickets.models import Escalation, EventKind, TicketEvent
from tests.factories import AgentFactory, GroupFactory, TeamLeadFactory, make_ticket

from .conftest import JERUSALEM, UTC, at

pytestmark = pytest.mark.django_db

MONDAY_8 = at(JERUSALEM, 2026, 11, 23, 8, 0)


@pytest.fixture
def specialists(israel, policy):
    lead = TeamLeadFactory(serves=[israel], name="Lea Lead", tier=2)
    group = GroupFactory(name="Network", tier=2, leads=[lead], members=[lead])
    policy.escalation_group = group
    policy.save()
    return group


@pytest.fixture
def manager(israel):
    return AgentFactory(name="Sam Manager", is_service_manager=True, serves=[israel])


def sla_events(ticket):
    return list(
        TicketEvent.objects.filter(ticket=ticket, kind__in=[EventKind.SLA_WARNING, EventKind.SLA_BREACHED])
        .order_by("at")
        .values_list("kind", "at", "data__clock")
    )


def test_a_warning_at_75_percent_then_a_breach_at_100(policy, customer, desk_agent, specialists, manager):
    ticket = make_ticket(customer, actor=desk_agent, assignee=desk_agent, at=MONDAY_8)
    assert check_due_clocks(at(JERUSALEM, 2026, 11, 23, 8, 44)) == 0  # nothing due yet

    assert check_due_clocks(at(JERUSALEM, 2026, 11, 23, 8, 50)) == 1
    warning_at = at(UTC, 2026, 11, 23, 6, 45)  # 45 of 60 minutes: 08:45 IST
    assert sla_events(ticket) == [("sla_warning", warning_at, "first_response")]
    warned = Notification.objects.get(kind="sla_warning")
    assert warned.recipient == desk_agent and ticket.reference in warned.subject

    assert check_due_clocks(at(JERUSALEM, 2026, 11, 23, 9, 5)) == 1
    breach_at = at(UTC, 2026, 11, 23, 7, 0)
    assert sla_events(ticket)[-1] == ("sla_breached", breach_at, "first_response")
    first = SlaClock.objects.get(ticket=ticket, kind="first_response")
    assert (first.state, first.breached_at, first.next_check_at) == ("breached", breach_at, None)
    ticket.refresh_from_db()
    # raised to P1, escalated to the specialists (tier 2), leaving the tier-1 agent
    assert (ticket.priority, ticket.group, ticket.tier, ticket.assignee) == (1, specialists, 2, None)
    escalation = Escalation.objects.get(ticket=ticket)
    assert escalation.actor is None and "SLA breached" in escalation.reason
    told = set(Notification.objects.filter(kind="sla_breached").values_list("recipient__name", flat=True))
    assert told == {"Lea Lead", "Sam Manager"}


def test_a_breach_is_recorded_once(policy, customer, specialists):
    ticket = make_ticket(customer, at=MONDAY_8)
    check_due_clocks(at(JERUSALEM, 2026, 11, 23, 9, 5))
    check_due_clocks(at(JERUSALEM, 2026, 11, 23, 9, 6))
    check_due_clocks(at(JERUSALEM, 2026, 11, 23, 18, 0))  # the resolution target (540) is met at 17:00
    kinds = [kind for kind, _, clock in sla_events(ticket) if clock == "first_response"]
    assert kinds == ["sla_breached"]  # missed the warning window: straight to the breach
    assert Escalation.objects.filter(ticket=ticket).count() == 1


def test_a_late_check_still_dates_the_breach_when_it_happened(policy, customer):
    ticket = make_ticket(customer, at=MONDAY_8)
    check_due_clocks(at(JERUSALEM, 2026, 11, 30, 12, 0))  # the worker was down for a week
    breaches = {clock: when for kind, when, clock in sla_events(ticket) if kind == "sla_breached"}
    assert breaches == {
        "first_response": at(UTC, 2026, 11, 23, 7, 0),
        "resolution": at(UTC, 2026, 11, 23, 15, 0),
    }


def test_a_clock_stopped_late_is_a_breach_without_escalation(policy, customer, desk_agent, specialists):
    ticket = make_ticket(customer, actor=desk_agent, assignee=desk_agent, at=MONDAY_8)
    services.add_comment(desk_agent, ticket, "Sorry for the wait", at=at(JERUSALEM, 2026, 11, 23, 10, 0))
    first = SlaClock.objects.get(ticket=ticket, kind="first_response")
    assert first.next_check_at == at(UTC, 2026, 11, 23, 6, 45)  # the missed thresholds still get checked
    check_due_clocks(at(JERUSALEM, 2026, 11, 23, 10, 1))
    first.refresh_from_db()
    assert (first.state, first.elapsed_minutes) == ("breached", 120)
    ticket.refresh_from_db()
    assert ticket.priority == 4 and not Escalation.objects.exists()  # answered already: nothing to chase


def test_a_paused_clock_is_never_breached(policy, customer, desk_agent):
    ticket = make_ticket(customer, actor=desk_agent, assignee=desk_agent, at=MONDAY_8)
    services.add_comment(desk_agent, ticket, "Please send the log", at=at(JERUSALEM, 2026, 11, 23, 8, 10))
    services.change_status(desk_agent, ticket, "pending_customer", at=at(JERUSALEM, 2026, 11, 23, 8, 20))
    resolution = SlaClock.objects.get(ticket=ticket, kind="resolution")
    assert resolution.next_check_at is None
    assert check_due_clocks(at(JERUSALEM, 2026, 12, 31, 12, 0)) == 0


def test_the_sweep_reads_only_clocks_that_are_due(policy, customer):
    tickets = [make_ticket(customer, at=at(JERUSALEM, 2026, 11, 23, hour, 0)) for hour in (8, 9, 10)]
    # at 09:50: the 08:00 ticket's first response is due (09:00), the 09:00 one's warning (09:45)
    # too; nothing of the 10:00 ticket is
    assert check_due_clocks(at(JERUSALEM, 2026, 11, 23, 9, 50)) == 2
    assert [bool(sla_events(ticket)) for ticket in tickets] == [True, True, False]
    assert [kind for kind, _, _ in sla_events(tickets[1])] == ["sla_warning"]
    assert check_due_clocks(at(JERUSALEM, 2026, 11, 23, 9, 50)) == 0  # nothing left to do until later


def test_a_breach_on_a_group_of_the_same_tier_moves_the_ticket(israel, policy, customer, desk_agent):
    other_desk = GroupFactory(name="Night desk", tier=1, leads=[TeamLeadFactory(serves=[israel])])
    policy.escalation_group = other_desk
    policy.save()
    ticket = make_ticket(customer, actor=desk_agent, assignee=desk_agent, at=MONDAY_8)
    check_due_clocks(at(JERUSALEM, 2026, 11, 23, 9, 5))
    ticket.refresh_from_db()
    assert (ticket.group, ticket.assignee, ticket.status, ticket.functional_escalations) == (
        other_desk,
        None,
        "new",
        0,
    )


def test_the_ticket_shows_its_next_due_time(policy, customer):
    ticket = make_ticket(customer, at=MONDAY_8)
    ticket.refresh_from_db()
    assert ticket.sla_due_at == at(UTC, 2026, 11, 23, 7, 0)  # the first response, before the resolution
    check_due_clocks(at(JERUSALEM, 2026, 11, 23, 9, 5))
    ticket.refresh_from_db()
    assert ticket.sla_due_at == at(UTC, 2026, 11, 23, 7, 0)  # a breached clock still runs, still first
