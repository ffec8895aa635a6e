"""Whole business days on a business calendar: "remind after 3 business days", "arrives within
5 business days, by ...". Pure: no Django; the BusinessCalendar does the hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from .calendar import BusinessCalendar

MAX_DAYS = 3660  # ten years: a calendar with no business day at all fails instead of looping


def is_business_day(calendar: BusinessCalendar, day: date) -> bool:
    return bool(calendar.business_intervals(day))


def add_business_days(calendar: BusinessCalendar, start: datetime, days: int) -> datetime:
    """The same local time of day `days` business days after `start` (weekends and holidays
    skipped), in UTC. Zero days is `start` itself."""
    if days < 0:
        raise ValueError("days must not be negative")
    zone = ZoneInfo(calendar.timezone)
    local = start.astimezone(zone)
    day, counted = local.date(), 0
    for _ in range(MAX_DAYS):
        if counted == days:
            wall = datetime.combine(day, local.time().replace(tzinfo=None))
            return wall.replace(tzinfo=zone).astimezone(UTC)
        day += timedelta(days=1)
        counted += is_business_day(calendar, day)
    raise ValueError("the calendar has no business days")


def is_open(calendar: BusinessCalendar, at: datetime) -> bool:
    """Whether `at` falls within the calendar's business hours."""
    day = at.astimezone(ZoneInfo(calendar.timezone)).date()
    return any(opening <= at < closing for opening, closing in calendar.business_intervals(day))
