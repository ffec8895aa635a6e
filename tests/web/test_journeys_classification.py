"""Classification in a real browser: an agent accepts a suggested group in one click; an admin
switches a field to automatic and reads its precision and coverage; both pages pass axe in
English and in Persian (right to left)."""

import pytest

from moked.classification.models import FieldSetting, TicketPrediction
from tests.factories import AdminFactory, AgentFactory, OrganisationFactory
from tests.web.classified import printer_ticket, trained
from tests.web.conftest import PASSWORD
from tests.web.test_accessibility import violations
from tests.web.test_journeys_knowledge import signed_in_at_the_desk

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def desk():
    pars = OrganisationFactory(code="PARS", name="Pars Trading", domains=["pars.example"], language="fa")
    agent = AgentFactory(username="agent-avi", name="Avi Agent", serves=[pars], language="en")
    persian_agent = AgentFactory(username="agent-shirin", name="شیرین", serves=[pars], language="fa")
    admin = AdminFactory(username="ada", name="Ada Admin", language="en")
    for person in (agent, persian_agent, admin):
        person.set_password(PASSWORD)
        person.save()
    made = trained(pars, agent)
    persian_agent.support_groups.add(*(route["group"] for route in made["routes"].values()))
    return {"organisation": pars, "ticket": printer_ticket(pars), **made}


def staff_page(browser, live_server, username, language="en-GB"):
    return signed_in_at_the_desk(browser, live_server, username, locale=language)


def test_an_agent_accepts_a_suggested_group(desk, browser, live_server):
    ticket = desk["ticket"]
    page = staff_page(browser, live_server, "agent-avi")
    page.goto(f"{live_server.url}/desk/tickets/{ticket.reference}/")
    panel = page.locator("[data-testid=classification-suggestions]")
    row = panel.locator("li[data-field=group]")
    assert "printing team" in row.text_content()
    assert "% confident" in row.locator("[data-testid=confidence]").text_content()

    row.get_by_role("button", name="Accept Group: printing team").click()
    page.wait_for_selector(".alert-success")
    assert "Group is now “printing team”, as suggested." in page.text_content(".alert-success")
    group = page.locator("header dt", has_text="Group").locator("xpath=following-sibling::dd[1]")
    assert group.text_content().strip() == "printing team"
    assert "The ticket has this value." in panel.locator("li[data-field=group]").text_content()
    assert panel.locator("li[data-field=group] button").count() == 0

    ticket.refresh_from_db()
    assert ticket.group == desk["routes"]["printing"]["group"]
    assert TicketPrediction.objects.get(ticket=ticket, field="group").accepted_at is not None


def test_an_admin_switches_a_field_to_automatic_and_sees_precision_and_coverage(desk, browser, live_server):
    organisation = desk["organisation"]
    page = staff_page(browser, live_server, "ada")
    page.goto(f"{live_server.url}/desk/administration/")
    page.get_by_role("link", name="Classification").click()
    page.get_by_role("link", name="Pars Trading").click()

    page.select_option("#mode-group", "auto")
    page.fill("#target-group", "90")
    page.get_by_role("button", name="Save Group").click()
    page.wait_for_selector(".alert-success")

    row = page.locator("[data-testid=figures] tr[data-field=group]")
    assert row.locator("[data-testid=mode]").text_content().strip() == "Automatic"
    assert row.locator("td", has_text="90%").count() >= 1  # the target
    assert row.locator("[data-testid=held-out-precision]").text_content().strip().endswith("%")
    assert row.locator("[data-testid=held-out-coverage]").text_content().strip().endswith("%")
    assert row.locator("[data-testid=threshold]").text_content().strip().endswith("%")
    assert page.input_value("#target-group") == "90"
    setting = FieldSetting.objects.get(organisation=organisation, field="group")
    assert (setting.mode, float(setting.target_precision)) == ("auto", 0.9)


@pytest.mark.parametrize(("language", "agent"), [("en-GB", "agent-avi"), ("fa", "agent-shirin")])
def test_the_classification_pages_are_accessible(desk, browser, live_server, language, agent):
    page = staff_page(browser, live_server, agent, language)
    page.goto(f"{live_server.url}/desk/tickets/{desk['ticket'].reference}/")
    assert page.locator("[data-testid=classification-suggestions]").count() == 1
    assert violations(page) == []
    assert page.get_attribute("html", "dir") == ("rtl" if language == "fa" else "ltr")
    organisation = desk["organisation"]
    for address in (
        "/desk/administration/classification/",
        f"/desk/administration/classification/{organisation.pk}/",
    ):
        page.goto(f"{live_server.url}{address}")
        assert violations(page) == [], address
    admin = staff_page(browser, live_server, "ada", language)
    admin.goto(f"{live_server.url}/desk/administration/classification/{organisation.pk}/")
    assert admin.locator("#mode-group").count() == 1
    assert violations(admin) == []
