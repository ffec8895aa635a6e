"""SLA clock arithmetic over segments (pure: no Django imports).

A clock's life is a list of segments, each counting or paused, the last one possibly still open.
Counting time is measured in the business minutes of a calendar; paused time never counts.
Everything else (elapsed, due, when a warning falls, the readable timeline) follows from the
segments, so a change of calendar or target is applied to the whole history by recomputing.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from moked.businesstime.calendar import BusinessCalendar

COUNTED, OUT_OF_HOURS, PAUSED = "counted", "out_of_hours", "paused"


@dataclass(frozen=True)
class Segment:
    """From `start` to `end` (None: still going on), counting or paused, and why it began."""

    start: datetime
    end: datetime | None
    counting: bool
    reason: str = ""


@dataclass(frozen=True)
class Part:
    """A stretch of a clock's timeline as a person reads it."""

    start: datetime
    end: datetime
    kind: str  # COUNTED, OUT_OF_HOURS or PAUSED
    reason: str
    business_minutes: float


def elapsed_minutes(calendar: BusinessCalendar, segments: Sequence[Segment], at: datetime) -> float:
    """Business minutes counted from the start up to `at`."""
    total = 0.0
    for segment in segments:
        if not segment.counting or segment.start >= at:
            continue
        end = at if segment.end is None else min(segment.end, at)
        total += calendar.business_minutes_between(segment.start, end)
    return total


def crossing_instant(
    calendar: BusinessCalendar, segments: Sequence[Segment], minutes: float
) -> datetime | None:
    """The instant at which `minutes` business minutes had been counted (a due time, a warning
    time); None when the clock stops or pauses before that. An open counting segment runs on."""
    counted = 0.0
    for segment in segments:
        if not segment.counting:
            continue
        if segment.end is None:
            return calendar.add_business_minutes(segment.start, minutes - counted)
        length = calendar.business_minutes_between(segment.start, segment.end)
        if counted + length >= minutes:
            return calendar.add_business_minutes(segment.start, minutes - counted)
        counted += length
    return None


def timeline(calendar: BusinessCalendar, segments: Sequence[Segment], at: datetime) -> list[Part]:
    """The clock's history split into what counted, what fell outside business hours and what
    was paused (with why), up to `at` for an open segment."""
    parts: list[Part] = []
    for segment in segments:
        end = at if segment.end is None else segment.end
        if end <= segment.start:
            continue
        if not segment.counting:
            parts.append(Part(segment.start, end, PAUSED, segment.reason, 0.0))
            continue
        parts.extend(_split_by_business_hours(calendar, segment.start, end, segment.reason))
    return _merged(parts)


def _merged(parts: list[Part]) -> list[Part]:
    """Touching parts of the same kind and reason as one (a 24x7 week is one stretch, not seven)."""
    merged: list[Part] = []
    for part in parts:
        last = merged[-1] if merged else None
        if last and last.kind == part.kind and last.reason == part.reason and last.end == part.start:
            merged[-1] = Part(
                last.start, part.end, part.kind, part.reason, last.business_minutes + part.business_minutes
            )
        else:
            merged.append(part)
    return merged


def _split_by_business_hours(
    calendar: BusinessCalendar, start: datetime, end: datetime, reason: str
) -> Iterator[Part]:
    zone = ZoneInfo(calendar.timezone)
    cursor = start
    day = start.astimezone(zone).date() - timedelta(days=1)  # an interval may run past midnight
    last_day = end.astimezone(zone).date()
    while day <= last_day:
        for opening, closing in calendar.business_intervals(day):
            opening, closing = max(opening, start), min(closing, end)
            if closing <= opening or closing <= cursor:
                continue
            opening = max(opening, cursor)
            if opening > cursor:
                yield Part(cursor, opening, OUT_OF_HOURS, reason, 0.0)
            yield Part(opening, closing, COUNTED, reason, (closing - opening).total_seconds() / 60)
            cursor = closing
        day += timedelta(days=1)
    if cursor < end:
        yield Part(cursor, end, OUT_OF_HOURS, reason, 0.0)
