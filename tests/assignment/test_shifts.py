"""Working hours (an SLA business calendar per agent) and absences decide who is available."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from moked.assignment import services
from moked.assignment.models import Absence, AgentProfile
from moked.businesstime.models import Calendar
from moked.tickets.models import EventChannel
from tests.factories import make_ticket

pytestmark = pytest.mark.django_db

# Instants in UTC, and what they are in Tel Aviv and Helsinki (both UTC+2 in winter, +3 in summer).
TUESDAY_MORNING = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)  # 10:00 in both: both offices open
MONDAY_EVENING = datetime(2026, 3, 9, 18, 0, tzinfo=UTC)  # 20:00 in both: both closed
FRIDAY_MORNING = datetime(2026, 3, 13, 8, 0, tzinfo=UTC)  # Israeli weekend, Finnish work day
SUNDAY_MORNING = datetime(2026, 3, 15, 8, 0, tzinfo=UTC)  # Israeli work day, Finnish weekend
YOM_KIPPUR = datetime(2026, 9, 21, 7, 0, tzinfo=UTC)  # Monday 10:00: Israeli holiday
EPIPHANY = datetime(2026, 1, 6, 8, 0, tzinfo=UTC)  # Tuesday 10:00: Finnish holiday


@pytest.fixture
def shifts(agents, israeli_hours, finnish_hours):
    """avi works Israeli office hours, bea Finnish ones, cem has no calendar (always on shift)."""
    AgentProfile.objects.create(person=agents[0], calendar=israeli_hours)
    AgentProfile.objects.create(person=agents[1], calendar=finnish_hours)
    return agents


@pytest.mark.parametrize(
    ("at", "on_shift"),
    [
        (TUESDAY_MORNING, ["avi", "bea", "cem"]),
        (MONDAY_EVENING, ["cem"]),
        (FRIDAY_MORNING, ["bea", "cem"]),
        (SUNDAY_MORNING, ["avi", "cem"]),
        (YOM_KIPPUR, ["bea", "cem"]),
        (EPIPHANY, ["avi", "cem"]),
    ],
)
def test_only_agents_within_their_working_hours_are_available(shifts, desk, requester, at, on_shift):
    ticket = make_ticket(requester)
    assert [agent.username for agent in services.available_agents(desk, ticket, at=at)] == on_shift
    assert [agent.username for agent in shifts if services.is_on_shift(agent, at)] == on_shift


def test_an_agent_outside_working_hours_is_skipped_now(shifts, strategy, desk, requester):
    strategy("round_robin")
    with time_machine.travel(FRIDAY_MORNING, tick=False):
        picked = []
        for _ in range(3):
            ticket = make_ticket(requester)
            picked.append(services.assign_by_strategy(None, ticket, desk, channel=EventChannel.SYSTEM))
        assert [agent.username for agent in picked] == ["bea", "cem", "bea"]
        assert services.is_on_shift(shifts[0]) is False
        assert services.is_on_shift(shifts[1]) is True


def test_working_hours_start_and_end_on_the_minute(shifts):
    opening = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)  # 08:00 in Tel Aviv
    closing = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)  # 17:00 in Tel Aviv
    assert services.is_on_shift(shifts[0], opening - timedelta(seconds=1)) is False
    assert services.is_on_shift(shifts[0], opening) is True
    assert services.is_on_shift(shifts[0], closing - timedelta(seconds=1)) is True
    assert services.is_on_shift(shifts[0], closing) is False


def test_a_night_shift_calendar(agents, admin):
    night = Calendar.objects.create(
        name="Night desk",
        timezone="Europe/Helsinki",
        weekly_hours={str(day): [["00:00", "06:00"], ["22:00", "24:00"]] for day in range(7)},
    )
    AgentProfile.objects.create(person=agents[0], calendar=night)
    assert services.is_on_shift(agents[0], MONDAY_EVENING + timedelta(hours=3)) is True  # 23:00
    assert services.is_on_shift(agents[0], TUESDAY_MORNING - timedelta(hours=5)) is True  # 05:00
    assert services.is_on_shift(agents[0], TUESDAY_MORNING) is False


def test_a_24x7_calendar_is_always_on_shift(agents):
    always = Calendar.objects.create(name="24x7", timezone="UTC", always_open=True)
    AgentProfile.objects.create(person=agents[0], calendar=always)
    assert all(services.is_on_shift(agents[0], at) for at in (MONDAY_EVENING, SUNDAY_MORNING, YOM_KIPPUR))


def test_without_a_profile_an_agent_is_always_on_shift(agents):
    assert services.is_on_shift(agents[0], MONDAY_EVENING) is True
    assert services.is_on_shift(agents[0]) is True


def test_an_absence_runs_from_its_start_up_to_its_end(agents):
    start, end = TUESDAY_MORNING, TUESDAY_MORNING + timedelta(days=3)
    Absence.objects.create(person=agents[0], starts_at=start, ends_at=end, reason="Reserve duty")
    assert services.is_absent(agents[0], start - timedelta(seconds=1)) is False
    assert services.is_absent(agents[0], start) is True
    assert services.is_absent(agents[0], end - timedelta(seconds=1)) is True
    assert services.is_absent(agents[0], end) is False
    assert services.is_absent(agents[1], start) is False


def test_absent_agents_are_not_available_even_on_shift(shifts, desk, requester):
    Absence.objects.create(
        person=shifts[2],
        starts_at=TUESDAY_MORNING - timedelta(days=1),
        ends_at=TUESDAY_MORNING + timedelta(days=1),
    )
    ticket = make_ticket(requester)
    assert [agent.username for agent in services.available_agents(desk, ticket, at=TUESDAY_MORNING)] == [
        "avi",
        "bea",
    ]
    assert services.available_agents(desk, ticket, at=MONDAY_EVENING) == []  # cem away, others off


def test_nobody_on_shift_leaves_the_ticket_waiting(shifts, strategy, desk, agents, requester, israeli_hours):
    AgentProfile.objects.filter(person=agents[2]).delete()
    AgentProfile.objects.create(person=agents[2], calendar=israeli_hours)
    strategy("least_open")
    with time_machine.travel(MONDAY_EVENING, tick=False):
        ticket = make_ticket(requester)
        assert services.assign_by_strategy(None, ticket, desk, channel=EventChannel.SYSTEM) is None
        ticket.refresh_from_db()
        assert (ticket.group, ticket.assignee) == (desk, None)


def test_now_is_the_default_and_instants_must_be_aware(agents):
    with time_machine.travel(TUESDAY_MORNING, tick=False):
        Absence.objects.create(
            person=agents[0], starts_at=timezone.now(), ends_at=timezone.now() + timedelta(hours=1)
        )
        assert services.is_absent(agents[0]) is True
    with pytest.raises(ValueError, match="aware"):
        services.is_absent(agents[0], datetime(2026, 3, 10, 8, 0))
