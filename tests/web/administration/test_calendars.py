"""The business calendar pages: who may open them, creating and changing a calendar (weekly hours,
time zone, public holidays) and its exceptions through the SLA configuration services, what bad
input leaves alone, what the page reads about a calendar, and deleting one nothing counts on."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from moked.assignment.services import set_calendar
from moked.businesstime.models import Calendar
from moked.businesstime.services import create_calendar, update_calendar
from moked.sla.services import create_policy
from tests.factories import (
    AdminFactory,
    AgentFactory,
    ClientManagerFactory,
    OrganisationFactory,
    PersonFactory,
    TeamLeadFactory,
)
from tests.web.clients import client_for
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LIST = "/desk/administration/calendars/"
NEW = "/desk/administration/calendars/new/"
JERUSALEM = ZoneInfo("Asia/Jerusalem")
OFFICE_WEEK = {str(day): [["08:00", "17:00"]] for day in (6, 0, 1, 2, 3)}  # Sunday to Thursday


def page_of(calendar) -> str:
    return f"{LIST}{calendar.pk}/"


def form_data(**overrides) -> dict:
    """A calendar form as a browser posts it: Monday to Thursday 08:00-12:00 and 13:00-17:00,
    Friday closed, Saturday open 24 hours, Sunday 09:00-13:00."""
    data = {
        "name": "Galil office",
        "organisation": "",
        "timezone": "Asia/Jerusalem",
        "country": "IL",
        "subdivision": "",
        "day-4-mode": "closed",
        "day-5-mode": "all_day",
        "day-6-mode": "open",
        "day-6-from": ["09:00"],
        "day-6-to": ["13:00"],
    }
    for day in range(4):
        data.update({f"day-{day}-mode": "open", f"day-{day}-from": ["08:00", "13:00", ""]})
        data[f"day-{day}-to"] = ["12:00", "17:00", ""]
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def admin():
    return AdminFactory()


@pytest.fixture
def galil():
    return OrganisationFactory(code="GALIL", name="Galil Logistics", domains=["galil.example"])


@pytest.fixture
def office(admin, galil):
    return create_calendar(
        admin, organisation=galil, name="Office hours", timezone="Asia/Jerusalem", country="IL"
    )


def test_only_admins_open_the_calendar_pages(galil, office):
    addresses = [
        LIST,
        NEW,
        page_of(office),
        f"{page_of(office)}delete/",
        f"{LIST}regions/?country=US",
        f"{LIST}hours-row/?day=0",
    ]
    for stranger in (
        AgentFactory(serves=[galil]),
        TeamLeadFactory(serves=[galil]),
        PersonFactory(organisation=galil),
        ClientManagerFactory(organisation=galil),
    ):
        client = client_for(stranger)
        for address in addresses:
            assert client.get(address).status_code == 403, (stranger.role, address)
        assert client.post(page_of(office), form_data(name="Taken over")).status_code == 403
        assert client.post(f"{page_of(office)}delete/").status_code == 403
        exception = {"exception-date": "2026-12-24", "exception-kind": "closed"}
        assert client.post(f"{page_of(office)}exceptions/", exception).status_code == 403
    assert Client().get(LIST).url.startswith("/accounts/login/")
    office.refresh_from_db()
    assert office.name == "Office hours" and not office.exceptions.exists()
    admin = client_for(AdminFactory())
    for address in addresses:
        assert admin.get(address).status_code == 200, address


def test_unknown_calendars_and_exceptions_are_not_found(admin, office):
    client = client_for(admin)
    assert client.get(f"{LIST}999999/").status_code == 404
    assert client.post(f"{LIST}999999/exceptions/", {"exception-date": "2026-12-24"}).status_code == 404
    assert client.post(f"{page_of(office)}exceptions/2026-12-24/remove/").status_code == 404
    assert client.post(f"{page_of(office)}exceptions/yesterday/remove/").status_code == 404
    assert client.get(f"{LIST}hours-row/?day=7").status_code == 404


def test_the_start_page_links_to_the_calendars(admin):
    assert f'href="{LIST}"' in client_for(admin).get("/desk/administration/").content.decode()


def test_the_list_shows_each_calendar_whether_it_is_open_now_and_what_uses_it(admin, galil, office):
    create_policy(admin, organisation=galil, name="Standard", calendar=office, resolution_minutes=60)
    create_calendar(admin, name="Around the clock", timezone="UTC", always_open=True)
    with time_machine.travel(datetime(2026, 11, 22, 10, 0, tzinfo=JERUSALEM), tick=False):  # a Sunday
        page = client_for(admin).get(LIST).content.decode()
    assert page.index("Around the clock") < page.index("Office hours")  # the provider's own first
    office_row = page[page.index(f'data-calendar="{office.pk}"') :]
    assert "Galil Logistics" in office_row and "Asia/Jerusalem" in office_row and "IL" in office_row
    assert "Open" in office_row[: office_row.index("</tr>")] and "1 SLA policy" in office_row
    with time_machine.travel(datetime(2026, 11, 27, 10, 0, tzinfo=JERUSALEM), tick=False):  # a Friday
        page = client_for(admin).get(LIST).content.decode()
    office_row = page[page.index(f'data-calendar="{office.pk}"') :]
    assert "Closed" in office_row[: office_row.index("</tr>")]


@pytest.mark.parametrize("count", [2, 20])
def test_the_list_costs_a_bounded_number_of_queries(admin, count, django_assert_max_num_queries):
    for number in range(count):
        organisation = OrganisationFactory()
        calendar = create_calendar(
            admin, organisation=organisation, name=f"Office {number}", timezone="Asia/Jerusalem", country="IL"
        )
        update_calendar(admin, calendar, {"exceptions": [{"date": date(2026, 12, 24)}]})
    client = client_for(admin)
    with django_assert_max_num_queries(6):
        assert client.get(LIST).status_code == 200


def test_an_admin_creates_a_calendar_with_its_weekly_hours(admin, galil):
    response = client_for(admin).post(NEW, form_data(organisation=str(galil.pk)))
    calendar = Calendar.objects.get()
    assert response.status_code == 302 and response.url == page_of(calendar)
    assert (calendar.organisation, calendar.name, calendar.timezone, calendar.country) == (
        galil,
        "Galil office",
        "Asia/Jerusalem",
        "IL",
    )
    split = [["08:00", "12:00"], ["13:00", "17:00"]]
    assert calendar.weekly_hours == {
        "0": split,
        "1": split,
        "2": split,
        "3": split,
        "5": [["00:00", "24:00"]],
        "6": [["09:00", "13:00"]],
    }
    assert not calendar.always_open


def test_a_closing_time_of_midnight_ends_the_day_so_a_night_shift_spans_two(admin):
    night = form_data(**{"day-0-from": ["22:00"], "day-0-to": ["00:00"], "day-1-from": ["00:00", "08:00"]})
    night.update({"day-1-to": ["06:00", "12:00"], "day-2-from": ["18:00"], "day-2-to": ["24:00"]})
    client_for(admin).post(NEW, night)
    calendar = Calendar.objects.get()
    assert calendar.weekly_hours["2"] == [["18:00", "24:00"]]  # as a plain post may say it
    assert calendar.weekly_hours["0"] == [["22:00", "24:00"]]
    assert calendar.weekly_hours["1"] == [["00:00", "06:00"], ["08:00", "12:00"]]
    page = client_for(admin).get(page_of(calendar)).content.decode()
    assert 'name="day-0-to" value="00:00"' in page


def test_a_calendar_for_every_organisation_around_the_clock(admin):
    client_for(admin).post(NEW, form_data(name="Always", timezone="UTC", country="", always_open="on"))
    calendar = Calendar.objects.get()
    assert calendar.organisation is None and calendar.always_open and calendar.country == ""


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"day-2-from": ["17:00"], "day-2-to": ["08:00"]}, "17:00–08:00 must end after it starts."),
        (
            {"day-2-from": ["08:00", "11:00"], "day-2-to": ["12:00", "14:00"]},
            "08:00–12:00 and 11:00–14:00 overlap",
        ),
        ({"day-2-from": ["08:00"], "day-2-to": [""]}, "Give both the opening and the closing time."),
        ({"day-2-from": ["8 am"], "day-2-to": ["12:00"]}, "8 am is not a time of day"),
        ({"day-2-from": [""], "day-2-to": [""]}, "Give the opening hours, or mark the day closed."),
        ({"timezone": "Mars/Olympus_Mons"}, "Select a valid choice. Mars/Olympus_Mons"),
        ({"country": "XX"}, "Select a valid choice. XX"),
        ({"subdivision": "CA"}, "Select a valid choice. CA"),
        ({"name": ""}, "This field is required."),
        ({"organisation": "999999"}, "Select a valid choice. 999999"),
    ],
)
def test_bad_input_creates_nothing_and_says_why(admin, overrides, message):
    response = client_for(admin).post(NEW, form_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Calendar.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"day-0-from": ["17:00"], "day-0-to": ["08:00"]}, "17:00–08:00 must end after it starts."),
        ({"timezone": "Mars/Olympus_Mons"}, "Select a valid choice. Mars/Olympus_Mons"),
        ({"day-4-mode": "sometimes"}, "Choose whether the day is open, closed or open 24 hours."),
    ],
)
def test_a_bad_change_changes_nothing(admin, office, overrides, message):
    before = (office.weekly_hours, office.timezone, office.updated_at)
    response = client_for(admin).post(page_of(office), form_data(name="Renamed", **overrides))
    assert response.status_code == 200 and message in response.content.decode()
    office.refresh_from_db()
    assert (office.name, office.weekly_hours, office.timezone, office.updated_at) == ("Office hours", *before)


def test_an_admin_changes_a_calendar(admin, galil, office):
    response = client_for(admin).post(
        page_of(office),
        form_data(organisation=str(galil.pk), name="Galil office", timezone="Europe/Helsinki"),
    )
    assert response.status_code == 302
    office.refresh_from_db()
    assert (office.name, office.timezone, office.organisation) == ("Galil office", "Europe/Helsinki", galil)
    assert "4" not in office.weekly_hours  # Friday closed


def test_a_calendar_in_use_keeps_its_organisation_and_says_why(admin, galil, office):
    create_policy(admin, organisation=galil, name="Standard", calendar=office, resolution_minutes=60)
    response = client_for(admin).post(page_of(office), form_data(organisation=""))
    assert response.status_code == 200
    assert "A calendar in use cannot move to another organisation." in response.content.decode()
    office.refresh_from_db()
    assert office.organisation == galil


def test_the_form_shows_the_calendar_as_it_is(admin, office):
    page = client_for(admin).get(page_of(office)).content.decode()
    assert 'value="Office hours"' in page
    assert '<option value="Asia/Jerusalem" selected>' in page
    assert '<option value="IL" selected>Israel (IL)</option>' in page
    assert page.count('value="08:00"') == 5  # the Israeli week, Sunday to Thursday
    assert '<option value="closed" selected>' in page  # Friday, Saturday


def test_without_scripts_buttons_add_and_remove_rows_and_fill_in_the_countrys_hours(admin, office):
    client = client_for(admin)
    added = client.post(page_of(office), form_data(edit="add-0")).content.decode()
    assert added.count('name="day-0-from"') == 3  # two intervals and a blank one
    removed = client.post(page_of(office), form_data(edit="remove-0-1")).content.decode()
    assert removed.count('name="day-0-from"') == 1 and 'name="day-0-to" value="12:00"' in removed
    filled = client.post(page_of(office), form_data(country="FI", edit="country-hours")).content.decode()
    assert filled.count('value="16:00"') == 5  # Finland: Monday to Friday 08:00-16:00
    assert 'value="Galil office"' in filled
    office.refresh_from_db()
    assert office.name == "Office hours" and office.weekly_hours == OFFICE_WEEK  # nothing saved


def test_htmx_adds_a_row_and_offers_the_regions_of_a_country(admin):
    client = client_for(admin)
    row = client.get(f"{LIST}hours-row/?day=3", headers={"HX-Request": "true"}).content.decode()
    assert 'name="day-3-from"' in row and 'name="day-3-to"' in row
    regions = client.get(f"{LIST}regions/?country=US", headers={"HX-Request": "true"}).content.decode()
    assert regions.startswith("<select") and '<option value="CA">California (CA)</option>' in regions
    assert "<option" in client.get(f"{LIST}regions/?country=").content.decode()  # only "the whole country"


def test_an_admin_adds_and_removes_exceptions(admin, office):
    client = client_for(admin)
    exceptions = f"{page_of(office)}exceptions/"
    closed = {"exception-date": "2026-12-24", "exception-kind": "closed", "exception-note": "Company day"}
    assert client.post(exceptions, closed).url == page_of(office)
    special = {
        "exception-date": "2026-12-26",
        "exception-kind": "hours",
        "exception-opens": "09:00",
        "exception-closes": "12:00",
        "exception-reopens": "13:00",
        "exception-closes_again": "00:00",
    }
    client.post(exceptions, special)
    stored = {e.date: (e.hours, e.note) for e in office.exceptions.all()}
    assert stored == {
        date(2026, 12, 24): ([], "Company day"),
        date(2026, 12, 26): ([["09:00", "12:00"], ["13:00", "24:00"]], ""),
    }
    page = client.get(page_of(office)).content.decode()
    assert "Closed all day" in page and "13:00–24:00" in page and "Company day" in page
    assert client.post(f"{exceptions}2026-12-24/remove/").url == page_of(office)
    assert list(office.exceptions.values_list("date", flat=True)) == [date(2026, 12, 26)]


def test_with_htmx_the_exceptions_and_the_overview_are_redrawn(admin, office):
    client = client_for(admin)
    closed = {"exception-date": "2026-12-24", "exception-kind": "closed"}
    response = client.post(f"{page_of(office)}exceptions/", closed, headers={"HX-Request": "true"})
    fragment = response.content.decode()
    assert response.status_code == 200 and "<html" not in fragment
    assert 'id="calendar-exceptions"' in fragment and 'data-exception="2026-12-24"' in fragment
    assert 'id="calendar-outlook"' in fragment and 'hx-swap-oob="true"' in fragment
    removed = client.post(f"{page_of(office)}exceptions/2026-12-24/remove/", headers={"HX-Request": "true"})
    assert "No exceptions." in removed.content.decode()
    assert not office.exceptions.exists()


@pytest.mark.parametrize(
    ("exception", "message"),
    [
        (
            {"exception-kind": "hours", "exception-opens": "17:00", "exception-closes": "08:00"},
            "must end after",
        ),
        ({"exception-kind": "hours"}, "Give the hours of that day, or choose closed all day."),
        ({"exception-date": "next friday", "exception-kind": "closed"}, "Enter a valid date."),
        ({"exception-date": "2026-12-31", "exception-kind": "closed"}, "This date already has an exception"),
    ],
)
def test_a_bad_exception_changes_nothing(admin, office, exception, message):
    update_calendar(admin, office, {"exceptions": [{"date": date(2026, 12, 31), "note": "Eve"}]})
    office.refresh_from_db()
    before = office.updated_at
    client = client_for(admin)
    posted = {"exception-date": "2026-12-25", **exception}
    for headers in ({}, {"HX-Request": "true"}):
        response = client.post(f"{page_of(office)}exceptions/", posted, headers=headers)
        assert response.status_code == 200 and message in response.content.decode()
    office.refresh_from_db()
    assert office.updated_at == before
    assert [(e.date, e.hours, e.note) for e in office.exceptions.all()] == [(date(2026, 12, 31), [], "Eve")]


def test_the_page_shows_the_next_public_holidays_and_whether_it_is_open_now(admin, office):
    update_calendar(
        admin, office, {"exceptions": [{"date": date(2026, 9, 13), "hours": [["08:00", "12:00"]]}]}
    )
    with time_machine.travel(datetime(2026, 9, 1, 10, 0, tzinfo=JERUSALEM), tick=False):  # a Tuesday
        page = client_for(admin).get(page_of(office)).content.decode()
    holidays = page[page.index('data-testid="holidays"') :]
    holidays = holidays[: holidays.index("</ul>")]
    assert holidays.index("2026-09-12") < holidays.index("Rosh Hashanah") < holidays.index("2026-09-21")
    assert "2026-09-13" not in holidays  # worked by exception
    outlook = page[page.index('data-testid="open-now"') :]
    assert "Open" in outlook[: outlook.index("</p>")]


def test_holidays_are_named_in_the_readers_language(admin, office):
    admin.language = "he"
    admin.save()
    with time_machine.travel(datetime(2026, 9, 1, 10, 0, tzinfo=JERUSALEM), tick=False):
        page = client_for(admin).get(page_of(office)).content.decode()
    assert "ראש השנה" in page


def test_an_unused_calendar_is_deleted_after_asking(admin, office):
    client = client_for(admin)
    assert "Nothing counts on it." in client.get(f"{page_of(office)}delete/").content.decode()
    assert client.post(f"{page_of(office)}delete/").url == LIST
    assert not Calendar.objects.exists()


def test_a_calendar_in_use_is_not_deleted_and_the_page_says_why(admin, galil, office):
    create_policy(admin, organisation=galil, name="Standard", calendar=office, resolution_minutes=60)
    spare = create_calendar(admin, name="Shifts", timezone="UTC", country="FI")
    set_calendar(admin, AgentFactory(), spare)
    client = client_for(admin)
    assert "1 SLA policy" in client.get(f"{page_of(office)}delete/").content.decode()
    for calendar, reason in (
        (office, "Policies count on this calendar"),
        (spare, "Agents&#x27; working hours follow this calendar"),
    ):
        response = client.post(f"{page_of(calendar)}delete/", follow=True)
        assert response.redirect_chain[-1][0] == page_of(calendar)
        assert reason in response.content.decode()
    assert Calendar.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_an_admin_creates_a_calendar_with_friday_closed_and_a_holiday_in_a_browser(browser, live_server):
    from tests.web.test_accessibility import check

    OrganisationFactory(code="GALIL", name="Galil Logistics", domains=["galil.example"])
    admin = AdminFactory(username="agent-maya", name="Maya Admin")  # "agent-" lands on the desk
    admin.set_password(PASSWORD)
    admin.save()
    page = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", "agent-maya")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/**")
    page.click("nav >> text=Administration")
    page.click("main >> text=Business calendars")
    page.click("text=New calendar")
    page.fill("#id_name", "Galil office")
    page.select_option("#id_organisation", label="Galil Logistics")
    page.select_option("#id_timezone", "Asia/Jerusalem")
    page.select_option("#id_country", "IL")
    page.wait_for_selector("#id_subdivision")  # htmx swapped in Israel's regions
    page.select_option("select[name=day-4-mode]", "closed")
    assert not page.is_visible("#day-4-intervals")
    monday = page.locator("#day-0")
    monday.locator("text=Add an interval").click()
    monday.locator("[data-interval]").nth(1).wait_for()  # htmx added a row, the page stayed
    monday.locator("input[name=day-0-to]").first.fill("12:00")
    monday.locator("input[name=day-0-from]").nth(1).fill("13:00")
    monday.locator("input[name=day-0-to]").nth(1).fill("17:00")
    monday.locator("text=Add an interval").click()
    monday.locator("[data-interval]").nth(2).wait_for()
    monday.locator("[data-interval]").nth(2).locator("button").click()  # × takes it away again
    assert monday.locator("[data-interval]").count() == 2
    page.click("text=Create the calendar")
    page.wait_for_url("**/desk/administration/calendars/*/")
    calendar = Calendar.objects.get()
    assert "4" not in calendar.weekly_hours
    assert calendar.weekly_hours["0"] == [["09:00", "12:00"], ["13:00", "17:00"]]

    page.fill("#id_exception-date", "2026-12-24")
    page.fill("#id_exception-note", "Company day")
    page.click("text=Add the exception")
    page.locator('[data-exception="2026-12-24"]').wait_for()
    assert "Company day" in page.text_content("#calendar-exceptions")
    assert page.is_visible("#calendar-outlook")
    check(page, "en-admin-calendar")
    page.fill("#id_name", "Galil office hours")
    with page.expect_navigation():
        page.press("#id_name", "Enter")  # Enter saves; it does not add or remove a row
    calendar.refresh_from_db()
    assert calendar.name == "Galil office hours"
    assert calendar.weekly_hours["0"] == [["09:00", "12:00"], ["13:00", "17:00"]]

    page.click("nav[aria-label=Breadcrumb] >> text=Business calendars")
    page.wait_for_url("**/desk/administration/calendars/")
    assert "Galil office hours" in page.text_content("main")
    check(page, "en-admin-calendars")
    assert [(e.date, e.hours, e.note) for e in calendar.exceptions.all()] == [
        (date(2026, 12, 24), [], "Company day")
    ]

    admin.language = "fa"
    admin.save()
    page.goto(f"{live_server.url}{page_of(calendar)}")
    assert page.get_attribute("html", "dir") == "rtl"
    assert "۱۴۰۵/۱۰/۰۳" in page.text_content("#calendar-exceptions")  # 24 December 2026, in Jalali
    check(page, "fa-admin-calendar")
