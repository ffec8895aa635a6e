"""A calendar's weekly hours as an admin edits them: each weekday open for one or more intervals,
closed, or open 24 hours. Read from the stored JSON or from a posted form, checked, and written
back as the calendar stores them.

Times are typed in time inputs, which stop at 23:59: a closing time of 00:00 means midnight (the
end of the day, stored as "24:00"). A night shift is two intervals, 22:00-00:00 and, the next day,
00:00-06:00; the calendar counts them as one stretch.
"""

import re
from dataclasses import dataclass, field
from itertools import pairwise, zip_longest

from django.utils import formats
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

OPEN, CLOSED, ALL_DAY = "open", "closed", "all_day"
MODES = [
    (OPEN, _("Open these hours")),
    (CLOSED, pgettext_lazy("calendar", "Closed")),
    (ALL_DAY, _("Open 24 hours")),
]
MIDNIGHT, END_OF_DAY = "00:00", "24:00"
WHOLE_DAY = [[MIDNIGHT, END_OF_DAY]]
# Time inputs send HH:MM, or HH:MM:SS when seconds are shown (seconds are not kept); a plain post
# may also say 24:00 for the end of the day.
_TIME = re.compile(r"(?:(?P<hh>[01]\d|2[0-3]):(?P<mm>[0-5]\d)(?::00(?:\.0+)?)?|24:00)")

Interval = tuple[str, str]


@dataclass
class Day:
    """One weekday (0 = Monday) as the form shows it: `intervals` are as typed ("" for a blank)."""

    weekday: int
    mode: str
    intervals: list[Interval] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(WEEKDAYS[self.weekday])

    @property
    def rows(self) -> list[Interval]:
        """The interval rows to show: at least one, blank, to type into."""
        return self.intervals or [("", "")]


def from_stored(weekly_hours: dict) -> list[Day]:
    """The days of a calendar's stored weekly hours ({"0": [["08:00", "17:00"]], ...})."""
    days = []
    for weekday in range(7):
        stored = [list(interval) for interval in weekly_hours.get(str(weekday), [])]
        if stored == WHOLE_DAY:
            days.append(Day(weekday, ALL_DAY))
        elif stored:
            shown = [(start, MIDNIGHT if end == END_OF_DAY else end) for start, end in stored]
            days.append(Day(weekday, OPEN, shown))
        else:
            days.append(Day(weekday, CLOSED))
    return days


def from_post(data) -> list[Day]:
    """The days as posted: `day-N-mode` and the lists `day-N-from`, `day-N-to`; blank rows dropped."""
    days = []
    for weekday in range(7):
        pairs = zip_longest(
            data.getlist(f"day-{weekday}-from"), data.getlist(f"day-{weekday}-to"), fillvalue=""
        )
        intervals = [(start.strip(), end.strip()) for start, end in pairs if start.strip() or end.strip()]
        days.append(Day(weekday, data.get(f"day-{weekday}-mode", CLOSED), intervals))
    return days


def check(days: list[Day]) -> bool:
    """Put on each day what is wrong with it; True when nothing is."""
    for day in days:
        day.errors = []
        if day.mode not in dict(MODES):
            day.errors.append(str(_("Choose whether the day is open, closed or open 24 hours.")))
        elif day.mode == OPEN:
            if not day.intervals:
                day.errors.append(str(_("Give the opening hours, or mark the day closed.")))
            day.errors.extend(parse_intervals(day.intervals)[1])
    return not any(day.errors for day in days)


def to_stored(days: list[Day]) -> dict:
    """The weekly hours to store, from days that passed `check`; closed days are left out."""
    stored = {}
    for day in days:
        if day.mode == ALL_DAY:
            stored[str(day.weekday)] = [list(interval) for interval in WHOLE_DAY]
        elif day.mode == OPEN:
            stored[str(day.weekday)] = parse_intervals(day.intervals)[0]
    return stored


def parse_intervals(typed: list[Interval]) -> tuple[list[list[str]], list[str]]:
    """Typed (from, to) pairs → (sorted [["HH:MM", "HH:MM"]] as stored, what is wrong with them)."""
    intervals, errors = [], []
    for start_text, end_text in typed:
        if not (start_text and end_text):
            errors.append(str(_("Give both the opening and the closing time.")))
            continue
        start, end = _time_of_day(start_text), _time_of_day(end_text)
        for text, parsed in ((start_text, start), (end_text, end)):
            if parsed is None:
                errors.append(str(_("%(time)s is not a time of day such as 08:30.") % {"time": text}))
        if start is None or end is None:
            continue
        end = END_OF_DAY if end == MIDNIGHT else end
        if end <= start:
            errors.append(
                str(_("%(start)s–%(end)s must end after it starts.") % {"start": start, "end": end_text})
            )
            continue
        intervals.append([start, end])
    intervals.sort()
    for earlier, later in pairwise(intervals):
        if later[0] < earlier[1]:
            errors.append(
                str(
                    _("%(first)s and %(second)s overlap.")
                    % {"first": "–".join(earlier), "second": "–".join(later)}
                )
            )
    return intervals, errors


def _time_of_day(text: str) -> str | None:
    match = _TIME.fullmatch(text)
    if match is None:
        return None
    return f"{match['hh']}:{match['mm']}" if match["hh"] else END_OF_DAY


def apply_edit(days: list[Day], edit: str) -> bool:
    """Add a blank row to a day ("add-N") or take one away ("remove-N-I"), for browsers without
    scripts; False when `edit` names no such row."""
    parts = edit.split("-")
    try:
        numbers = [int(part) for part in parts[1:]]
    except ValueError:
        return False
    if parts[0] == "add" and len(numbers) == 1 and 0 <= numbers[0] <= 6:
        day = days[numbers[0]]
        day.mode = OPEN
        day.intervals.append(("", ""))
        return True
    if parts[0] == "remove" and len(numbers) == 2 and 0 <= numbers[0] <= 6:
        intervals = days[numbers[0]].intervals
        if 0 <= numbers[1] < len(intervals):
            del intervals[numbers[1]]
            return True
    return False


def in_reading_order(days: list[Day]) -> list[Day]:
    """The week as the reader's locale starts it: Sunday in English and Hebrew, Saturday in
    Persian, Monday in Finnish."""
    first = (int(formats.get_format("FIRST_DAY_OF_WEEK")) - 1) % 7  # Django counts from Sunday
    return days[first:] + days[:first]
