"""The people pages: who may open them, the list with its search, filters and pages, the form that
adds and changes a person through the people services, and for the provider's staff their skills,
working hours and absences through the assignment services."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from moked.assignment.models import Absence, AgentProfile
from moked.businesstime.services import create_calendar
from moked.people.models import Person
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

LIST = "/desk/administration/people/"
NEW = "/desk/administration/people/new/"


def person_data(**overrides) -> dict:
    data = {
        "name": "Dana Cohen",
        "email": "dana@acme.example",
        "username": "",
        "phone": "+972 50 123 4567",
        "role": "end_user",
        "organisation": "",
        "tier": "",
        "language": "he",
        "timezone": "Asia/Jerusalem",
        "is_active": "on",
        "password": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def acme():
    return OrganisationFactory(code="ACME", name="Acme Tools", domains=["acme.example"])


@pytest.fixture
def admin():
    return AdminFactory(name="Ada Admin", timezone="Asia/Jerusalem")


@pytest.fixture
def agent(acme):
    return AgentFactory(name="Avi Agent", serves=[acme])


def test_only_admins_open_the_people_pages(acme, agent):
    customer = PersonFactory(organisation=acme, name="Dana")
    for stranger in (
        agent,
        TeamLeadFactory(serves=[acme]),
        customer,
        ClientManagerFactory(organisation=acme),
    ):
        client = client_for(stranger)
        for address in (LIST, NEW, f"{LIST}{customer.pk}/", f"{LIST}{agent.pk}/"):
            assert client.get(address).status_code == 403, (stranger.role, address)
        answer = client.post(f"{LIST}{customer.pk}/", person_data(action="person", name="Hijacked"))
        assert answer.status_code == 403
    customer.refresh_from_db()
    assert customer.name == "Dana"
    admin = client_for(AdminFactory())
    assert admin.get(LIST).status_code == 200
    assert admin.get(f"{LIST}{customer.pk}/").status_code == 200
    assert admin.get(f"{LIST}999999/").status_code == 404


def test_the_list_finds_people_by_name_e_mail_or_phone(admin, acme):
    PersonFactory(organisation=acme, name="Dana Cohen", email="dana@acme.example", phone="050-123 4567")
    PersonFactory(organisation=acme, name="Noa Levi", email="noa@acme.example")
    client = client_for(admin)

    def names(**query):
        return [person.name for person in client.get(LIST, query).context["page"]]

    assert names(q="dana") == ["Dana Cohen"]
    assert names(q="noa@acme") == ["Noa Levi"]
    assert names(q="0501234567") == ["Dana Cohen"]


def test_the_list_filters_by_organisation_role_and_activity(admin, acme, agent):
    globex = OrganisationFactory(code="GLOBEX")
    PersonFactory(organisation=acme, name="Dana Cohen")
    ClientManagerFactory(organisation=acme, name="Carmel Manager")
    PersonFactory(organisation=globex, name="Gil Globex", is_active=False)
    client = client_for(admin)

    def names(**query):
        return sorted(person.name for person in client.get(LIST, query).context["page"])

    assert names(organisation=acme.pk) == ["Carmel Manager", "Dana Cohen"]
    assert names(organisation="staff") == ["Ada Admin", "Avi Agent"]
    assert names(role="client_manager") == ["Carmel Manager"]
    assert names(active="no") == ["Gil Globex"]
    assert names(organisation=acme.pk, role="end_user", active="yes") == ["Dana Cohen"]
    assert "Gil Globex" in names(organisation="not-a-number")  # ignored, not an error


def test_the_list_is_paginated_and_keeps_its_filters(admin, acme):
    for n in range(60):
        PersonFactory(organisation=acme, name=f"Customer {n:02d}")
    client = client_for(admin)
    first = client.get(LIST, {"organisation": acme.pk})
    assert len(first.context["page"]) == 50
    assert f"organisation={acme.pk}&amp;page=2" in first.content.decode()
    second = client.get(LIST, {"organisation": acme.pk, "page": 2}).context["page"]
    assert [person.name for person in second] == [f"Customer {n}" for n in range(50, 60)]


@pytest.mark.parametrize("count", [3, 40])
def test_the_list_costs_a_bounded_number_of_queries(admin, count, django_assert_max_num_queries):
    for _ in range(count):
        PersonFactory(organisation=OrganisationFactory())
    client = client_for(admin)
    with django_assert_max_num_queries(7):
        assert client.get(LIST, {"q": "Person", "role": "end_user", "active": "yes"}).status_code == 200


def test_an_admin_adds_an_end_user_with_a_password(admin, acme):
    client = client_for(admin)
    response = client.post(NEW, person_data(organisation=acme.pk, password=PASSWORD))
    dana = Person.objects.get(email="dana@acme.example")
    assert response.status_code == 302 and response.url == f"{LIST}{dana.pk}/"
    assert "Dana Cohen was added." in client.get(response.url).content.decode()
    assert (dana.username, dana.name, dana.role, dana.organisation, dana.language, dana.timezone) == (
        "dana@acme.example",
        "Dana Cohen",
        "end_user",
        acme,
        "he",
        "Asia/Jerusalem",
    )
    assert dana.phone == "+972 50 123 4567" and dana.is_active
    assert dana.check_password(PASSWORD)


def test_without_a_password_the_person_has_none_that_works(admin, acme):
    client_for(admin).post(NEW, person_data(organisation=acme.pk, username="dana"))
    dana = Person.objects.get(username="dana")
    assert not dana.has_usable_password()


def test_an_admin_adds_an_agent_who_serves_organisations(admin, acme):
    globex = OrganisationFactory(code="GLOBEX")
    data = person_data(
        name="Omar Agent",
        email="omar@provider.example",
        role="agent",
        tier="2",
        organisations=[acme.pk, globex.pk],
        organisation=acme.pk,  # a client's setting: not kept for staff
        language="",
        timezone="",
    )
    client = client_for(admin)
    response = client.post(NEW, data, follow=True)
    omar = Person.objects.get(email="omar@provider.example")
    assert (omar.role, omar.tier, omar.organisation, omar.language, omar.timezone) == (
        "agent",
        2,
        None,
        "",
        "",
    )
    assert set(omar.organisations.all()) == {acme, globex}
    page = response.content.decode()
    assert "Omar Agent was added." in page and "Skills" in page and "Absences" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"organisation": ""}, "End users and client managers belong to an organisation."),
        ({"role": "agent", "tier": ""}, "Agents and team leads work at tier 1, 2 or 3."),
        ({"email": "", "username": ""}, "Give an e-mail address or a username."),
        ({"email": "not an address"}, "Enter a valid email address."),
        ({"password": "short"}, "This password is too short."),
        ({"timezone": "Mars/Olympus"}, "Select a valid choice"),
        ({"name": ""}, "This field is required."),
        # more digits than an id has: a choice that does not exist (was a server error on SQLite)
        ({"organisation": "99999999999999999999"}, "Select a valid choice."),
        ({"role": "agent", "tier": "1", "organisations": ["99999999999999999999"]}, "Select a valid choice."),
    ],
)
def test_bad_input_adds_nobody_and_says_why(admin, acme, overrides, message):
    before = Person.objects.count()
    response = client_for(admin).post(NEW, person_data(**{"organisation": acme.pk, **overrides}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Person.objects.count() == before


def test_an_address_someone_has_is_refused(admin, acme):
    PersonFactory(organisation=acme, email="dana@acme.example")
    response = client_for(admin).post(NEW, person_data(organisation=acme.pk, email="DANA@acme.example"))
    assert "Another person already has this e-mail address." in response.content.decode()
    assert Person.objects.filter(email="dana@acme.example").count() == 1


def test_an_admin_changes_a_person(admin, acme):
    globex = OrganisationFactory(code="GLOBEX")
    dana = PersonFactory(organisation=acme, name="Dana", email="dana@acme.example", username="dana")
    url = f"{LIST}{dana.pk}/"
    data = person_data(
        action="person",
        name="Dana Cohen-Levi",
        email="dana.cl@globex.example",
        username="dana",
        phone="03-555-1234",
        role="client_manager",
        organisation=globex.pk,
        language="en",
        timezone="Europe/London",
        is_active=None,
    )
    response = client_for(admin).post(url, data, follow=True)
    assert "Saved." in response.content.decode()
    dana.refresh_from_db()
    assert (dana.name, dana.email, dana.phone, dana.role, dana.organisation) == (
        "Dana Cohen-Levi",
        "dana.cl@globex.example",
        "03-555-1234",
        "client_manager",
        globex,
    )
    assert (dana.language, dana.timezone, dana.is_active) == ("en", "Europe/London", False)
    assert dana.check_password("correct horse battery")  # no password given: the old one stays


def test_an_admin_sets_a_new_password(admin, acme):
    dana = PersonFactory(organisation=acme, username="dana")
    data = person_data(action="person", organisation=acme.pk, email=dana.email, password=PASSWORD)
    client_for(admin).post(f"{LIST}{dana.pk}/", data)
    dana.refresh_from_db()
    assert dana.check_password(PASSWORD)


def test_an_agent_made_an_end_user_loses_the_staff_settings(admin, acme, agent):
    data = person_data(
        action="person",
        email=agent.email,
        role="end_user",
        organisation=acme.pk,
        tier="1",
        organisations=[acme.pk],
    )
    client_for(admin).post(f"{LIST}{agent.pk}/", data)
    agent.refresh_from_db()
    assert (agent.role, agent.organisation, agent.tier) == ("end_user", acme, None)
    assert not agent.organisations.exists()


def test_a_refused_change_changes_nothing(admin, acme):
    dana = PersonFactory(organisation=acme, name="Dana")
    PersonFactory(organisation=acme, email="taken@acme.example")
    url = f"{LIST}{dana.pk}/"
    data = person_data(action="person", name="Renamed", organisation=acme.pk, email="taken@acme.example")
    response = client_for(admin).post(url, data)
    assert response.status_code == 200
    assert "Another person already has this e-mail address." in response.content.decode()
    dana.refresh_from_db()
    assert dana.name == "Dana"


def test_the_staff_settings_are_only_offered_for_staff(admin, acme, agent):
    dana = PersonFactory(organisation=acme)
    client = client_for(admin)
    assert "Absences" not in client.get(f"{LIST}{dana.pk}/").content.decode()
    client.post(f"{LIST}{dana.pk}/", {"action": "profile", "skills": "vpn"})
    assert not AgentProfile.objects.exists()
    assert "Absences" in client.get(f"{LIST}{agent.pk}/").content.decode()


def test_an_admin_gives_an_agent_skills_and_working_hours(admin, agent):
    office = create_calendar(admin, name="Office hours", timezone="Asia/Jerusalem", country="IL")
    client = client_for(admin)
    url = f"{LIST}{agent.pk}/"
    answer = client.post(
        url, {"action": "profile", "skills": "VPN, printers  Active Directory", "calendar": office.pk}
    )
    assert answer.status_code == 302
    profile = AgentProfile.objects.get(person=agent)
    assert profile.skills == ["active", "directory", "printers", "vpn"]
    assert profile.calendar == office
    page = client.get(url).content.decode()
    assert "active, directory, printers, vpn" in page
    client.post(url, {"action": "profile", "skills": "", "calendar": ""})
    profile.refresh_from_db()
    assert (profile.skills, profile.calendar) == ([], None)


def test_a_bad_skill_is_refused_and_changes_nothing(admin, agent):
    client = client_for(admin)
    url = f"{LIST}{agent.pk}/"
    client.post(url, {"action": "profile", "skills": "vpn"})
    response = client.post(url, {"action": "profile", "skills": "vpn, no!way"})
    assert response.status_code == 200 and "is not a valid tag" in response.content.decode()
    assert AgentProfile.objects.get(person=agent).skills == ["vpn"]


def test_working_hours_chosen_by_a_number_longer_than_any_id_are_refused(admin, agent):
    """It was a server error on SQLite (the number overflowed its integers)."""
    client = client_for(admin)
    url = f"{LIST}{agent.pk}/"
    client.post(url, {"action": "profile", "skills": "vpn"})
    response = client.post(
        url, {"action": "profile", "skills": "printers", "calendar": "99999999999999999999"}
    )
    assert response.status_code == 200 and "Select a valid choice." in response.content.decode()
    assert AgentProfile.objects.get(person=agent).skills == ["vpn"]


def test_an_absence_is_typed_in_the_admins_time_zone_and_removed(admin, agent):
    client = client_for(admin)
    url = f"{LIST}{agent.pk}/"
    answer = client.post(
        url,
        {
            "action": "absence",
            "absence-starts_at": "2030-03-01T09:00",
            "absence-ends_at": "2030-03-05T18:00",
            "absence-reason": "Reserve duty",
        },
    )
    assert answer.status_code == 302
    absence = Absence.objects.get(person=agent)
    assert absence.starts_at == datetime(2030, 3, 1, 7, 0, tzinfo=UTC)  # 09:00 in Jerusalem
    assert absence.reason == "Reserve duty"
    assert "Reserve duty" in client.get(url).content.decode()
    removed = client.post(url, {"action": "remove-absence", "absence": absence.pk}, follow=True)
    assert "The absence was removed." in removed.content.decode()
    assert not Absence.objects.exists()


def test_a_bad_absence_is_refused(admin, agent):
    response = client_for(admin).post(
        f"{LIST}{agent.pk}/",
        {"action": "absence", "absence-starts_at": "2030-03-05T09:00", "absence-ends_at": "2030-03-01T09:00"},
    )
    assert response.status_code == 200 and "An absence ends after it starts." in response.content.decode()
    assert not Absence.objects.exists()


def test_only_current_and_coming_absences_are_listed_and_only_the_persons_removed(admin, agent):
    colleague = AgentFactory()
    now = timezone.now()
    Absence.objects.create(
        person=agent, starts_at=now - timedelta(days=9), ends_at=now - timedelta(days=8), reason="Old"
    )
    Absence.objects.create(person=agent, starts_at=now, ends_at=now + timedelta(days=1), reason="Today")
    theirs = Absence.objects.create(person=colleague, starts_at=now, ends_at=now + timedelta(days=1))
    client = client_for(admin)
    page = client.get(f"{LIST}{agent.pk}/").content.decode()
    assert "Today" in page and "Old" not in page
    assert (
        client.post(f"{LIST}{agent.pk}/", {"action": "remove-absence", "absence": theirs.pk}).status_code
        == 404
    )
    assert client.post(f"{LIST}{agent.pk}/", {"action": "remove-absence", "absence": "x"}).status_code == 404
    assert Absence.objects.filter(pk=theirs.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_an_admin_adds_an_agent_and_gives_them_a_skill_in_a_browser(browser, live_server):
    from tests.web.test_accessibility import violations

    acme = OrganisationFactory(code="ACME", name="Acme Tools")
    admin = AdminFactory(username="agent-maya", name="Maya Admin")  # "agent-" lands on the desk
    admin.set_password(PASSWORD)
    admin.save()
    page = browser.new_context(locale="en-GB").new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", "agent-maya")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/**")
    page.click("nav >> text=Administration")
    page.click("main >> text=People")
    page.click("text=New person")
    page.fill("#id_name", "Reza Ahmadi")
    page.fill("#id_email", "reza@provider.example")
    page.select_option("#id_role", "agent")
    page.select_option("#id_tier", "1")
    page.select_option("#id_organisations", [str(acme.pk)])
    page.fill("#id_password", PASSWORD)
    page.click("form:has(#id_name) button[type=submit]")
    page.wait_for_url("**/desk/administration/people/*/")
    assert "Reza Ahmadi was added." in page.text_content("main")
    page.fill("#id_skills", "VPN, printers")
    page.click("form:has(#id_skills) button[type=submit]")
    page.wait_for_selector("text=Saved.")
    assert page.input_value("#id_skills") == "printers, vpn"
    assert violations(page) == []
    reza = Person.objects.get(email="reza@provider.example")
    assert (reza.role, reza.tier, list(reza.organisations.all())) == ("agent", 1, [acme])
    assert AgentProfile.objects.get(person=reza).skills == ["printers", "vpn"]
    page.goto(f"{live_server.url}/desk/administration/people/?q=reza")
    assert "reza@provider.example" in page.text_content("main table")
    assert violations(page) == []
