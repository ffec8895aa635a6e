"""What the calendar pages read about a calendar: open or closed at a moment and until when, and the
public holidays it will observe next."""

from datetime import date

from moked.businesstime.calendar import BusinessCalendar
from moked.businesstime.models import Calendar
from moked.businesstime.overview import OpenState, open_state, upcoming_holidays
from moked.businesstime.services import create_calendar, update_calendar

from .conftest import JERUSALEM, UTC, at


def test_an_office_is_open_until_it_closes_and_closed_until_it_opens(office_hours):
    calendar = office_hours.business_calendar()  # Israel: Sunday to Thursday 08:00-17:00
    sunday_morning = at(JERUSALEM, 2026, 11, 22, 10, 0)
    assert open_state(calendar, sunday_morning) == OpenState(True, at(JERUSALEM, 2026, 11, 22, 17, 0))
    friday = at(JERUSALEM, 2026, 11, 27, 12, 0)
    assert open_state(calendar, friday) == OpenState(False, at(JERUSALEM, 2026, 11, 29, 8, 0))


def test_a_night_shift_across_midnight_is_one_stretch():
    calendar = BusinessCalendar("Europe/London", {0: [("22:00", "24:00")], 1: [("00:00", "06:00")]})
    monday_night = at(UTC, 2026, 1, 5, 23, 0)  # London is on UTC in January
    assert open_state(calendar, monday_night) == OpenState(True, at(UTC, 2026, 1, 6, 6, 0))


def test_around_the_clock_and_never_open_have_no_next_change():
    moment = at(UTC, 2026, 1, 5, 12, 0)
    assert open_state(BusinessCalendar.always_open("UTC"), moment) == OpenState(True, None)
    assert open_state(BusinessCalendar("UTC", {}), moment) == OpenState(False, None)


def test_the_next_public_holidays_are_named_in_the_readers_language(office_hours):
    upcoming = upcoming_holidays(office_hours, date(2026, 9, 1), count=3, language="he")
    assert [holiday.date for holiday in upcoming] == [date(2026, 9, 12), date(2026, 9, 13), date(2026, 9, 21)]
    assert upcoming[0].name == "ראש השנה"
    assert (
        upcoming_holidays(office_hours, date(2026, 9, 1), count=1, language="fa")[0].name == "Rosh Hashanah"
    )


def test_a_holiday_worked_by_exception_is_not_observed_but_one_closed_is(calendar_admin, office_hours):
    update_calendar(
        calendar_admin,
        office_hours,
        {
            "exceptions": [
                {"date": date(2026, 9, 12), "hours": [["09:00", "12:00"]]},
                {"date": date(2026, 9, 13)},
            ]
        },
    )
    calendar = Calendar.objects.get(pk=office_hours.pk)
    upcoming = upcoming_holidays(calendar, date(2026, 9, 1), count=2, language="en")
    assert [holiday.date for holiday in upcoming] == [date(2026, 9, 13), date(2026, 9, 21)]


def test_calendars_without_holidays_list_none(calendar_admin, office_hours):
    always = create_calendar(calendar_admin, name="24x7", timezone="UTC", always_open=True, country="IL")
    plain = create_calendar(
        calendar_admin, name="Plain", timezone="UTC", weekly_hours={"0": [["09:00", "17:00"]]}
    )
    assert upcoming_holidays(always, date(2026, 9, 1)) == []
    assert upcoming_holidays(plain, date(2026, 9, 1)) == []
