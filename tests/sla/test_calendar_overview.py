"""What the calendar pages read about a calendar: open or closed at a moment and until when, the
public holidays it will observe next, what counts on it; and deleting one that agents' hours use."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from moked.assignment.selectors import calendars_with_usage
from moked.assignment.services import set_calendar
from moked.sla import configuration
from moked.sla.calendar import BusinessCalendar
from moked.sla.calendar_overview import OpenState, open_state, upcoming_holidays
from moked.sla.models import Calendar
from tests.factories import AgentFactory

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


def test_a_holiday_worked_by_exception_is_not_observed_but_one_closed_is(sla_admin, office_hours):
    configuration.update_calendar(
        sla_admin,
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


def test_calendars_without_holidays_list_none(sla_admin, office_hours):
    always = configuration.create_calendar(
        sla_admin, name="24x7", timezone="UTC", always_open=True, country="IL"
    )
    plain = configuration.create_calendar(
        sla_admin, name="Plain", timezone="UTC", weekly_hours={"0": [["09:00", "17:00"]]}
    )
    assert upcoming_holidays(always, date(2026, 9, 1)) == []
    assert upcoming_holidays(plain, date(2026, 9, 1)) == []


def test_usage_counts_policies_and_agents_hours(sla_admin, office_hours, policy):
    set_calendar(sla_admin, AgentFactory(), office_hours)
    spare = configuration.create_calendar(sla_admin, name="Spare", timezone="UTC", country="FI")
    counted = {
        calendar.name: (calendar.policy_count, calendar.agent_count)
        for calendar in calendars_with_usage(Calendar.objects)
    }
    assert counted == {"Office hours": (1, 1), spare.name: (0, 0)}


def test_a_calendar_agents_work_by_is_not_deleted(sla_admin, office_hours):
    set_calendar(sla_admin, AgentFactory(), office_hours)
    with pytest.raises(ValidationError) as refusal:
        configuration.delete_calendar(sla_admin, office_hours)
    assert refusal.value.code == "in_use"
    assert Calendar.objects.filter(pk=office_hours.pk).exists()
