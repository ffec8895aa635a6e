"""Ready-made business calendars per country, with public holidays from the ``holidays`` package.

Pure Python, no Django. :func:`country_calendar` builds a :class:`BusinessCalendar` with the
country's weekend, realistic default office hours and its public holidays, loaded lazily
one year at a time so that a calendar never runs out of holidays.

Default office hours (local time; override with ``weekly_hours``):

* **IL** (Asia/Jerusalem): Sunday to Thursday 08:00-17:00; Friday and Saturday are the
  weekend. Holidays are the ``holidays`` package's public category (Rosh Hashanah, Yom
  Kippur, Sukkot, Simchat Torah, Pesach, Shavuot, Independence Day). Eves of holidays,
  when many offices close at midday, are not modelled: add them as ``exceptions``.
* **IR** (Asia/Tehran): Saturday to Wednesday 08:00-16:00 and, by default, Thursday
  08:00-13:00 (``thursday_half_day=False`` closes Thursday); Friday is the weekend.
  Holidays include Nowruz and the lunar religious days; the package computes the lunar
  dates from tables, which can differ by a day from the official announcement.
* **FI** (Europe/Helsinki): Monday to Friday 08:00-16:00. Holidays include Midsummer Eve
  and Midsummer Day (Juhannus), Christmas Eve and Epiphany.
* **Any other country** the ``holidays`` package knows: 09:00-17:00 on every day outside
  the package's weekend for that country. GB, US and DE have default time zones
  (Europe/London, America/New_York, Europe/Berlin); others need ``timezone``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import holidays as holidays_package

from .calendar import BusinessCalendar, LocalInterval

__all__ = ["DEFAULT_TIMEZONES", "PublicHolidays", "country_calendar", "default_weekly_hours"]

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)

DEFAULT_TIMEZONES: Mapping[str, str] = {
    "IL": "Asia/Jerusalem",
    "IR": "Asia/Tehran",
    "FI": "Europe/Helsinki",
    "GB": "Europe/London",
    "US": "America/New_York",
    "DE": "Europe/Berlin",
}

_ISRAEL_DAY = [("08:00", "17:00")]
_IRAN_DAY = [("08:00", "16:00")]
_IRAN_THURSDAY = [("08:00", "13:00")]
_FINLAND_DAY = [("08:00", "16:00")]
_GENERIC_DAY = [("09:00", "17:00")]


def default_weekly_hours(
    country: str, *, thursday_half_day: bool | None = None
) -> dict[int, list[LocalInterval]]:
    """The default office hours of *country* (see the module docstring), weekday 0 = Monday.

    *thursday_half_day* applies to Iran only and defaults to on there.
    """
    country = _normalise_country(country)
    if thursday_half_day is not None and country != "IR":
        raise ValueError("thursday_half_day applies to Iran (IR) only")
    if country == "IL":
        return {day: list(_ISRAEL_DAY) for day in (SUNDAY, MONDAY, TUESDAY, WEDNESDAY, THURSDAY)}
    if country == "IR":
        hours = {day: list(_IRAN_DAY) for day in (SATURDAY, SUNDAY, MONDAY, TUESDAY, WEDNESDAY)}
        if thursday_half_day is None or thursday_half_day:
            hours[THURSDAY] = list(_IRAN_THURSDAY)
        return hours
    if country == "FI":
        return {day: list(_FINLAND_DAY) for day in (MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY)}
    weekend = holidays_package.country_holidays(country).weekend
    return {day: list(_GENERIC_DAY) for day in range(7) if day not in weekend}


def country_calendar(
    country: str,
    *,
    timezone: str | None = None,
    weekly_hours: Mapping[int, Sequence[LocalInterval]] | None = None,
    closed_days: Iterable[date] = (),
    exceptions: Mapping[date, Sequence[LocalInterval]] | None = None,
    subdivision: str | None = None,
    thursday_half_day: bool | None = None,
) -> BusinessCalendar:
    """A business calendar with *country*'s weekend, default hours and public holidays.

    Arguments:
        country: an ISO 3166-1 alpha-2 code the ``holidays`` package supports.
        timezone: the IANA zone; defaults per :data:`DEFAULT_TIMEZONES`, else required.
        weekly_hours: replaces the default office hours entirely.
        closed_days: extra local dates with no business time (company days off).
        exceptions: local dates with their own hours, overriding holidays and the weekly
            pattern (a working Saturday, a short eve); an empty list closes the date.
        subdivision: a state or province code for regional holidays (US "CA", DE "BY").
        thursday_half_day: Iran only; see :func:`default_weekly_hours`.

    Public holidays are loaded per year on first use, so any year works.
    """
    country = _normalise_country(country)
    if weekly_hours is not None and thursday_half_day is not None:
        raise ValueError("give either weekly_hours or thursday_half_day, not both")
    if weekly_hours is None:
        weekly_hours = default_weekly_hours(country, thursday_half_day=thursday_half_day)
    if timezone is None:
        if country not in DEFAULT_TIMEZONES:
            raise ValueError(f"no default time zone for {country}; pass timezone")
        timezone = DEFAULT_TIMEZONES[country]
    return BusinessCalendar(
        timezone,
        weekly_hours,
        closed_days,
        exceptions=exceptions,
        holiday_provider=PublicHolidays(country, subdivision),
    )


class PublicHolidays:
    """A holiday provider: the public holidays of one country (and subdivision) in a year."""

    def __init__(self, country: str, subdivision: str | None = None) -> None:
        self.country = _normalise_country(country)
        self.subdivision = subdivision
        try:
            holidays_package.country_holidays(self.country, subdiv=subdivision)
        except NotImplementedError as error:
            raise ValueError(f"unknown subdivision {subdivision!r} of {self.country}") from error

    def __call__(self, year: int) -> list[date]:
        return list(holidays_package.country_holidays(self.country, subdiv=self.subdivision, years=year))

    def __repr__(self) -> str:
        return f"PublicHolidays({self.country!r}, {self.subdivision!r})"


def _normalise_country(country: str) -> str:
    code = country.upper() if isinstance(country, str) else country
    if code not in holidays_package.list_supported_countries():
        raise ValueError(f"country {country!r} is not supported by the holidays package")
    return code
