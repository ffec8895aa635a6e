"""Clock arithmetic over segments, on a fixed calendar (pure: no database)."""

from datetime import date

import pytest

from moked.businesstime.calendar import BusinessCalendar
from moked.sla.clock import (
    COUNTED,
    OUT_OF_HOURS,
    PAUSED,
    Segment,
    crossing_instant,
    elapsed_minutes,
    timeline,
)

from .conftest import JERUSALEM, UTC, at

# Sunday to Thursday 08:00-17:00 in Jerusalem (UTC+2 in November).
CALENDAR = BusinessCalendar("Asia/Jerusalem", {d: [("08:00", "17:00")] for d in (6, 0, 1, 2, 3)})
MONDAY_10 = at(JERUSALEM, 2026, 11, 23, 10, 0)


def test_elapsed_counts_business_minutes_of_counting_segments_only():
    segments = [
        Segment(MONDAY_10, at(JERUSALEM, 2026, 11, 23, 12, 0), True, "started"),
        Segment(
            at(JERUSALEM, 2026, 11, 23, 12, 0), at(JERUSALEM, 2026, 11, 25, 9, 0), False, "pending_customer"
        ),
        Segment(at(JERUSALEM, 2026, 11, 25, 9, 0), None, True, "resumed"),
    ]
    # 120 on Monday; paused until Wednesday 09:00; then 30 minutes to 09:30
    assert elapsed_minutes(CALENDAR, segments, at(JERUSALEM, 2026, 11, 25, 9, 30)) == 150
    # 420 remain of 540 from Wednesday 09:00: due at 16:00 local, 14:00 UTC
    assert crossing_instant(CALENDAR, segments, 540) == at(UTC, 2026, 11, 25, 14, 0)


def test_a_target_crossed_in_an_earlier_segment_is_found_there():
    segments = [
        Segment(MONDAY_10, at(JERUSALEM, 2026, 11, 23, 13, 0), True, "started"),
        Segment(at(JERUSALEM, 2026, 11, 23, 13, 0), None, False, "pending_customer"),
    ]
    assert crossing_instant(CALENDAR, segments, 60) == at(JERUSALEM, 2026, 11, 23, 11, 0)
    assert crossing_instant(CALENDAR, segments, 200) is None  # paused before reaching it


def test_the_timeline_says_what_counted_what_was_out_of_hours_and_what_was_paused():
    segments = [
        Segment(at(JERUSALEM, 2026, 11, 26, 16, 0), at(JERUSALEM, 2026, 11, 29, 9, 0), True, "started"),
        Segment(
            at(JERUSALEM, 2026, 11, 29, 9, 0), at(JERUSALEM, 2026, 11, 29, 10, 0), False, "pending_customer"
        ),
    ]
    parts = timeline(CALENDAR, segments, at(JERUSALEM, 2026, 11, 30, 0, 0))
    assert [
        (
            p.kind,
            p.start.astimezone(JERUSALEM).strftime("%a %H:%M"),
            p.end.astimezone(JERUSALEM).strftime("%a %H:%M"),
            p.business_minutes,
        )
        for p in parts
    ] == [
        (COUNTED, "Thu 16:00", "Thu 17:00", 60.0),
        (OUT_OF_HOURS, "Thu 17:00", "Sun 08:00", 0.0),
        (COUNTED, "Sun 08:00", "Sun 09:00", 60.0),
        (PAUSED, "Sun 09:00", "Sun 10:00", 0.0),
    ]
    assert parts[-1].reason == "pending_customer"


def test_a_long_24x7_stretch_reads_as_one_part():
    always = BusinessCalendar.always_open("Asia/Jerusalem")
    segments = [Segment(at(UTC, 2026, 1, 1), at(UTC, 2026, 1, 31), True, "started")]
    (part,) = timeline(always, segments, at(UTC, 2026, 2, 1))
    assert (part.kind, part.business_minutes) == (COUNTED, 30 * 24 * 60)


def test_an_open_segment_is_cut_at_now():
    segments = [Segment(MONDAY_10, None, True, "started")]
    parts = timeline(CALENDAR, segments, at(JERUSALEM, 2026, 11, 23, 11, 0))
    assert [(p.kind, p.business_minutes) for p in parts] == [(COUNTED, 60.0)]


@pytest.mark.parametrize("day", [date(2026, 11, 27), date(2026, 11, 28)])
def test_weekend_days_have_no_business_intervals(day):
    assert CALENDAR.business_intervals(day) == []
