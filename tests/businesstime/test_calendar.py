"""Tests of moked.businesstime.calendar: hand-computed cases, validation, and properties.

Local offsets used in the arithmetic below: Helsinki EET +02:00 / EEST +03:00; New York
EST -05:00 / EDT -04:00; Tehran IRST +03:30 / IRDT +04:30 (DST until 2022, switching at
local midnight); Lord Howe +10:30 / +11:00 (a 30-minute DST).
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from moked.businesstime.calendar import BusinessCalendar
from tests.examples import examples

HELSINKI = ZoneInfo("Europe/Helsinki")
NEW_YORK = ZoneInfo("America/New_York")
TEHRAN = ZoneInfo("Asia/Tehran")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")

WEEKDAYS = range(5)
SPLIT_SHIFT = [("08:00", "12:00"), ("13:00", "17:00")]


def utc(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=UTC)


def local(zone: ZoneInfo, *fields: int) -> datetime:
    return datetime(*fields, tzinfo=zone)


def helsinki_split_shift(**options) -> BusinessCalendar:
    """Mon-Fri 08:00-12:00 and 13:00-17:00 in Helsinki: 480 business minutes a day."""
    return BusinessCalendar("Europe/Helsinki", dict.fromkeys(WEEKDAYS, SPLIT_SHIFT), **options)


# -- hand-computed cases ---------------------------------------------------------------
# 2025-01-13 is a Monday; Helsinki is on EET (+02:00) all January.


class TestSplitShift:
    def test_lunch_break_is_skipped(self):
        # 11:00 + 120: 60 minutes to 12:00, lunch 12:00-13:00, 60 more -> 14:00 local.
        start = local(HELSINKI, 2025, 1, 13, 11, 0)
        assert helsinki_split_shift().add_business_minutes(start, 120) == utc(2025, 1, 13, 12, 0)

    def test_start_before_opening_waits_for_it(self):
        # 06:00 is before opening: the clock starts at 08:00 -> 08:30 local.
        start = local(HELSINKI, 2025, 1, 13, 6, 0)
        assert helsinki_split_shift().add_business_minutes(start, 30) == utc(2025, 1, 13, 6, 30)

    def test_start_on_weekend_waits_for_monday(self):
        # Saturday 10:00 -> Monday 08:00 + 30 = 08:30 local.
        start = local(HELSINKI, 2025, 1, 18, 10, 0)
        assert helsinki_split_shift().add_business_minutes(start, 30) == utc(2025, 1, 20, 6, 30)

    def test_start_exactly_at_closing_continues_after_lunch(self):
        # 12:00 is a closing time: nothing elapses until 13:00 -> 13:30 local.
        start = local(HELSINKI, 2025, 1, 13, 12, 0)
        assert helsinki_split_shift().add_business_minutes(start, 30) == utc(2025, 1, 13, 11, 30)

    def test_minutes_running_out_at_closing_give_the_closing_time(self):
        # 08:00 + 240 = exactly 12:00, the closing time, not the 13:00 reopening.
        start = local(HELSINKI, 2025, 1, 13, 8, 0)
        assert helsinki_split_shift().add_business_minutes(start, 240) == utc(2025, 1, 13, 10, 0)

    def test_start_at_friday_closing_rolls_to_monday(self):
        # Friday 17:00 + 1 -> Monday 08:01 local.
        start = local(HELSINKI, 2025, 1, 17, 17, 0)
        assert helsinki_split_shift().add_business_minutes(start, 1) == utc(2025, 1, 20, 6, 1)

    def test_zero_minutes_outside_hours_returns_start_in_utc(self):
        start = local(HELSINKI, 2025, 1, 18, 10, 0)  # a Saturday
        result = helsinki_split_shift().add_business_minutes(start, 0)
        assert result == start
        assert result.tzinfo is UTC

    def test_minutes_between(self):
        calendar = helsinki_split_shift()
        monday = date(2025, 1, 13)

        def at(hour: int) -> datetime:
            return local(HELSINKI, monday.year, monday.month, monday.day, hour, 0)

        assert calendar.business_minutes_between(at(12), at(13)) == 0
        assert calendar.business_minutes_between(at(7), at(18)) == 480
        # 11-12 and 13-14, counted backwards.
        assert calendar.business_minutes_between(at(14), at(11)) == -120
        # Five days of 480 minutes in a week.
        next_monday = local(HELSINKI, 2025, 1, 20, 0, 0)
        assert calendar.business_minutes_between(at(0), next_monday) == 2400


class TestNegativeMinutes:
    def test_backwards_over_a_weekend(self):
        # Monday 09:00 - 120: 60 back to 08:00, then Friday 17:00 - 60 = 16:00 local.
        start = local(HELSINKI, 2025, 1, 20, 9, 0)
        assert helsinki_split_shift().add_business_minutes(start, -120) == utc(2025, 1, 17, 14, 0)

    def test_backwards_stopping_exactly_at_an_opening_returns_the_opening(self):
        # 09:00 - 60 = 08:00 exactly; the latest such instant is 08:00, not Friday 17:00.
        start = local(HELSINKI, 2025, 1, 13, 9, 0)
        assert helsinki_split_shift().add_business_minutes(start, -60) == utc(2025, 1, 13, 6, 0)
        # 13:30 - 30 = 13:00 (after lunch), not 12:00.
        start = local(HELSINKI, 2025, 1, 13, 13, 30)
        assert helsinki_split_shift().add_business_minutes(start, -30) == utc(2025, 1, 13, 11, 0)


class TestHolidaysAndExceptions:
    def test_holiday_has_no_business_time(self):
        # Monday 16:00 + 120: 60 on Monday, Tuesday 14 January is a holiday,
        # Wednesday 08:00 + 60 = 09:00 local.
        calendar = helsinki_split_shift(holidays=[date(2025, 1, 14)])
        start = local(HELSINKI, 2025, 1, 13, 16, 0)
        assert calendar.add_business_minutes(start, 120) == utc(2025, 1, 15, 7, 0)

    def test_closed_exception_acts_like_a_holiday(self):
        calendar = helsinki_split_shift(exceptions={date(2025, 1, 14): []})
        start = local(HELSINKI, 2025, 1, 13, 16, 0)
        assert calendar.add_business_minutes(start, 120) == utc(2025, 1, 15, 7, 0)

    def test_working_saturday(self):
        # Friday 16:30 + 60: 30 on Friday, Saturday 18 January opens 10:00-14:00
        # as an exception -> 10:30 local.
        calendar = helsinki_split_shift(exceptions={date(2025, 1, 18): [("10:00", "14:00")]})
        start = local(HELSINKI, 2025, 1, 17, 16, 30)
        assert calendar.add_business_minutes(start, 60) == utc(2025, 1, 18, 8, 30)

    def test_exception_overrides_a_holiday(self):
        # Tuesday is a holiday but has exception hours 10:00-11:00:
        # Monday 16:30 + 60 -> 30 on Monday, Tuesday 10:00 + 30 = 10:30 local.
        calendar = helsinki_split_shift(
            holidays=[date(2025, 1, 14)], exceptions={date(2025, 1, 14): [("10:00", "11:00")]}
        )
        start = local(HELSINKI, 2025, 1, 13, 16, 30)
        assert calendar.add_business_minutes(start, 60) == utc(2025, 1, 14, 8, 30)

    def test_holiday_provider_is_called_lazily_once_per_year(self):
        years_asked = []

        def new_years_day(year: int) -> list[date]:
            years_asked.append(year)
            return [date(year, 1, 1)]

        calendar = BusinessCalendar(
            "UTC", {day: [("09:00", "17:00")] for day in WEEKDAYS}, holiday_provider=new_years_day
        )
        # Tuesday 31 Dec 2030 16:00 + 120: 60 on Tuesday, 1 January 2031 is closed,
        # Thursday 09:00 + 60 = 10:00.
        start = utc(2030, 12, 31, 16, 0)
        assert calendar.add_business_minutes(start, 120) == utc(2031, 1, 2, 10, 0)
        assert calendar.add_business_minutes(start, 120) == utc(2031, 1, 2, 10, 0)
        assert years_asked == [2030, 2031]

    def test_business_intervals_of_a_day(self):
        calendar = helsinki_split_shift(holidays=[date(2025, 1, 14)])
        assert calendar.business_intervals(date(2025, 1, 13)) == [
            (utc(2025, 1, 13, 6, 0), utc(2025, 1, 13, 10, 0)),
            (utc(2025, 1, 13, 11, 0), utc(2025, 1, 13, 15, 0)),
        ]
        assert calendar.business_intervals(date(2025, 1, 14)) == []


class TestMidnight:
    # Monday 20:00-24:00 and Tuesday 00:00-04:00 form one overnight shift.
    calendar = BusinessCalendar("Europe/Helsinki", {0: [("20:00", "24:00")], 1: [("00:00", "04:00")]})

    def test_shift_continues_past_midnight(self):
        # Monday 23:00 + 120 -> Tuesday 01:00 local = Monday 23:00 UTC.
        start = local(HELSINKI, 2025, 1, 13, 23, 0)
        assert self.calendar.add_business_minutes(start, 120) == utc(2025, 1, 13, 23, 0)

    def test_whole_shift_then_next_week(self):
        # Monday 20:00 + 480 ends exactly at Tuesday 04:00; one more minute waits
        # for next Monday 20:00 -> 20:01 local.
        start = local(HELSINKI, 2025, 1, 13, 20, 0)
        assert self.calendar.add_business_minutes(start, 480) == utc(2025, 1, 14, 2, 0)
        assert self.calendar.add_business_minutes(start, 481) == utc(2025, 1, 20, 18, 1)


class TestDaylightSaving:
    def test_always_open_counts_real_minutes_in_new_york(self):
        calendar = BusinessCalendar.always_open("America/New_York")
        # 9 March 2025 has 23 hours, 2 November 2025 has 25.
        assert (
            calendar.business_minutes_between(
                local(NEW_YORK, 2025, 3, 9, 0, 0), local(NEW_YORK, 2025, 3, 10, 0, 0)
            )
            == 23 * 60
        )
        assert (
            calendar.business_minutes_between(
                local(NEW_YORK, 2025, 11, 2, 0, 0), local(NEW_YORK, 2025, 11, 3, 0, 0)
            )
            == 25 * 60
        )
        # 00:00 EST (05:00Z) + 24 real hours = 05:00Z, which is 01:00 EDT on 10 March.
        result = calendar.add_business_minutes(local(NEW_YORK, 2025, 3, 9, 0, 0), 24 * 60)
        assert result == utc(2025, 3, 10, 5, 0)
        assert result.astimezone(NEW_YORK).hour == 1

    def test_tehran_2021_spring_forward_at_midnight(self):
        calendar = BusinessCalendar.always_open("Asia/Tehran")
        # 21 Mar 00:00 IRST = 20 Mar 20:30Z; 23 Mar 00:00 IRDT = 22 Mar 19:30Z: 47 hours.
        assert (
            calendar.business_minutes_between(
                local(TEHRAN, 2021, 3, 21, 0, 0), local(TEHRAN, 2021, 3, 23, 0, 0)
            )
            == 47 * 60
        )

    def test_tehran_2022_fall_back_at_midnight(self):
        calendar = BusinessCalendar.always_open("Asia/Tehran")
        # 21 Sep 00:00 IRDT = 20 Sep 19:30Z; 22 Sep 00:00 IRST = 21 Sep 20:30Z: 25 hours.
        assert (
            calendar.business_minutes_between(
                local(TEHRAN, 2022, 9, 21, 0, 0), local(TEHRAN, 2022, 9, 22, 0, 0)
            )
            == 25 * 60
        )

    def test_tehran_without_dst_from_2023(self):
        calendar = BusinessCalendar.always_open("Asia/Tehran")
        assert (
            calendar.business_minutes_between(
                local(TEHRAN, 2023, 3, 21, 0, 0), local(TEHRAN, 2023, 3, 23, 0, 0)
            )
            == 48 * 60
        )

    def test_tehran_office_hours_across_2021_spring_forward(self):
        calendar = BusinessCalendar("Asia/Tehran", {day: [("08:00", "16:00")] for day in (5, 6, 0, 1, 2)})
        # Sunday 21 Mar 15:00 IRST (11:30Z) + 120: 60 to 16:00 IRST (12:30Z); Monday
        # 22 Mar opens 08:00 IRDT (03:30Z), + 60 = 04:30Z.
        start = local(TEHRAN, 2021, 3, 21, 15, 0)
        assert calendar.add_business_minutes(start, 120) == utc(2021, 3, 22, 4, 30)

    def test_tehran_office_hours_across_2022_fall_back(self):
        calendar = BusinessCalendar("Asia/Tehran", {day: [("08:00", "16:00")] for day in (5, 6, 0, 1, 2)})
        # Wednesday 21 Sep 15:00 IRDT (10:30Z) + 120: 60 to 16:00 IRDT (11:30Z); closed
        # Thursday and Friday; Saturday 24 Sep 08:00 IRST (04:30Z) + 60 = 05:30Z.
        start = local(TEHRAN, 2022, 9, 21, 15, 0)
        assert calendar.add_business_minutes(start, 120) == utc(2022, 9, 24, 5, 30)

    def test_boundary_in_a_gap_moves_to_the_jump(self):
        # New York, 9 March 2025: clocks jump from 02:00 EST to 03:00 EDT (07:00Z).
        # 02:30 does not exist, so the 02:30-03:30 interval runs 03:00-03:30 EDT.
        # (zoneinfo's fold=0 reading of 02:30 would be 03:30 EDT = 07:30Z.)
        calendar = BusinessCalendar("America/New_York", {6: [("02:30", "03:30")]})
        assert calendar.business_intervals(date(2025, 3, 9)) == [
            (utc(2025, 3, 9, 7, 0), utc(2025, 3, 9, 7, 30))
        ]
        start = local(NEW_YORK, 2025, 3, 9, 0, 0)
        assert calendar.add_business_minutes(start, 30) == utc(2025, 3, 9, 7, 30)
        # The 31st minute is next Sunday, 02:31 EDT.
        assert calendar.add_business_minutes(start, 31) == utc(2025, 3, 16, 6, 31)

    def test_interval_inside_a_gap_is_empty_that_day(self):
        calendar = BusinessCalendar("America/New_York", {6: [("02:15", "02:45")]})
        assert calendar.business_intervals(date(2025, 3, 9)) == []
        # Next Sunday: 02:15 EDT (06:15Z) + 1.
        start = local(NEW_YORK, 2025, 3, 9, 0, 0)
        assert calendar.add_business_minutes(start, 1) == utc(2025, 3, 16, 6, 16)

    def test_ambiguous_boundaries_use_the_first_occurrence(self):
        # New York, 2 November 2025: 02:00 EDT (06:00Z) becomes 01:00 EST.
        # 01:30 first occurs at 01:30 EDT = 05:30Z; 02:00 EST = 07:00Z: 90 real minutes.
        calendar = BusinessCalendar("America/New_York", {6: [("01:30", "02:00")]})
        assert calendar.business_intervals(date(2025, 11, 2)) == [
            (utc(2025, 11, 2, 5, 30), utc(2025, 11, 2, 7, 0))
        ]
        # Both ends ambiguous: 01:00-01:30 EDT only.
        calendar = BusinessCalendar("America/New_York", {6: [("01:00", "01:30")]})
        assert calendar.business_intervals(date(2025, 11, 2)) == [
            (utc(2025, 11, 2, 5, 0), utc(2025, 11, 2, 5, 30))
        ]

    def test_lord_howe_thirty_minute_gap(self):
        # 5 October 2025: 02:00 +10:30 (15:30Z on the 4th) jumps to 02:30 +11:00.
        always = BusinessCalendar.always_open("Australia/Lord_Howe")
        assert (
            always.business_minutes_between(
                local(LORD_HOWE, 2025, 10, 5, 0, 0), local(LORD_HOWE, 2025, 10, 6, 0, 0)
            )
            == 23 * 60 + 30
        )
        # 02:15 does not exist: the 02:15-03:00 interval runs 02:30-03:00 +11:00.
        calendar = BusinessCalendar("Australia/Lord_Howe", {6: [("02:15", "03:00")]})
        assert calendar.business_intervals(date(2025, 10, 5)) == [
            (utc(2025, 10, 4, 15, 30), utc(2025, 10, 4, 16, 0))
        ]

    def test_helsinki_office_hours_across_spring_forward(self):
        # Friday 28 Mar 2025 16:30 EET (14:30Z) + 60: 30 to 17:00; clocks go forward on
        # Sunday 30 March; Monday 31 Mar 08:00 EEST (05:00Z) + 30 = 05:30Z.
        start = local(HELSINKI, 2025, 3, 28, 16, 30)
        assert helsinki_split_shift().add_business_minutes(start, 60) == utc(2025, 3, 31, 5, 30)


# -- contracts and validation ----------------------------------------------------------


class TestContracts:
    def test_naive_datetimes_are_refused(self):
        calendar = helsinki_split_shift()
        with pytest.raises(ValueError, match="aware"):
            calendar.add_business_minutes(datetime(2025, 1, 13, 9, 0), 30)
        with pytest.raises(ValueError, match="aware"):
            calendar.business_minutes_between(utc(2025, 1, 13, 9, 0), datetime(2025, 1, 13, 10, 0))

    @pytest.mark.parametrize("minutes", [math.inf, -math.inf, math.nan])
    def test_non_finite_minutes_are_refused(self, minutes):
        with pytest.raises(ValueError, match="finite"):
            helsinki_split_shift().add_business_minutes(utc(2025, 1, 13, 9, 0), minutes)

    def test_results_are_utc_whatever_the_input_zone(self):
        calendar = helsinki_split_shift()
        in_helsinki = local(HELSINKI, 2025, 1, 13, 11, 0)
        in_new_york = in_helsinki.astimezone(NEW_YORK)
        result = calendar.add_business_minutes(in_new_york, 120)
        assert result == calendar.add_business_minutes(in_helsinki, 120) == utc(2025, 1, 13, 12, 0)
        assert result.tzinfo is UTC

    def test_minutes_are_rounded_to_microseconds(self):
        calendar = BusinessCalendar.always_open("UTC")
        start = utc(2025, 1, 13, 9, 0)
        # 1e-9 minutes is 0.06 microseconds: rounds to zero, so start is returned.
        assert calendar.add_business_minutes(start, 1e-9) == start
        assert calendar.add_business_minutes(start, 1 / 60_000_000) == start + timedelta(microseconds=1)

    def test_empty_week_raises_instead_of_looping(self):
        calendar = BusinessCalendar("UTC", {})
        start = utc(2025, 1, 13, 9, 0)
        with pytest.raises(ValueError, match="no business hours"):
            calendar.add_business_minutes(start, 1)
        with pytest.raises(ValueError, match="no business hours"):
            calendar.add_business_minutes(start, -1)
        assert calendar.business_minutes_between(start, start + timedelta(days=30)) == 0

    def test_exceptions_only_calendar_runs_out_after_its_last_exception(self):
        calendar = BusinessCalendar("UTC", {}, exceptions={date(2025, 1, 1): [("09:00", "10:00")]})
        start = utc(2024, 12, 31, 9, 0)
        assert calendar.add_business_minutes(start, 30) == utc(2025, 1, 1, 9, 30)
        with pytest.raises(ValueError, match="no business hours"):
            calendar.add_business_minutes(start, 61)

    def test_holidays_covering_every_working_day_raise(self):
        calendar = BusinessCalendar(
            "UTC",
            {0: [("09:00", "10:00")]},
            holiday_provider=lambda year: [date(year, 1, 1) + timedelta(days=n) for n in range(366)],
        )
        with pytest.raises(ValueError, match="no business hours"):
            calendar.add_business_minutes(utc(2025, 1, 13, 9, 0), 1)

    def test_always_open(self):
        calendar = BusinessCalendar.always_open("Asia/Jerusalem")
        assert calendar.timezone == "Asia/Jerusalem"
        start = utc(2025, 6, 1, 12, 0)
        assert calendar.add_business_minutes(start, 90) == utc(2025, 6, 1, 13, 30)


@pytest.mark.parametrize(
    ("weekly_hours", "message"),
    [
        ({0: [("8:00", "17:00")]}, "not a time of day"),
        ({0: [("08:00", "25:00")]}, "not a time of day"),
        ({0: [("08:00", "12:60")]}, "not a time of day"),
        ({0: [("08:00", "24:01")]}, "not a time of day"),
        ({0: [("08:00", 1700)]}, "not a time of day"),
        ({0: [("17:00", "08:00")]}, "must start before it ends"),
        ({0: [("08:00", "08:00")]}, "must start before it ends"),
        ({0: [("08:00", "12:00"), ("11:00", "13:00")]}, "overlap"),
        ({0: [("08:00", "17:00"), ("09:00", "10:00")]}, "overlap"),
        ({7: [("08:00", "17:00")]}, "weekday"),
        ({-1: [("08:00", "17:00")]}, "weekday"),
        ({"Monday": [("08:00", "17:00")]}, "weekday"),
        ({0: [("08:00",)]}, "pair"),
        ({0: "08:00-17:00"}, "list"),
    ],
)
def test_invalid_weekly_hours(weekly_hours, message):
    with pytest.raises(ValueError, match=message):
        BusinessCalendar("UTC", weekly_hours)


def test_invalid_exception_hours_name_the_date():
    with pytest.raises(ValueError, match="2025-01-18"):
        BusinessCalendar("UTC", {}, exceptions={date(2025, 1, 18): [("10:00", "09:00")]})


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", "../etc/passwd", None])
def test_unknown_time_zone(zone):
    with pytest.raises(ValueError, match="time zone"):
        BusinessCalendar(zone, {})


def test_holidays_must_be_dates():
    with pytest.raises(ValueError, match="holiday must be a date"):
        BusinessCalendar("UTC", {}, holidays=[datetime(2025, 1, 1, tzinfo=UTC)])


def test_touching_intervals_are_accepted_and_merged():
    calendar = BusinessCalendar("UTC", {0: [("12:00", "17:00"), ("08:00", "12:00")]})
    assert calendar.business_intervals(date(2025, 1, 13)) == [
        (utc(2025, 1, 13, 8, 0), utc(2025, 1, 13, 17, 0))
    ]


# -- properties on random calendars ----------------------------------------------------

PROPERTY_ZONES = [
    "Asia/Tehran",
    "Asia/Jerusalem",
    "Europe/Helsinki",
    "America/New_York",
    "Australia/Lord_Howe",
    "UTC",
]
# Quarter hours hit every DST boundary of these zones (Tehran's midnight, Lord Howe's
# 02:00-02:30 gap, 01:00-03:00 elsewhere) and "24:00".
QUARTER_HOURS = range(0, 24 * 60 + 1, 15)
FIRST_DAY = date(2019, 1, 1)
LAST_DAY = date(2025, 12, 31)
# between() returns an exact count of microseconds over 60e6, and add() rounds minutes to
# whole microseconds, so a round trip differs from m by at most half a microsecond
# (8.4e-9 minutes) plus one float rounding (about 1e-12 minutes at these magnitudes).
ROUND_TRIP_TOLERANCE_MINUTES = 0.5 / 60_000_000 + 1e-12


def _transition_days(zone_name: str) -> list[date]:
    """Local dates in the test range on which the UTC offset changes."""
    zone = ZoneInfo(zone_name)
    days = []
    day = FIRST_DAY
    previous = datetime(day.year, day.month, day.day, 12, tzinfo=zone).utcoffset()
    while day < LAST_DAY:
        day += timedelta(days=1)
        offset = datetime(day.year, day.month, day.day, 12, tzinfo=zone).utcoffset()
        if offset != previous:
            days.append(day)
        previous = offset
    return days


TRANSITION_DAYS = {zone: _transition_days(zone) for zone in PROPERTY_ZONES}


def _format(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@st.composite
def day_hours(draw) -> list[tuple[str, str]]:
    boundaries = sorted(draw(st.lists(st.sampled_from(QUARTER_HOURS), unique=True, max_size=6)))
    if len(boundaries) % 2:
        boundaries.pop()
    return [(_format(a), _format(b)) for a, b in zip(boundaries[::2], boundaries[1::2], strict=True)]


@st.composite
def calendar_specs(draw) -> dict:
    """A random calendar description, around a random or DST-transition start day."""
    zone = draw(st.sampled_from(PROPERTY_ZONES))
    weekly = {weekday: hours for weekday in range(7) if (hours := draw(day_hours()))}
    assume(weekly)
    transitions = TRANSITION_DAYS[zone]
    if transitions and draw(st.booleans()):
        anchor = draw(st.sampled_from(transitions)) + timedelta(days=draw(st.integers(-3, 1)))
    else:
        anchor = draw(st.dates(FIRST_DAY, LAST_DAY - timedelta(days=60)))
    near_anchor = st.integers(-5, 40).map(lambda days: anchor + timedelta(days=days))
    holidays = draw(st.lists(near_anchor, max_size=8))
    exceptions = draw(st.dictionaries(near_anchor, day_hours(), max_size=4))
    return {"zone": zone, "weekly": weekly, "holidays": holidays, "exceptions": exceptions, "anchor": anchor}


def build(spec: dict) -> BusinessCalendar:
    return BusinessCalendar(spec["zone"], spec["weekly"], spec["holidays"], exceptions=spec["exceptions"])


def weekly_minutes(spec: dict) -> int:
    return sum(
        _minutes(closing) - _minutes(opening)
        for hours in spec["weekly"].values()
        for opening, closing in hours
    )


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


@st.composite
def instants_near(draw, spec: dict) -> datetime:
    """An instant within a few weeks of the spec's anchor day, in UTC or in the local zone."""
    anchor = datetime(spec["anchor"].year, spec["anchor"].month, spec["anchor"].day, tzinfo=UTC)
    offset = draw(st.integers(-2 * 86_400_000_000, 30 * 86_400_000_000))
    # Often land on whole minutes, so that starts coincide with interval boundaries.
    if draw(st.booleans()):
        offset -= offset % 60_000_000
    instant = anchor + timedelta(microseconds=offset)
    return instant.astimezone(ZoneInfo(spec["zone"])) if draw(st.booleans()) else instant


@st.composite
def minutes_for(draw, spec: dict) -> float:
    """Up to five weeks of business time, as an integer or any float."""
    limit = 5 * weekly_minutes(spec)
    return draw(st.integers(0, limit) | st.floats(0, limit, allow_nan=False, allow_infinity=False))


property_settings = settings(
    max_examples=examples(150),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@property_settings
@given(st.data())
def test_adding_then_measuring_round_trips(data):
    spec = data.draw(calendar_specs())
    calendar = build(spec)
    start = data.draw(instants_near(spec))
    minutes = data.draw(minutes_for(spec))
    due = calendar.add_business_minutes(start, minutes)
    assert due.tzinfo is UTC
    assert due >= start
    measured = calendar.business_minutes_between(start, due)
    assert abs(measured - minutes) <= ROUND_TRIP_TOLERANCE_MINUTES
    if isinstance(minutes, int):
        assert measured == minutes
    if measured > 0:  # minutes below half a microsecond round to zero
        # The earliest such instant: a microsecond earlier, the minutes have not run out.
        assert calendar.business_minutes_between(start, due - timedelta(microseconds=1)) < measured


@property_settings
@given(st.data())
def test_going_backwards_round_trips(data):
    spec = data.draw(calendar_specs())
    calendar = build(spec)
    start = data.draw(instants_near(spec))
    minutes = data.draw(minutes_for(spec))
    earlier = calendar.add_business_minutes(start, -minutes)
    assert earlier.tzinfo is UTC
    assert earlier <= start
    measured = calendar.business_minutes_between(earlier, start)
    assert abs(measured - minutes) <= ROUND_TRIP_TOLERANCE_MINUTES
    if measured > 0:  # minutes below half a microsecond round to zero
        # The latest such instant: a microsecond later, less time remains.
        assert calendar.business_minutes_between(earlier + timedelta(microseconds=1), start) < measured


@property_settings
@given(st.data())
def test_monotonic(data):
    spec = data.draw(calendar_specs())
    calendar = build(spec)
    start, later_start, end = sorted(data.draw(instants_near(spec)) for _ in range(3))
    fewer, more = sorted(data.draw(minutes_for(spec)) for _ in range(2))
    assert calendar.add_business_minutes(start, fewer) <= calendar.add_business_minutes(start, more)
    assert calendar.business_minutes_between(start, end) >= calendar.business_minutes_between(
        later_start, end
    )


@property_settings
@given(st.data())
def test_additive_and_antisymmetric(data):
    spec = data.draw(calendar_specs())
    calendar = build(spec)
    first, middle, last = (data.draw(instants_near(spec)) for _ in range(3))
    whole = calendar.business_minutes_between(first, last)
    parts = calendar.business_minutes_between(first, middle) + calendar.business_minutes_between(middle, last)
    assert math.isclose(parts, whole, rel_tol=1e-12, abs_tol=1e-9)
    assert calendar.business_minutes_between(last, first) == -whole


# -- a slow, independent reference ---------------------------------------------------


@lru_cache(maxsize=100_000)
def reference_boundary(zone_name: str, wall: datetime) -> datetime:
    """Scan real time minute by minute for the first instant whose wall clock reads >= wall.

    Every transition of the property zones falls on a whole minute, so a minute scan
    finds the exact instant. The scan starts before any reading of *wall* (offset an
    hour beyond the largest offset seen the day before or after).
    """
    zone = ZoneInfo(zone_name)
    offsets = [(wall + timedelta(days=days)).replace(tzinfo=zone).utcoffset() for days in (-1, 1)]
    instant = (wall - max(offsets) - timedelta(hours=1)).replace(tzinfo=UTC)
    while instant.astimezone(zone).replace(tzinfo=None) < wall:
        instant += timedelta(minutes=1)
    return instant


def reference_intervals(spec: dict, day: date) -> list[tuple[datetime, datetime]]:
    if day in spec["exceptions"]:
        hours = spec["exceptions"][day]
    elif day in spec["holidays"]:
        hours = []
    else:
        hours = spec["weekly"].get(day.weekday(), [])
    midnight = datetime(day.year, day.month, day.day)
    return [
        (
            reference_boundary(spec["zone"], midnight + timedelta(minutes=_minutes(opening))),
            reference_boundary(spec["zone"], midnight + timedelta(minutes=_minutes(closing))),
        )
        for opening, closing in hours
    ]


def reference_add(spec: dict, start: datetime, minutes: float) -> datetime:
    remaining = timedelta(microseconds=round(minutes * 60_000_000))
    if not remaining:
        return start
    day = start.astimezone(ZoneInfo(spec["zone"])).date() - timedelta(days=1)
    while True:
        for opening, closing in reference_intervals(spec, day):
            # in UTC: Python's arithmetic on times of one zone follows the wall clock
            begin = max(opening.astimezone(UTC), start.astimezone(UTC))
            available = closing.astimezone(UTC) - begin
            if available <= timedelta(0):
                continue
            if available >= remaining:
                return begin + remaining
            remaining -= available
        day += timedelta(days=1)


def reference_between(spec: dict, start: datetime, end: datetime) -> float:
    zone = ZoneInfo(spec["zone"])
    day = start.astimezone(zone).date() - timedelta(days=1)
    total = timedelta(0)
    while day <= end.astimezone(zone).date() + timedelta(days=1):
        for opening, closing in reference_intervals(spec, day):
            # in UTC: Python subtracts two times of the same zone by their wall clocks, which is
            # an hour off across a daylight-saving change
            later = min(closing.astimezone(UTC), end.astimezone(UTC))
            earlier = max(opening.astimezone(UTC), start.astimezone(UTC))
            total += max(timedelta(0), later - earlier)
        day += timedelta(days=1)
    return total / timedelta(minutes=1)


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_agrees_with_the_reference_implementation(data):
    spec = data.draw(calendar_specs())
    calendar = build(spec)
    start, end = sorted((data.draw(instants_near(spec)) for _ in range(2)), key=lambda t: t.astimezone(UTC))
    minutes = data.draw(minutes_for(spec))
    # compared in UTC: Python calls an ambiguous local time unequal to every instant of another zone
    expected = reference_add(spec, start, minutes).astimezone(UTC)
    assert calendar.add_business_minutes(start, minutes).astimezone(UTC) == expected
    assert calendar.business_minutes_between(start, end) == reference_between(spec, start, end)
    for day in {start.date(), end.date(), spec["anchor"]}:
        assert calendar.business_intervals(day) == [
            (opening, closing) for opening, closing in reference_intervals(spec, day) if closing > opening
        ]
