"""From a stored calendar configuration to the pure BusinessCalendar that does the arithmetic."""

from collections.abc import Hashable, Iterable
from datetime import date, datetime
from typing import Any, Protocol

from .calendar import BusinessCalendar
from .country_calendars import country_calendar

ALWAYS = [("00:00", "24:00")]
_CACHE_SIZE = 512
_cache: dict[tuple[Hashable, ...], BusinessCalendar] = {}


class CalendarException(Protocol):
    """A dated exception as the Calendar record keeps it: other hours on that day."""

    date: date
    hours: object


class CalendarConfig(Protocol):
    """What is read of a saved Calendar record (businesstime.models.Calendar has these fields)."""

    pk: Any
    updated_at: datetime
    timezone: str
    always_open: bool
    weekly_hours: object
    country: str
    subdivision: str
    exceptions: Any  # its related manager: .all() gives the CalendarException records


def weekly_hours_of(raw: object) -> dict[int, list[tuple[str, str]]]:
    """{"0": [["08:00", "17:00"]]} as stored in JSON → {0: [("08:00", "17:00")]}; ValueError if malformed."""
    if not isinstance(raw, dict):
        raise ValueError("weekly hours must map weekdays 0-6 to lists of [from, to] pairs")
    hours: dict[int, list[tuple[str, str]]] = {}
    for day, intervals in raw.items():
        try:
            weekday = int(day)
        except (TypeError, ValueError):
            raise ValueError(f"{day!r} is not a weekday number 0-6") from None
        hours[weekday] = _intervals_of(intervals, f"weekday {day}")
    return hours


def _intervals_of(raw: object, where: str) -> list[tuple[str, str]]:
    if not isinstance(raw, list) or not all(isinstance(i, list | tuple) and len(i) == 2 for i in raw):
        raise ValueError(f"{where}: expected a list of [from, to] pairs")
    return [(str(start), str(end)) for start, end in raw]


def build(
    config: CalendarConfig, *, exceptions: Iterable[CalendarException] | None = None
) -> BusinessCalendar:
    """A BusinessCalendar for a Calendar record; ValueError when the configuration does not hold."""
    if config.always_open:
        return BusinessCalendar.always_open(config.timezone)
    records = config.exceptions.all() if exceptions is None else exceptions
    dated = {record.date: _intervals_of(record.hours, str(record.date)) for record in records}
    weekly = weekly_hours_of(config.weekly_hours)
    if config.country:
        return country_calendar(
            config.country,
            timezone=config.timezone,
            weekly_hours=weekly,
            exceptions=dated,
            subdivision=config.subdivision or None,
        )
    return BusinessCalendar(config.timezone, weekly, exceptions=dated)


def business_calendar(config: CalendarConfig, *, always_open: bool = False) -> BusinessCalendar:
    """The calendar of a saved configuration, built once per version; `always_open` gives the 24x7
    calendar in its time zone (for services covered around the clock)."""
    key: tuple[Hashable, ...]
    if always_open:
        key = ("24x7", config.timezone)
    else:
        key = (config.pk, config.updated_at)
    calendar = _cache.get(key)
    if calendar is None:
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()
        calendar = BusinessCalendar.always_open(config.timezone) if always_open else build(config)
        _cache[key] = calendar
    return calendar
