"""The services and categories pages: who may open them, the lists by organisation, and the forms
that create and change services and categories through the catalog services; bad input changes
nothing."""

import re

import pytest
from django.test import Client

from moked.catalog.models import Category, Service
from tests.factories import (
    AdminFactory,
    AgentFactory,
    CategoryFactory,
    ClientManagerFactory,
    OrganisationFactory,
    PersonFactory,
    ServiceFactory,
    TeamLeadFactory,
)
from tests.web.clients import client_for
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SERVICES = "/desk/administration/services/"
CATEGORIES = "/desk/administration/categories/"


def service_data(organisation=None, **overrides) -> dict:
    data = {
        "name": "Payroll",
        "description": "Salaries, slips and tax forms.",
        "criticality": "high",
        "coverage": "business_hours",
        "service_model": "catch_and_dispatch",
        "runbook": "",
        "dispatch_team": "Galil payroll team",
        "dispatch_contact": "payroll@galil.example",
        "is_active": "on",
    }
    if organisation is not None:
        data["organisation"] = str(organisation.pk)
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def admin():
    return AdminFactory()


@pytest.fixture
def galil():
    return OrganisationFactory(code="GALIL", name="Galil Logistics", domains=["galil.example"])


@pytest.fixture
def sisu():
    return OrganisationFactory(code="SISU", name="Sisu Energia", domains=["sisu.example"])


def test_only_admins_open_the_services_and_categories_pages(galil):
    service = ServiceFactory(organisation=galil, name="ERP")
    category = CategoryFactory(name="Hardware")
    addresses = [
        SERVICES,
        f"{SERVICES}new/",
        f"{SERVICES}{service.pk}/",
        CATEGORIES,
        f"{CATEGORIES}new/",
        f"{CATEGORIES}{category.pk}/",
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
        assert client.post(f"{SERVICES}{service.pk}/", service_data(name="Taken")).status_code == 403
        assert client.post(f"{SERVICES}new/", service_data(galil)).status_code == 403
        assert client.post(f"{CATEGORIES}{category.pk}/", {"name": "Taken"}).status_code == 403
    assert Client().get(SERVICES).url.startswith("/accounts/login/")
    service.refresh_from_db()
    category.refresh_from_db()
    assert (service.name, category.name, Service.objects.count()) == ("ERP", "Hardware", 1)
    admin = client_for(AdminFactory())
    for address in addresses:
        assert admin.get(address).status_code == 200, address


def test_unknown_services_and_categories_are_not_found(admin):
    client = client_for(admin)
    assert client.get(f"{SERVICES}999999/").status_code == 404
    assert client.post(f"{SERVICES}999999/", service_data()).status_code == 404
    assert client.get(f"{CATEGORIES}999999/").status_code == 404


def test_the_start_page_links_to_the_services(admin):
    assert f'href="{SERVICES}"' in client_for(admin).get("/desk/administration/").content.decode()


def test_the_list_groups_services_by_organisation_and_filters_them(admin, galil, sisu):
    ServiceFactory(organisation=sisu, name="Metering")
    ServiceFactory(organisation=galil, name="Warehouse scanners")
    ServiceFactory(
        organisation=galil,
        name="ERP",
        service_model="catch_and_dispatch",
        dispatch_team="ERP team",
        dispatch_contact="+972 4 555 0100",
        runbook="",
        is_active=False,
    )
    client = client_for(admin)
    page = client.get(SERVICES).content.decode()
    page = page[page.index("<table") :]  # after the organisation filter
    assert page.index("Galil Logistics") < page.index("ERP") < page.index("Warehouse scanners")
    assert page.index("Warehouse scanners") < page.index("Sisu Energia") < page.index("Metering")
    assert "ERP team" in page and "+972 4 555 0100" in page
    only_sisu = client.get(SERVICES, {"organisation": sisu.pk}).content.decode()
    assert "Metering" in only_sisu and "Warehouse scanners" not in only_sisu and "ERP" not in only_sisu
    active = client.get(SERVICES, {"organisation": galil.pk, "state": "active"}).content.decode()
    assert "Warehouse scanners" in active and "ERP team" not in active
    inactive = client.get(SERVICES, {"state": "inactive"}).content.decode()
    assert "ERP team" in inactive and "Metering" not in inactive


def test_the_filter_answers_htmx_with_the_same_page(admin, galil, sisu):
    ServiceFactory(organisation=sisu, name="Metering")
    response = client_for(admin).get(SERVICES, {"organisation": galil.pk}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and 'id="services"' in response.content.decode()
    assert "Metering" not in response.content.decode()


@pytest.mark.parametrize("count", [2, 15])
def test_the_lists_cost_a_bounded_number_of_queries(admin, count, django_assert_max_num_queries):
    for _ in range(count):
        organisation = OrganisationFactory()
        for _ in range(3):
            ServiceFactory(organisation=organisation)
        CategoryFactory(organisation=organisation)
    client = client_for(admin)
    with django_assert_max_num_queries(7):
        assert client.get(SERVICES).status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(CATEGORIES).status_code == 200


def test_the_list_is_paginated(admin, galil):
    for number in range(105):
        ServiceFactory(organisation=galil, name=f"Service {number:03d}")
    client = client_for(admin)
    first = client.get(SERVICES).content.decode()
    assert "Service 099" in first and "Service 100" not in first and "Page 1 of 2" in first
    assert "Service 104" in client.get(SERVICES, {"page": 2}).content.decode()


def test_an_admin_creates_a_catch_and_dispatch_service(admin, galil):
    response = client_for(admin).post(f"{SERVICES}new/", service_data(galil))
    assert response.status_code == 302 and response.url == f"{SERVICES}?organisation={galil.pk}"
    service = Service.objects.get()
    assert (service.organisation, service.name, service.description) == (
        galil,
        "Payroll",
        "Salaries, slips and tax forms.",
    )
    assert (service.service_model, service.dispatch_team, service.dispatch_contact) == (
        "catch_and_dispatch",
        "Galil payroll team",
        "payroll@galil.example",
    )
    assert (service.criticality, service.coverage, service.is_active) == ("high", "business_hours", True)


def test_an_admin_creates_a_resolve_service_with_its_runbook(admin, galil):
    data = service_data(
        galil,
        name="VPN",
        service_model="resolve",
        runbook="Reset the token.",
        coverage="24x7",
        is_active=None,
    )
    client_for(admin).post(f"{SERVICES}new/", data)
    service = Service.objects.get()
    assert (service.service_model, service.runbook, service.coverage, service.is_active) == (
        "resolve",
        "Reset the token.",
        "24x7",
        False,
    )


def test_the_new_service_form_starts_with_the_organisation_of_the_list(admin, galil, sisu):
    page = client_for(admin).get(f"{SERVICES}new/", {"organisation": sisu.pk}).content.decode()
    assert f'<option value="{sisu.pk}" selected>Sisu Energia</option>' in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"service_model": "resolve"}, "runbook", "A service the provider resolves needs a runbook."),
        (
            {"dispatch_team": " "},
            "dispatch_team",
            "Name the client team that catch-and-dispatch tickets go to.",
        ),
        ({"dispatch_contact": ""}, "dispatch_contact", "Say how to reach the client team."),
        ({"criticality": "extreme"}, "criticality", "Select a valid choice. extreme"),
        ({"service_model": "outsource"}, "service_model", "Select a valid choice. outsource"),
        ({"name": ""}, "name", "This field is required."),
        ({"organisation": "999999"}, "organisation", "Select a valid choice. 999999"),
    ],
)
def test_bad_input_creates_nothing_and_says_why_beside_the_field(admin, galil, overrides, field, message):
    response = client_for(admin).post(f"{SERVICES}new/", {**service_data(galil), **overrides})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in error for error in errors[field]), errors
    assert message in response.content.decode()
    assert not Service.objects.exists()


def test_a_name_taken_in_the_organisation_is_refused(admin, galil, sisu):
    ServiceFactory(organisation=galil, name="Payroll")
    client = client_for(admin)
    response = client.post(f"{SERVICES}new/", service_data(galil))
    assert "This organisation already has a service with this name." in response.content.decode()
    assert client.post(f"{SERVICES}new/", service_data(sisu)).status_code == 302  # another organisation's
    assert Service.objects.count() == 2


def test_an_admin_changes_every_field_of_a_service(admin, galil):
    service = ServiceFactory(organisation=galil, name="ERP")
    page = client_for(admin).get(f"{SERVICES}{service.pk}/").content.decode()
    assert 'value="ERP"' in page and "Restart it, then look at the logs." in page
    assert 'name="organisation"' not in page  # a service stays with its organisation
    changed = service_data(name="ERP (SAP)", criticality="critical", coverage="24x7", is_active=None)
    response = client_for(admin).post(f"{SERVICES}{service.pk}/", changed)
    assert response.status_code == 302 and response.url == f"{SERVICES}?organisation={galil.pk}"
    service.refresh_from_db()
    assert (service.name, service.criticality, service.coverage, service.is_active) == (
        "ERP (SAP)",
        "critical",
        "24x7",
        False,
    )
    assert (service.service_model, service.dispatch_team) == ("catch_and_dispatch", "Galil payroll team")


def test_a_bad_change_changes_nothing(admin, galil, sisu):
    service = ServiceFactory(organisation=galil, name="ERP")
    client = client_for(admin)
    response = client.post(f"{SERVICES}{service.pk}/", service_data(name="ERP 2", dispatch_team=""))
    assert "Name the client team that catch-and-dispatch tickets go to." in response.content.decode()
    service.refresh_from_db()
    assert (service.name, service.service_model, service.dispatch_contact) == ("ERP", "resolve", "")


def test_a_service_stays_with_its_organisation(admin, galil, sisu):
    service = ServiceFactory(organisation=galil, name="ERP")
    client_for(admin).post(f"{SERVICES}{service.pk}/", service_data(sisu, name="Moved"))
    service.refresh_from_db()
    assert (service.organisation, service.name) == (galil, "Moved")


def test_an_admin_creates_shared_and_organisation_categories(admin, galil):
    client = client_for(admin)
    response = client.post(f"{CATEGORIES}new/", {"name": "Hardware", "organisation": "", "is_active": "on"})
    assert response.status_code == 302 and response.url == CATEGORIES
    hardware = Category.objects.get()
    assert hardware.organisation is None and hardware.is_active
    data = {"name": "Scanners", "organisation": str(galil.pk), "parent": str(hardware.pk), "is_active": "on"}
    assert client.post(f"{CATEGORIES}new/", data).url == f"{CATEGORIES}?organisation={galil.pk}"
    scanners = Category.objects.get(name="Scanners")
    assert (scanners.organisation, scanners.parent, scanners.path) == (galil, hardware, "Hardware › Scanners")


def test_an_admin_renames_and_deactivates_a_category(admin):
    hardware = CategoryFactory(name="Hardware")
    printers = CategoryFactory(name="Printers", parent=hardware)
    client = client_for(admin)
    page = client.get(f"{CATEGORIES}{hardware.pk}/").content.decode()
    assert f'<option value="{hardware.pk}"' not in page  # not under itself
    client.post(f"{CATEGORIES}{hardware.pk}/", {"name": "Devices", "organisation": "", "parent": ""})
    hardware.refresh_from_db()
    printers.refresh_from_db()
    assert (hardware.name, hardware.is_active, printers.path) == ("Devices", False, "Devices › Printers")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "Loop", "parent": "child"}, "A category cannot be placed under itself."),
        ({"name": "Moved", "parent": "foreign"}, "The parent category belongs to another organisation."),
        ({"name": "Printers", "parent": ""}, "A category with this name already exists here."),
        ({"name": ""}, "This field is required."),
    ],
)
def test_a_bad_category_changes_nothing(admin, galil, sisu, data, message):
    hardware = CategoryFactory(name="Hardware", organisation=galil)
    child = CategoryFactory(name="Scanners", parent=hardware, organisation=galil)
    foreign = CategoryFactory(name="Meters", organisation=sisu)
    CategoryFactory(name="Printers", organisation=galil)
    parents = {"child": str(child.pk), "foreign": str(foreign.pk), "": ""}
    posted = {
        **data,
        "organisation": str(galil.pk),
        "parent": parents[data.get("parent", "")],
        "is_active": "on",
    }
    response = client_for(admin).post(f"{CATEGORIES}{hardware.pk}/", posted)
    assert response.status_code == 200 and message in response.content.decode()
    hardware.refresh_from_db()
    assert (hardware.name, hardware.parent) == ("Hardware", None)


def test_the_category_list_shows_an_organisations_own_and_the_shared_ones(admin, galil, sisu):
    CategoryFactory(name="Shared hardware")
    CategoryFactory(name="Galil scanners", organisation=galil)
    CategoryFactory(name="Sisu meters", organisation=sisu)
    client = client_for(admin)
    every = client.get(CATEGORIES).content.decode()
    assert all(name in every for name in ("Shared hardware", "Galil scanners", "Sisu meters"))
    galil_page = client.get(CATEGORIES, {"organisation": galil.pk}).content.decode()
    assert (
        "Shared hardware" in galil_page and "Galil scanners" in galil_page and "Sisu meters" not in galil_page
    )


@pytest.mark.django_db(transaction=True)
def test_an_admin_creates_a_catch_and_dispatch_service_in_a_browser(browser, live_server):
    from tests.web.test_accessibility import check

    galil = OrganisationFactory(code="GALIL", name="Galil Logistics", domains=["galil.example"])
    ServiceFactory(organisation=galil, name="Warehouse scanners")
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
    page.click("main >> text=Services and categories")
    page.select_option("#organisation", label="Galil Logistics")  # htmx filters in place
    page.wait_for_url(re.compile(rf"/desk/administration/services/\?organisation={galil.pk}"))
    page.click("text=New service")
    assert page.input_value("#id_organisation") == str(galil.pk)
    page.fill("#id_name", "Payroll")
    assert page.is_visible("#id_runbook") and not page.is_visible("#id_dispatch_team")
    page.select_option("#id_service_model", "catch_and_dispatch")
    assert not page.is_visible("#id_runbook")  # not asked of a catch-and-dispatch service
    page.fill("#id_dispatch_team", "Galil payroll team")
    page.fill("#id_dispatch_contact", "payroll@galil.example")
    check(page, "en-admin-service")
    page.click("text=Create the service")
    page.wait_for_url(re.compile(rf"/desk/administration/services/\?organisation={galil.pk}$"))
    row = page.locator("tr", has_text="Payroll")
    assert "Hand over to Galil payroll team" in row.text_content()
    check(page, "en-admin-services")
    service = Service.objects.get(name="Payroll")
    assert (service.organisation, service.service_model) == (galil, "catch_and_dispatch")
