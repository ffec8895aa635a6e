"""What an admin reads about a business calendar at a glance: whether it is open at a moment and
until when, and the public holidays it will observe next (named in the reader's language). Pure:
no Django (what counts on a calendar is assignment.calendar_usage)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays as holidays_package

from .calendar import BusinessCalendar
from .calendars import CalendarConfig
from .country_calendars import PublicHolidays

# Beyond a month without an opening a calendar is as good as closed; the page says "not soon".
HORIZON_DAYS = 31


@dataclass(frozen=True)
class OpenState:
    """`is_open` at the moment asked; `until` is when that stops (open: it closes; closed: it
    opens), None when that is not within HORIZON_DAYS (open around the clock, or closed for long)."""

    is_open: bool
    until: datetime | None


def open_state(calendar: BusinessCalendar, moment: datetime) -> OpenState:
    """Whether business time runs at `moment` (aware) and when that changes. Intervals that touch
    across midnight count as one stretch, so a night shift 22:00-24:00 + 00:00-06:00 is one."""
    day = moment.astimezone(ZoneInfo(calendar.timezone)).date()
    stretch_end = None
    for _ in range(HORIZON_DAYS + 1):
        for start, end in calendar.business_intervals(day):
            if stretch_end is not None:
                if start > stretch_end:
                    return OpenState(True, stretch_end)
                stretch_end = max(stretch_end, end)
            elif start <= moment < end:
                stretch_end = end
            elif start > moment:
                return OpenState(False, start)
        day += timedelta(days=1)
    return OpenState(stretch_end is not None, None)


@dataclass(frozen=True)
class Holiday:
    date: date
    name: str
    language: str = ""  # the language of `name` ("en", "fa"...), when the holiday list says it


def upcoming_holidays(
    config: CalendarConfig, today: date, *, count: int = 5, language: str = "en"
) -> list[Holiday]:
    """The next `count` public holidays from `today` on that the Calendar record `config` closes
    for: none on a 24x7 calendar or one without a country; a date with an exception that has hours
    of its own is worked, so it is left out. Names are in `language` when the country's holiday
    list speaks it, else in English, else in the country's own language."""
    if config.always_open or not config.country:
        return []
    subdivision = config.subdivision or None
    worked = {exception.date for exception in config.exceptions.all() if exception.hours}
    observed = PublicHolidays(config.country, subdivision)
    found: list[Holiday] = []
    named_in = _holiday_language(config.country, language)
    for year in (today.year, today.year + 1):
        names = holidays_package.country_holidays(
            config.country, subdiv=subdivision, years=year, language=named_in
        )
        for day in sorted(set(observed(year))):
            if day >= today and day not in worked:
                found.append(Holiday(day, names.get(day, ""), (named_in or "").split("_")[0]))
        if len(found) >= count:
            break
    return found[:count]


def _holiday_language(country: str, language: str) -> str | None:
    supported = holidays_package.country_holidays(country).supported_languages
    for wanted in (language, "en"):
        for code in supported:
            if code == wanted or code.startswith(f"{wanted}_"):
                return code
    return None
