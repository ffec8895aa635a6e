"""Tests of moked.businesstime.country_calendars: weekends, default hours and public holidays.

Holiday dates come from the installed ``holidays`` package (0.109); each case names the
holidays it relies on. Offsets: Israel IST +02:00 / IDT +03:00; Iran IRST +03:30 / IRDT
+04:30 (DST until 2022); Finland EET +02:00 / EEST +03:00.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from moked.businesstime.country_calendars import (
    DEFAULT_TIMEZONES,
    PublicHolidays,
    country_calendar,
    default_weekly_hours,
)

JERUSALEM = ZoneInfo("Asia/Jerusalem")
TEHRAN = ZoneInfo("Asia/Tehran")
HELSINKI = ZoneInfo("Europe/Helsinki")


def utc(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=UTC)


def local(zone: ZoneInfo, *fields: int) -> datetime:
    return datetime(*fields, tzinfo=zone)


class TestIsrael:
    calendar = country_calendar("IL")

    def test_thursday_evening_ticket_is_due_on_sunday(self):
        # Thursday 16 Jan 2025 18:00 is after closing; Friday and Saturday are the
        # weekend; Sunday 19 Jan 08:00 + 240 = 12:00 IST = 10:00Z.
        start = local(JERUSALEM, 2025, 1, 16, 18, 0)
        assert self.calendar.add_business_minutes(start, 240) == utc(2025, 1, 19, 10, 0)

    def test_thursday_afternoon_ticket_continues_on_sunday(self):
        # Thursday 16:00 + 120: 60 to 17:00, then Sunday 08:00 + 60 = 09:00 IST = 07:00Z.
        start = local(JERUSALEM, 2025, 1, 16, 16, 0)
        assert self.calendar.add_business_minutes(start, 120) == utc(2025, 1, 19, 7, 0)

    def test_rosh_hashanah_is_closed(self):
        # Rosh Hashanah 2025 is Tuesday 23 and Wednesday 24 September. Monday 22 Sep
        # 16:00 IDT + 120: 60 to 17:00, Thursday 25 Sep 08:00 + 60 = 09:00 IDT = 06:00Z.
        start = local(JERUSALEM, 2025, 9, 22, 16, 0)
        assert self.calendar.add_business_minutes(start, 120) == utc(2025, 9, 25, 6, 0)

    def test_working_friday_exception(self):
        # Friday 17 Jan 2025 opens 08:00-13:00 by exception: Thursday 16:00 + 120 ->
        # 60 on Thursday, Friday 08:00 + 60 = 09:00 IST = 07:00Z.
        calendar = country_calendar("IL", exceptions={date(2025, 1, 17): [("08:00", "13:00")]})
        start = local(JERUSALEM, 2025, 1, 16, 16, 0)
        assert calendar.add_business_minutes(start, 120) == utc(2025, 1, 17, 7, 0)

    def test_extra_closed_day(self):
        # Sunday 19 Jan closed as a company day off: Thursday 16:00 + 120 -> Monday 09:00.
        calendar = country_calendar("IL", closed_days=[date(2025, 1, 19)])
        start = local(JERUSALEM, 2025, 1, 16, 16, 0)
        assert calendar.add_business_minutes(start, 120) == utc(2025, 1, 20, 7, 0)


class TestIran:
    calendar = country_calendar("IR")

    def test_ticket_across_nowruz_and_the_2022_clock_change(self):
        # Saturday 19 Mar 2022 14:00 IRST (10:30Z), 480 minutes:
        #   Saturday 14:00-16:00                          120
        #   Sunday 20 Mar: Oil Industry Nationalization Day, closed
        #   Monday 21 - Thursday 24 Mar: Nowruz holidays, closed
        #   (clocks went forward at midnight on 22 March: +04:30 from then on)
        #   Friday 25 Mar: weekend
        #   Saturday 26 Mar 08:00 IRDT (03:30Z) + remaining 360 = 14:00 IRDT = 09:30Z
        start = local(TEHRAN, 2022, 3, 19, 14, 0)
        assert self.calendar.add_business_minutes(start, 480) == utc(2022, 3, 26, 9, 30)
        assert self.calendar.business_minutes_between(start, utc(2022, 3, 26, 9, 30)) == 480

    def test_nowruz_days_have_no_business_hours(self):
        for day in range(21, 25):
            assert self.calendar.business_intervals(date(2022, 3, day)) == []
        assert self.calendar.business_intervals(date(2022, 3, 19)) == [
            (utc(2022, 3, 19, 4, 30), utc(2022, 3, 19, 12, 30))
        ]

    def test_thursday_is_a_half_day_by_default(self):
        # Wednesday 15 Jan 2025 15:00 IRST + 180: 60 to 16:00, Thursday 08:00 + 120 =
        # 10:00 IRST = 06:30Z.
        start = local(TEHRAN, 2025, 1, 15, 15, 0)
        assert self.calendar.add_business_minutes(start, 180) == utc(2025, 1, 16, 6, 30)
        # Thursday 12:00 + 120: 60 to the 13:00 closing, Friday off, Saturday 09:00 IRST.
        start = local(TEHRAN, 2025, 1, 16, 12, 0)
        assert self.calendar.add_business_minutes(start, 120) == utc(2025, 1, 18, 5, 30)

    def test_thursday_can_be_closed(self):
        # Without the half day: Wednesday 60 minutes, Thursday and Friday closed,
        # Saturday 18 Jan 08:00 + 120 = 10:00 IRST = 06:30Z.
        calendar = country_calendar("IR", thursday_half_day=False)
        start = local(TEHRAN, 2025, 1, 15, 15, 0)
        assert calendar.add_business_minutes(start, 180) == utc(2025, 1, 18, 6, 30)


class TestFinland:
    calendar = country_calendar("FI")

    def test_midsummer(self):
        # Thursday 19 Jun 2025 15:00 EEST + 120: 60 to 16:00; Friday 20 June is Midsummer
        # Eve and Saturday Midsummer Day; Monday 23 Jun 08:00 + 60 = 09:00 EEST = 06:00Z.
        start = local(HELSINKI, 2025, 6, 19, 15, 0)
        assert self.calendar.add_business_minutes(start, 120) == utc(2025, 6, 23, 6, 0)

    def test_across_the_march_clock_change(self):
        # Friday 28 Mar 2025 15:30 EET (13:30Z) + 60: 30 to 16:00; clocks go forward on
        # Sunday 30 March; Monday 31 Mar 08:00 EEST (05:00Z) + 30 = 05:30Z.
        start = local(HELSINKI, 2025, 3, 28, 15, 30)
        assert self.calendar.add_business_minutes(start, 60) == utc(2025, 3, 31, 5, 30)

    def test_across_the_october_clock_change(self):
        # Friday 24 Oct 2025 15:30 EEST (12:30Z) + 60: 30 to 16:00; clocks go back on
        # Sunday 26 October; Monday 27 Oct 08:00 EET (06:00Z) + 30 = 06:30Z.
        start = local(HELSINKI, 2025, 10, 24, 15, 30)
        assert self.calendar.add_business_minutes(start, 60) == utc(2025, 10, 27, 6, 30)

    def test_holidays_never_run_out(self):
        # Christmas Eve and Day 2031 (Wednesday, Thursday) are closed; Tuesday is not.
        assert self.calendar.business_intervals(date(2031, 12, 24)) == []
        assert self.calendar.business_intervals(date(2031, 12, 25)) == []
        assert self.calendar.business_intervals(date(2031, 12, 23)) == [
            (utc(2031, 12, 23, 6, 0), utc(2031, 12, 23, 14, 0))
        ]


class TestOtherCountries:
    def test_united_kingdom_christmas(self):
        # Wednesday 24 Dec 2025 16:00 GMT + 120: 60 to 17:00; 25 and 26 December are bank
        # holidays, then the weekend; Monday 29 Dec 09:00 + 60 = 10:00Z.
        calendar = country_calendar("GB")
        assert calendar.add_business_minutes(utc(2025, 12, 24, 16, 0), 120) == utc(2025, 12, 29, 10, 0)

    def test_united_states_independence_day(self):
        # Thursday 3 Jul 2025 16:00 EDT + 120: 60; Friday 4 July closed; Monday 7 Jul
        # 09:00 + 60 = 10:00 EDT = 14:00Z.
        calendar = country_calendar("US")
        start = datetime(2025, 7, 3, 16, 0, tzinfo=ZoneInfo("America/New_York"))
        assert calendar.add_business_minutes(start, 120) == utc(2025, 7, 7, 14, 0)

    def test_subdivision_holidays(self):
        # Epiphany (Monday 6 Jan 2025) is a holiday in Bavaria, not in Germany as a whole.
        # Friday 3 Jan 16:00 CET + 120: 60 on Friday, then 09:00 + 60 on the next open day.
        start = datetime(2025, 1, 3, 16, 0, tzinfo=ZoneInfo("Europe/Berlin"))
        assert country_calendar("DE").add_business_minutes(start, 120) == utc(2025, 1, 6, 9, 0)
        assert country_calendar("DE", subdivision="BY").add_business_minutes(start, 120) == utc(
            2025, 1, 7, 9, 0
        )

    def test_country_without_default_zone_needs_one(self):
        with pytest.raises(ValueError, match="pass timezone"):
            country_calendar("SE")
        calendar = country_calendar("se", timezone="Europe/Stockholm")
        assert calendar.timezone == "Europe/Stockholm"
        # Saturday is a weekend day in Sweden: Friday 17 Jan 2025 16:30 CET + 60 ->
        # 30 on Friday, Monday 20 Jan 09:30 CET = 08:30Z.
        start = datetime(2025, 1, 17, 16, 30, tzinfo=ZoneInfo("Europe/Stockholm"))
        assert calendar.add_business_minutes(start, 60) == utc(2025, 1, 20, 8, 30)

    def test_weekly_hours_override(self):
        # A 24x7 desk in Finland still closes on Finnish public holidays.
        calendar = country_calendar("FI", weekly_hours={day: [("00:00", "24:00")] for day in range(7)})
        assert calendar.business_intervals(date(2025, 6, 20)) == []
        assert calendar.business_intervals(date(2025, 6, 22)) == [
            (utc(2025, 6, 21, 21, 0), utc(2025, 6, 22, 21, 0))
        ]


class TestDefaults:
    def test_default_weekly_hours(self):
        # Weekday 0 is Monday, 3 Thursday, 4 Friday, 5 Saturday, 6 Sunday.
        assert default_weekly_hours("IL") == {day: [("08:00", "17:00")] for day in (6, 0, 1, 2, 3)}
        assert default_weekly_hours("IR") == {
            **{day: [("08:00", "16:00")] for day in (5, 6, 0, 1, 2)},
            3: [("08:00", "13:00")],
        }
        assert 3 not in default_weekly_hours("IR", thursday_half_day=False)
        assert default_weekly_hours("FI") == {day: [("08:00", "16:00")] for day in range(5)}
        assert default_weekly_hours("GB") == {day: [("09:00", "17:00")] for day in range(5)}

    def test_default_time_zones(self):
        assert DEFAULT_TIMEZONES["IL"] == "Asia/Jerusalem"
        assert country_calendar("IR").timezone == "Asia/Tehran"
        assert country_calendar("FI").timezone == "Europe/Helsinki"

    def test_public_holidays_provider(self):
        finnish = PublicHolidays("FI")
        assert date(2025, 6, 20) in finnish(2025)
        assert all(day.year == 2025 for day in finnish(2025))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"country": "XX"}, "not supported"),
        ({"country": "US", "subdivision": "XX"}, "unknown subdivision"),
        ({"country": "IL", "thursday_half_day": True}, "Iran"),
        ({"country": "IR", "thursday_half_day": True, "weekly_hours": {}}, "not both"),
        ({"country": "IL", "timezone": "Asia/Nowhere"}, "unknown time zone"),
    ],
)
def test_invalid_arguments(arguments, message):
    with pytest.raises(ValueError, match=message):
        country_calendar(**arguments)
