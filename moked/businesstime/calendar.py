"""Business-hours arithmetic (SLA due dates, working hours): pure Python, no Django.

A :class:`BusinessCalendar` says when an organisation is open: a weekly pattern of local
wall-clock intervals in one IANA time zone, minus holidays, with per-date exceptions.
It answers two questions, both in real elapsed time:

* :meth:`BusinessCalendar.add_business_minutes` -- when will *m* business minutes have
  elapsed since *start*? (an SLA due date)
* :meth:`BusinessCalendar.business_minutes_between` -- how many business minutes lie
  between two instants? (time spent, time left)

Contracts
---------
Business time is a set of real instants. Durations are real elapsed time (UTC
differences), so a 00:00-24:00 day lasts 23 or 25 hours when the clocks change on it.

Inputs must be aware datetimes; naive ones raise ``ValueError``. Results are aware
datetimes in UTC. The resolution is one microsecond: minutes are rounded to the nearest
microsecond before use, so results are exact, and ``business_minutes_between`` returns an
exact count of microseconds divided by 60,000,000 (one float rounding).

``add_business_minutes(start, m)``:

* ``m == 0`` (or rounds to 0 microseconds) returns *start* unchanged, converted to UTC, even
  when *start* is outside business hours.
* ``m > 0`` returns the earliest instant at which *m* business minutes have elapsed since
  *start*. When *start* is outside business hours the clock starts at the next opening;
  when the minutes run out exactly at a closing time the result is that closing time, not
  the next opening.
* ``m < 0`` goes backwards: it returns the latest instant *u* <= *start* such that
  ``business_minutes_between(u, start) == -m``; when the minutes run out exactly at an
  opening time the result is that opening time.

``business_minutes_between(start, end)`` is the business time in ``[start, end]``, and the
negative of ``business_minutes_between(end, start)`` when *end* is before *start*. It is
additive: ``between(a, b) + between(b, c) == between(a, c)`` up to float rounding.

Local wall-clock times and daylight saving
------------------------------------------
Each interval boundary ``(date, "HH:MM")`` becomes the first instant at which the local
wall clock reads that time or a later one; ``"24:00"`` means 00:00 of the next day. So:

* an ambiguous time (the repeated hour when clocks go back) is its first occurrence,
  as with ``fold=0``;
* a non-existent time (skipped when clocks go forward) is the instant of the jump: in
  New York, 02:30 on spring-forward night becomes 03:00 EDT. (``zoneinfo`` itself reads
  such a time with ``fold=0`` as 03:30 EDT, shifting it by the gap's length; we do not,
  because that reading is not monotonic -- 02:30 would land after 03:00 and could turn
  an interval inside out.)

This mapping never decreases, so business intervals never overlap, and an interval that
lies wholly inside a gap is simply empty that day.

Performance
-----------
Business intervals are materialised lazily per local calendar year as sorted arrays of
UTC microseconds with running totals, built once (about a millisecond) per calendar and
year. A query is then two binary searches plus a walk over whole years, so typical SLA
targets cost a few microseconds, independent of their length.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["BusinessCalendar", "HolidayProvider", "LocalInterval"]

LocalInterval = tuple[str, str]
"""A local wall-clock interval such as ``("08:00", "12:30")``; ``"24:00"`` ends a day."""

HolidayProvider = Callable[[int], Iterable[date]]
"""Given a year, returns that year's holidays (dates in other years are ignored)."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_MICROSECOND = timedelta(microseconds=1)
_ONE_DAY = timedelta(days=1)
_MICROSECONDS_PER_MINUTE = 60_000_000
_TIME_OF_DAY = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d|24:00")
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Year tables need the neighbouring years' first instants, and datetime arithmetic near
# year 1 or 9999 overflows once a UTC offset is applied.
_FIRST_SUPPORTED_YEAR = MINYEAR + 1
_LAST_SUPPORTED_YEAR = MAXYEAR - 1
# A calendar whose weekly pattern has hours but whose holidays swallow every one of them
# would otherwise make a search grind through millennia before failing.
_MAX_CONSECUTIVE_EMPTY_YEARS = 10

# A day's hours in local minutes since midnight: sorted, disjoint, non-empty intervals.
_DayHours = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class _YearTable:
    """Business intervals of one local calendar year, in UTC microseconds since the epoch.

    The year covers ``first_instant <= instant < next_year_first_instant``, from its
    local 1 January 00:00 to the next one's. ``cumulative_before[k]`` is the business
    time of intervals ``0..k-1``, and ``cumulative_after[k]`` that of intervals ``0..k``.
    Touching intervals are merged.
    """

    year: int
    first_instant: int
    next_year_first_instant: int
    starts: list[int]
    ends: list[int]
    cumulative_before: list[int]
    cumulative_after: list[int]

    @property
    def total(self) -> int:
        return self.cumulative_after[-1] if self.cumulative_after else 0

    def elapsed_until(self, instant: int) -> int:
        """Business time from the start of this year up to *instant*."""
        index = bisect_right(self.starts, instant) - 1
        if index < 0:
            return 0
        return self.cumulative_before[index] + min(instant, self.ends[index]) - self.starts[index]

    def earliest_instant_after(self, elapsed: int) -> int:
        """The earliest instant by which *elapsed* (0 < elapsed <= total) has passed."""
        index = bisect_left(self.cumulative_after, elapsed)
        return self.starts[index] + elapsed - self.cumulative_before[index]

    def latest_instant_before(self, elapsed: int) -> int:
        """The latest instant before which only *elapsed* (0 <= elapsed < total) has passed."""
        index = bisect_left(self.cumulative_before, elapsed)
        if index < len(self.starts) and self.cumulative_before[index] == elapsed:
            return self.starts[index]
        return self.starts[index - 1] + elapsed - self.cumulative_before[index - 1]


class BusinessCalendar:
    """Business hours in one time zone, with holidays and per-date exceptions.

    Arguments:
        timezone: an IANA time zone name such as ``"Asia/Jerusalem"``.
        weekly_hours: for each weekday (0 = Monday ... 6 = Sunday) a list of local
            ``("HH:MM", "HH:MM")`` intervals; split shifts are allowed, ``"24:00"`` ends
            the day, and missing weekdays are closed.
        holidays: local dates with no business time.
        exceptions: local dates whose own hours replace both the weekly pattern and any
            holiday on that date: a working Saturday, shorter hours on an eve, or an extra
            closed day (an empty list).
        holiday_provider: called once per year that a computation touches, to add that
            year's holidays lazily (for example from the ``holidays`` package), so that a
            calendar never runs out of holidays.

    Every argument is validated eagerly and raises ``ValueError`` with a message naming
    the offending value. Instances are immutable apart from internal caches and may be
    shared between threads.
    """

    def __init__(
        self,
        timezone: str,
        weekly_hours: Mapping[int, Sequence[LocalInterval]],
        holidays: Iterable[date] = (),
        *,
        exceptions: Mapping[date, Sequence[LocalInterval]] | None = None,
        holiday_provider: HolidayProvider | None = None,
    ) -> None:
        self._zone = _load_zone(timezone)
        self._weekly = _parse_weekly_hours(weekly_hours)
        self._holidays = frozenset(_require_date(day, "holiday") for day in holidays)
        self._exceptions = {
            _require_date(day, "exception"): _parse_day_hours(intervals, f"exception on {day}")
            for day, intervals in (exceptions or {}).items()
        }
        self._holiday_provider = holiday_provider
        open_exception_years = [day.year for day, hours in self._exceptions.items() if hours]
        self._has_weekly_hours = any(self._weekly)
        self._first_open_exception_year = min(open_exception_years, default=None)
        self._last_open_exception_year = max(open_exception_years, default=None)
        self._year_tables: dict[int, _YearTable] = {}
        self._holidays_by_year: dict[int, frozenset[date]] = {}

    @classmethod
    def always_open(cls, timezone: str) -> BusinessCalendar:
        """A 24x7 calendar: every instant is business time."""
        return cls(timezone, {weekday: [("00:00", "24:00")] for weekday in range(7)})

    @property
    def timezone(self) -> str:
        """The IANA name of the calendar's time zone."""
        return self._zone.key

    def __repr__(self) -> str:
        return f"<BusinessCalendar {self._zone.key}>"

    # -- public queries ------------------------------------------------------------

    def add_business_minutes(self, start: datetime, minutes: float) -> datetime:
        """The instant, in UTC, at which *minutes* business minutes have elapsed since *start*.

        See the module docstring for the exact contract (zero, negative, boundaries).
        Raises ``ValueError`` for a naive *start*, a non-finite *minutes*, or when the
        calendar has no business time in the direction of travel.
        """
        origin = _to_microseconds(start, "start")
        if not math.isfinite(minutes):
            raise ValueError(f"minutes must be a finite number, got {minutes!r}")
        delta = round(minutes * _MICROSECONDS_PER_MINUTE)
        if delta > 0:
            result = self._forward(origin, delta)
        elif delta < 0:
            result = self._backward(origin, -delta)
        else:
            result = origin
        return _EPOCH + timedelta(microseconds=result)

    def business_minutes_between(self, start: datetime, end: datetime) -> float:
        """Business minutes in ``[start, end]``; negative when *end* is before *start*."""
        first = _to_microseconds(start, "start")
        last = _to_microseconds(end, "end")
        if last < first:
            return -self._elapsed_between(last, first) / _MICROSECONDS_PER_MINUTE
        return self._elapsed_between(first, last) / _MICROSECONDS_PER_MINUTE

    def business_intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        """The business intervals of local date *day*, as UTC datetimes, in order.

        Intervals swallowed by a daylight-saving gap are left out.
        """
        _require_date(day, "day")
        _check_year_supported(day.year)
        hours = self._hours_on(day, self._holidays_in(day.year))
        return [
            (_EPOCH + timedelta(microseconds=opening), _EPOCH + timedelta(microseconds=closing))
            for opening, closing in self._utc_intervals(day, hours)
        ]

    # -- the search ----------------------------------------------------------------

    def _forward(self, origin: int, delta: int) -> int:
        table = self._table_containing(origin)
        target = table.elapsed_until(origin) + delta
        empty_years = 0
        while target > table.total:
            target -= table.total
            empty_years = empty_years + 1 if table.total == 0 else 0
            self._check_business_time_exists(table.year + 1, empty_years, direction="after")
            table = self._year_table(table.year + 1)
        return table.earliest_instant_after(target)

    def _backward(self, origin: int, delta: int) -> int:
        table = self._table_containing(origin)
        target = table.elapsed_until(origin) - delta
        empty_years = 0
        while target < 0:
            empty_years = empty_years + 1 if table.total == 0 else 0
            self._check_business_time_exists(table.year - 1, empty_years, direction="before")
            table = self._year_table(table.year - 1)
            target += table.total
        return table.latest_instant_before(target)

    def _elapsed_between(self, first: int, last: int) -> int:
        first_table = self._table_containing(first)
        last_table = self._table_containing(last)
        if first_table is last_table:
            return last_table.elapsed_until(last) - first_table.elapsed_until(first)
        whole_years = sum(self._year_table(year).total for year in range(first_table.year, last_table.year))
        return whole_years - first_table.elapsed_until(first) + last_table.elapsed_until(last)

    def _check_business_time_exists(self, year: int, empty_years: int, direction: str) -> None:
        if not self._has_weekly_hours:
            if self._first_open_exception_year is None or self._last_open_exception_year is None:
                raise ValueError("calendar has no business hours")
            if direction == "after" and year > self._last_open_exception_year:
                raise ValueError("calendar has no business hours after its last exception")
            if direction == "before" and year < self._first_open_exception_year:
                raise ValueError("calendar has no business hours before its first exception")
        elif empty_years >= _MAX_CONSECUTIVE_EMPTY_YEARS:
            raise ValueError(
                f"calendar has no business hours in {empty_years} consecutive years {direction} {year}"
            )

    # -- year tables ---------------------------------------------------------------

    def _table_containing(self, instant: int) -> _YearTable:
        # The UTC year is at most one off the local one, since offsets are under a day.
        year = (_EPOCH + timedelta(microseconds=instant)).year
        table = self._year_tables.get(year) or self._year_table(year)
        if instant < table.first_instant:
            return self._year_table(year - 1)
        if instant >= table.next_year_first_instant:
            return self._year_table(year + 1)
        return table

    def _year_table(self, year: int) -> _YearTable:
        table = self._year_tables.get(year)
        if table is None:
            _check_year_supported(year)
            table = self._year_tables[year] = self._build_year_table(year)
        return table

    def _build_year_table(self, year: int) -> _YearTable:
        holidays = self._holidays_in(year)
        starts: list[int] = []
        ends: list[int] = []
        day = date(year, 1, 1)
        while day.year == year:
            for opening, closing in self._utc_intervals(day, self._hours_on(day, holidays)):
                if ends and opening <= ends[-1]:
                    # Merges a day ending at 24:00 with the next one opening at 00:00.
                    ends[-1] = max(ends[-1], closing)
                else:
                    starts.append(opening)
                    ends.append(closing)
            day += _ONE_DAY
        cumulative_before: list[int] = []
        cumulative_after: list[int] = []
        running = 0
        for opening, closing in zip(starts, ends, strict=True):
            cumulative_before.append(running)
            running += closing - opening
            cumulative_after.append(running)
        return _YearTable(
            year,
            first_instant=self._local_to_utc(datetime(year, 1, 1)),
            next_year_first_instant=self._local_to_utc(datetime(year + 1, 1, 1)),
            starts=starts,
            ends=ends,
            cumulative_before=cumulative_before,
            cumulative_after=cumulative_after,
        )

    def _holidays_in(self, year: int) -> frozenset[date]:
        if self._holiday_provider is None:
            return self._holidays
        holidays = self._holidays_by_year.get(year)
        if holidays is None:
            provided = {_require_date(day, "provided holiday") for day in self._holiday_provider(year)}
            holidays = self._holidays_by_year[year] = self._holidays | provided
        return holidays

    def _hours_on(self, day: date, holidays: frozenset[date]) -> _DayHours:
        exception = self._exceptions.get(day)
        if exception is not None:
            return exception
        if day in holidays:
            return ()
        return self._weekly[day.weekday()]

    def _utc_intervals(self, day: date, hours: _DayHours) -> list[tuple[int, int]]:
        intervals = []
        midnight = datetime(day.year, day.month, day.day)
        for opening_minute, closing_minute in hours:
            opening = self._local_to_utc(midnight + timedelta(minutes=opening_minute))
            closing = self._local_to_utc(midnight + timedelta(minutes=closing_minute))
            if closing > opening:
                intervals.append((opening, closing))
        return intervals

    # -- wall clock to UTC ---------------------------------------------------------

    def _local_to_utc(self, wall: datetime) -> int:
        """The first instant (UTC microseconds) at which the wall clock reads *wall* or later."""
        # fold=0 picks the first occurrence of an ambiguous time.
        instant = _microseconds_since_epoch(wall.replace(tzinfo=self._zone))
        if self._wall_clock_at(instant) == wall:
            return instant
        return self._end_of_gap(wall, instant)

    def _end_of_gap(self, wall: datetime, after_gap: int) -> int:
        """The instant the clocks jump over the non-existent local time *wall*.

        Read with the offset after the jump (fold=1), *wall* lies before the jump; with
        the offset before it (fold=0, *after_gap*), after it. Bisect between the two.
        """
        before_gap = _microseconds_since_epoch(wall.replace(tzinfo=self._zone, fold=1))
        low, high = min(before_gap, after_gap), max(before_gap, after_gap)
        while low < high:
            middle = (low + high) // 2
            if self._wall_clock_at(middle) >= wall:
                high = middle
            else:
                low = middle + 1
        return low

    def _wall_clock_at(self, instant: int) -> datetime:
        return (_EPOCH + timedelta(microseconds=instant)).astimezone(self._zone).replace(tzinfo=None)


# -- validation ------------------------------------------------------------------------


def _load_zone(name: str) -> ZoneInfo:
    if not isinstance(name, str) or not name:
        raise ValueError(f"time zone must be an IANA name such as 'Europe/Helsinki', got {name!r}")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {name!r}") from error


def _parse_weekly_hours(weekly_hours: Mapping[int, Sequence[LocalInterval]]) -> list[_DayHours]:
    if not isinstance(weekly_hours, Mapping):
        raise ValueError("weekly_hours must map weekdays (0 = Monday ... 6 = Sunday) to intervals")
    weekly: list[_DayHours] = [()] * 7
    for weekday, intervals in weekly_hours.items():
        if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
            raise ValueError(f"weekday must be an integer from 0 (Monday) to 6 (Sunday), got {weekday!r}")
        weekly[weekday] = _parse_day_hours(intervals, _WEEKDAY_NAMES[weekday])
    return weekly


def _parse_day_hours(intervals: Sequence[LocalInterval], where: str) -> _DayHours:
    """Validate one day's intervals; return them sorted, in minutes, touching ones merged."""
    if isinstance(intervals, str) or not isinstance(intervals, Iterable):
        raise ValueError(f"{where}: expected a list of ('HH:MM', 'HH:MM') intervals, got {intervals!r}")
    parsed = []
    for interval in intervals:
        if isinstance(interval, str) or not isinstance(interval, Sequence) or len(interval) != 2:
            raise ValueError(f"{where}: expected an ('HH:MM', 'HH:MM') pair, got {interval!r}")
        opening, closing = (_parse_time_of_day(text, where) for text in interval)
        if opening >= closing:
            raise ValueError(f"{where}: interval {interval[0]}-{interval[1]} must start before it ends")
        parsed.append((opening, closing))
    parsed.sort()
    merged: list[tuple[int, int]] = []
    for opening, closing in parsed:
        if merged and opening < merged[-1][1]:
            raise ValueError(
                f"{where}: intervals {_format_minutes(merged[-1])} and "
                f"{_format_minutes((opening, closing))} overlap"
            )
        if merged and opening == merged[-1][1]:
            merged[-1] = (merged[-1][0], closing)
        else:
            merged.append((opening, closing))
    return tuple(merged)


def _parse_time_of_day(text: object, where: str) -> int:
    if not isinstance(text, str) or not _TIME_OF_DAY.fullmatch(text):
        raise ValueError(f"{where}: {text!r} is not a time of day 'HH:MM' from 00:00 to 24:00")
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _format_minutes(interval: tuple[int, int]) -> str:
    return "-".join(f"{minute // 60:02d}:{minute % 60:02d}" for minute in interval)


def _require_date(value: object, what: str) -> date:
    # datetime is a subclass of date; a datetime here is almost always a mistake.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValueError(f"{what} must be a date, got {value!r}")
    return value


def _check_year_supported(year: int) -> None:
    if not _FIRST_SUPPORTED_YEAR <= year <= _LAST_SUPPORTED_YEAR:
        raise ValueError(
            f"year {year} is outside the supported range {_FIRST_SUPPORTED_YEAR}..{_LAST_SUPPORTED_YEAR}"
        )


def _to_microseconds(moment: datetime, name: str) -> int:
    if not isinstance(moment, datetime):
        raise ValueError(f"{name} must be a datetime, got {moment!r}")
    if moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime (with tzinfo), got naive {moment.isoformat()}")
    return _microseconds_since_epoch(moment)


def _microseconds_since_epoch(moment: datetime) -> int:
    return (moment - _EPOCH) // _ONE_MICROSECOND
