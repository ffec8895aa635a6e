"""Whole business days on the SLA engine's calendars: weekends and public holidays skipped."""

from datetime import UTC, datetime

from moked.businesstime.business_days import add_business_days, is_open
from moked.businesstime.country_calendars import country_calendar


def test_an_israeli_thursday_evening_plus_one_business_day_is_sunday():
    israel = country_calendar("IL", timezone="Asia/Jerusalem")
    thursday_evening = datetime(2026, 3, 5, 17, 30, tzinfo=UTC)  # 19:30 in Jerusalem
    assert add_business_days(israel, thursday_evening, 1) == datetime(2026, 3, 8, 17, 30, tzinfo=UTC)


def test_finnish_midsummer_is_not_a_business_day():
    finland = country_calendar("FI", timezone="Europe/Helsinki")
    thursday = datetime(2026, 6, 18, 9, 0, tzinfo=UTC)  # midsummer eve is Friday 19 June 2026
    assert add_business_days(finland, thursday, 1) == datetime(2026, 6, 22, 9, 0, tzinfo=UTC)


def test_the_local_time_of_day_is_kept_across_a_clock_change():
    finland = country_calendar("FI", timezone="Europe/Helsinki")
    friday = datetime(2026, 10, 23, 7, 0, tzinfo=UTC)  # 10:00 EEST; the clocks go back on Sunday 25th
    assert add_business_days(finland, friday, 1) == datetime(2026, 10, 26, 8, 0, tzinfo=UTC)  # 10:00 EET


def test_zero_days_is_the_start():
    finland = country_calendar("FI", timezone="Europe/Helsinki")
    start = datetime(2026, 6, 20, 9, 0, tzinfo=UTC)
    assert add_business_days(finland, start, 0) == start


def test_open_in_business_hours_only():
    israel = country_calendar("IL", timezone="Asia/Jerusalem")
    assert is_open(israel, datetime(2026, 3, 8, 8, 0, tzinfo=UTC))  # Sunday 10:00
    assert not is_open(israel, datetime(2026, 3, 7, 8, 0, tzinfo=UTC))  # Saturday
    assert not is_open(israel, datetime(2026, 3, 8, 20, 0, tzinfo=UTC))  # Sunday 22:00
