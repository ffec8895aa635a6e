"""The organisations pages: who may open them, the list with its search and counts, and the form
that creates and changes an organisation through the tenancy services."""

import pytest
from django.test import Client

from moked.tenancy.models import EmailDomain, Organisation
from moked.tickets import services as tickets
from tests.factories import (
    AdminFactory,
    AgentFactory,
    ClientManagerFactory,
    OrganisationFactory,
    PersonFactory,
    TeamLeadFactory,
    make_ticket,
)
from tests.web.clients import client_for
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LIST = "/desk/administration/organisations/"
NEW = "/desk/administration/organisations/new/"


def form_data(**overrides) -> dict:
    data = {
        "name": "Sisu Energia Oy",
        "code": "SISU",
        "email_domains": "sisu.example\nsisu-energia.example",
        "auto_create_requesters": "on",
        "language": "fi",
        "timezone": "Europe/Helsinki",
        "country": "FI",
        "status": "active",
        "tags": "vip, gold-contract",
        "reopen_window_days": "21",
    }
    for impact in (1, 2, 3):
        for urgency in (1, 2, 3):
            data[f"matrix_{impact}_{urgency}"] = str(min(4, impact + urgency - 1))
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def admin():
    return AdminFactory()


@pytest.fixture
def acme():
    return OrganisationFactory(code="ACME", name="Acme Tools", domains=["acme.example"])


def test_only_admins_open_the_organisation_pages(acme):
    for stranger in (
        AgentFactory(serves=[acme]),
        TeamLeadFactory(serves=[acme]),
        PersonFactory(organisation=acme),
        ClientManagerFactory(organisation=acme),
    ):
        client = client_for(stranger)
        for address in (LIST, NEW, f"{LIST}{acme.pk}/"):
            assert client.get(address).status_code == 403, (stranger.role, address)
        assert client.post(f"{LIST}{acme.pk}/", form_data(name="Taken over")).status_code == 403
    assert Client().get(LIST).url.startswith("/accounts/login/")
    acme.refresh_from_db()
    assert acme.name == "Acme Tools"
    admin = client_for(AdminFactory())
    assert admin.get(LIST).status_code == 200
    assert admin.get(f"{LIST}{acme.pk}/").status_code == 200
    assert admin.get(f"{LIST}999999/").status_code == 404


def test_the_start_page_links_to_the_organisations(admin):
    page = client_for(admin).get("/desk/administration/").content.decode()
    assert f'href="{LIST}"' in page and "Organisations" in page


def test_the_list_counts_open_tickets_and_people_of_each_organisation(admin, acme):
    other = OrganisationFactory(code="GLOBEX", name="Globex")
    customer = PersonFactory(organisation=acme)
    PersonFactory(organisation=acme)
    make_ticket(customer)
    done = make_ticket(customer)
    agent = AgentFactory(serves=[acme])
    tickets.update_ticket(agent, done, {"assignee": agent})
    tickets.change_status(agent, done, "resolved", resolution_code="solved")
    response = client_for(admin).get(LIST)
    rows = {organisation.code: organisation for organisation in response.context["page"]}
    assert (rows["ACME"].open_tickets, rows["ACME"].people_count) == (1, 2)
    assert (rows["GLOBEX"].open_tickets, rows["GLOBEX"].people_count) == (0, 0)
    page = response.content.decode()
    assert "acme.example" in page and other.name in page


def test_the_list_finds_by_name_code_or_domain_and_filters_by_state(admin, acme):
    OrganisationFactory(code="GLOBEX", name="Globex", domains=["globex.example"], status="suspended")
    client = client_for(admin)

    def codes(**query):
        return [organisation.code for organisation in client.get(LIST, query).context["page"]]

    assert codes(q="acme") == ["ACME"]
    assert codes(q="globex.exam") == ["GLOBEX"]
    assert codes(q="ACM") == ["ACME"]
    assert codes(status="suspended") == ["GLOBEX"]
    assert codes(status="nonsense") == ["ACME", "GLOBEX"]
    assert codes(q="nobody-has-this") == []


def test_the_list_is_paginated(admin):
    for n in range(55):
        OrganisationFactory(code=f"C{n:02d}", name=f"Client {n:02d}")
    client = client_for(admin)
    first = client.get(LIST)
    assert len(first.context["page"]) == 50 and "page=2" in first.content.decode()
    assert [o.code for o in client.get(LIST, {"page": 2}).context["page"]] == [f"C{n}" for n in range(50, 55)]


@pytest.mark.parametrize("count", [2, 25])
def test_the_list_costs_a_bounded_number_of_queries(admin, count, django_assert_max_num_queries):
    for _ in range(count):
        organisation = OrganisationFactory()
        customer = PersonFactory(organisation=organisation)
        make_ticket(customer)
    client = client_for(admin)
    with django_assert_max_num_queries(7):
        assert client.get(LIST, {"q": "Client"}).status_code == 200


def test_an_admin_creates_an_organisation(admin):
    response = client_for(admin).post(NEW, form_data())
    assert response.status_code == 302 and response.url == LIST
    sisu = Organisation.objects.get(code="SISU")
    assert (sisu.name, sisu.language, sisu.timezone, sisu.country) == (
        "Sisu Energia Oy",
        "fi",
        "Europe/Helsinki",
        "FI",
    )
    assert sorted(sisu.email_domains.values_list("domain", flat=True)) == [
        "sisu-energia.example",
        "sisu.example",
    ]
    assert sisu.tags == ["vip", "gold-contract"]
    assert (sisu.reopen_window_days, sisu.auto_create_requesters, sisu.status) == (21, True, "active")
    assert sisu.priority_matrix is None  # the provider's, unless asked for
    assert sisu.articles_in_acknowledgement is False  # off unless asked for


def test_an_admin_turns_on_articles_in_the_acknowledgement(admin, acme):
    url = f"{LIST}{acme.pk}/"
    assert "articles_in_acknowledgement" in client_for(admin).get(url).content.decode()
    client_for(admin).post(url, form_data(code="ACME", articles_in_acknowledgement="on"))
    acme.refresh_from_db()
    assert acme.articles_in_acknowledgement is True


def test_a_new_organisation_may_have_its_own_priority_matrix(admin):
    client_for(admin).post(NEW, form_data(own_matrix="on", matrix_3_3="3"))
    matrix = Organisation.objects.get(code="SISU").priority_matrix
    assert matrix == [[1, 2, 3], [2, 3, 4], [3, 4, 3]]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"code": "x"}, "capital letters"),
        ({"email_domains": "acme.example"}, "acme.example already belongs to another organisation."),
        ({"email_domains": "not a domain"}, "is not a valid e-mail domain"),
        ({"country": "XX"}, "is not a supported ISO 3166 country code"),
        ({"timezone": "Mars/Olympus"}, "Select a valid choice"),
        ({"tags": "fine, no!good"}, "is not a tag"),
        ({"reopen_window_days": "400"}, "less than or equal to 365"),
        ({"name": ""}, "This field is required."),
    ],
)
def test_bad_input_creates_nothing_and_says_why(admin, acme, overrides, message):
    response = client_for(admin).post(NEW, form_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Organisation.objects.filter(code="SISU").exists()
    assert not EmailDomain.objects.filter(domain="sisu.example").exists()


def test_every_mistake_shows_at_once(admin):
    page = (
        client_for(admin).post(NEW, form_data(name="", code="x", country="XX", tags="no!")).content.decode()
    )
    for message in ("This field is required.", "capital letters", "ISO 3166 country code", "is not a tag"):
        assert message in page


def test_a_taken_code_is_refused(admin, acme):
    response = client_for(admin).post(NEW, form_data(code="ACME"))
    assert response.status_code == 200 and "already exists" in response.content.decode()
    assert Organisation.objects.get(code="ACME").name == "Acme Tools"


def test_the_form_shows_the_organisation_as_it_is(admin, acme):
    acme.tags, acme.priority_matrix = ["vip"], [[1, 1, 2], [2, 3, 4], [3, 4, 4]]
    acme.save()
    form = client_for(admin).get(f"{LIST}{acme.pk}/").context["form"]
    assert form["name"].value() == "Acme Tools"
    assert form["email_domains"].value() == "acme.example"
    assert form["own_matrix"].value() is True and form["matrix_1_2"].value() == 1
    assert 'value="vip"' in str(form["tags"])


def test_an_admin_changes_and_suspends_an_organisation(admin, acme):
    url = f"{LIST}{acme.pk}/"
    changes = form_data(
        name="Acme Tools Ltd",
        code="ACME",
        email_domains="acme-tools.example",
        status="suspended",
        auto_create_requesters=None,
        own_matrix="on",
    )
    assert client_for(admin).post(url, changes).status_code == 302
    acme.refresh_from_db()
    assert (acme.name, acme.status, acme.auto_create_requesters) == ("Acme Tools Ltd", "suspended", False)
    assert list(acme.email_domains.values_list("domain", flat=True)) == ["acme-tools.example"]
    assert acme.priority_matrix == [[1, 2, 3], [2, 3, 4], [3, 4, 4]]
    client_for(admin).post(url, form_data(code="ACME", own_matrix=None))
    acme.refresh_from_db()
    assert acme.priority_matrix is None


def test_a_refused_change_changes_nothing(admin, acme):
    OrganisationFactory(code="GLOBEX", domains=["globex.example"])
    url = f"{LIST}{acme.pk}/"
    response = client_for(admin).post(
        url, form_data(name="Renamed", code="ACME", email_domains="acme.example globex.example")
    )
    assert "globex.example already belongs to another organisation." in response.content.decode()
    acme.refresh_from_db()
    assert acme.name == "Acme Tools"
    assert list(acme.email_domains.values_list("domain", flat=True)) == ["acme.example"]


@pytest.mark.django_db(transaction=True)
def test_an_admin_creates_an_organisation_with_a_domain_in_a_browser(browser, live_server):
    from tests.web.test_accessibility import violations

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
    page.click("main >> text=Organisations")
    page.click("text=New organisation")
    assert violations(page) == []
    page.fill("#id_name", "Galil Logistics")
    page.fill("#id_code", "galil")  # capitals are made for you
    page.fill("#id_email_domains", "galil-logistics.co.il")
    page.select_option("#id_language", "he")
    page.select_option("#id_timezone", "Asia/Jerusalem")
    page.fill("#id_country", "IL")
    page.fill("#id_tags", "vip")
    page.click("main button[type=submit]")
    page.wait_for_url("**/desk/administration/organisations/")
    row = page.locator("tr[data-code=GALIL]")
    assert "galil-logistics.co.il" in row.text_content() and "Hebrew" in row.text_content()
    assert violations(page) == []
    galil = Organisation.objects.get(code="GALIL")
    assert list(galil.email_domains.values_list("domain", flat=True)) == ["galil-logistics.co.il"]
    assert (galil.language, galil.timezone, galil.tags) == ("he", "Asia/Jerusalem", ["vip"])
