"""The main pages in English and Persian: no serious or critical accessibility violations
(axe-core, vendored from the npm registry and injected into each page). With MOKED_SCREENSHOTS=1
(`make screenshots`) each page is also photographed for docs/screenshots/; a plain test run
leaves the tracked screenshots alone."""

import os
from pathlib import Path

import pytest

from moked.tickets import services
from tests.factories import AgentFactory, GroupFactory, OrganisationFactory, PersonFactory, make_ticket
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

AXE = next(Path(__file__).parent.glob("vendor/axe-core-*/axe.min.js"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def world():
    org = OrganisationFactory(code="PARS", name="Pars Daru", domains=["pars.example"], language="fa")
    agent = AgentFactory(username="agent-avi", name="Avi Agent", serves=[org], language="en")
    GroupFactory(name="Service desk", members=[agent])
    english = PersonFactory(organisation=org, username="dana", name="Dana Cohen", language="en")
    persian = PersonFactory(organisation=org, username="reza", name="رضا احمدی", language="fa")
    persian_agent = AgentFactory(username="agent-shirin", name="شیرین", serves=[org], language="fa")
    for person in (agent, english, persian, persian_agent):
        person.set_password(PASSWORD)
        person.save()
    tickets = {}
    for person, subject in ((english, "VPN drops every few minutes"), (persian, "چاپگر کار نمی‌کند")):
        ticket = make_ticket(person, subject=subject, description="Since this morning. / از امروز صبح.")
        services.add_comment(agent, ticket, "Please restart the client. / لطفاً برنامه را دوباره اجرا کنید.")
        services.add_comment(agent, ticket, "Vendor case 4711", public=False)
        tickets[person.username] = ticket
    return tickets


def violations(page) -> list[str]:
    # evaluated by the browser's tools: a <script> element of our own would break the pages' CSP
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def check(page, name: str) -> None:
    assert violations(page) == [], name
    if os.environ.get("MOKED_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


@pytest.mark.parametrize(
    ("language", "customer", "staff"), [("en", "dana", "agent-avi"), ("fa", "reza", "agent-shirin")]
)
def test_the_main_pages_are_accessible(world, browser, live_server, sign_in, language, customer, staff):
    login = browser.new_context(locale=language, viewport={"width": 1100, "height": 760}).new_page()
    login.goto(f"{live_server.url}/accounts/login/")
    check(login, f"{language}-sign-in")

    portal = sign_in(customer)
    portal.set_viewport_size({"width": 1100, "height": 760})
    check(portal, f"{language}-portal-requests")
    portal.goto(f"{live_server.url}/portal/new/")
    check(portal, f"{language}-portal-new-request")
    portal.goto(f"{live_server.url}/portal/tickets/{world[customer].reference}/")
    check(portal, f"{language}-portal-request")

    desk = sign_in(staff)
    desk.set_viewport_size({"width": 1100, "height": 760})
    desk.goto(f"{live_server.url}/desk/views/all/")
    check(desk, f"{language}-desk-all-open")
    desk.goto(f"{live_server.url}/desk/tickets/{world[customer].reference}/")
    check(desk, f"{language}-desk-ticket")
    assert desk.get_attribute("html", "dir") == ("rtl" if language == "fa" else "ltr")


@pytest.mark.parametrize(("language", "staff"), [("en", "agent-avi"), ("fa", "agent-shirin")])
def test_the_knowledge_pages_are_accessible(world, browser, live_server, sign_in, language, staff):
    from moked.knowledge import services as knowledge
    from moked.people.models import Person

    writer = Person.objects.get(username=staff)
    article = knowledge.create_article(
        writer, language="en", title="Connect to the VPN", body="## Steps\n\n1. Open the client\n2. Sign in"
    )
    knowledge.save_variant(writer, article, language="fa", title="اتصال به VPN", body="برنامه را باز کنید.")
    knowledge.save_variant(writer, article, language="en", title="Connect to the VPN", body="1. Open **it**")
    desk = sign_in(staff)
    desk.set_viewport_size({"width": 1100, "height": 760})
    for name, address in (
        ("knowledge", "/desk/knowledge/"),
        ("knowledge-new", "/desk/knowledge/new/"),
        ("knowledge-article", f"/desk/knowledge/{article.pk}/"),
        ("knowledge-edit", f"/desk/knowledge/{article.pk}/fa/edit/"),
        ("knowledge-versions", f"/desk/knowledge/{article.pk}/en/versions/"),
        ("knowledge-compare", f"/desk/knowledge/{article.pk}/en/compare/"),
    ):
        desk.goto(f"{live_server.url}{address}")
        desk.wait_for_load_state("networkidle")  # the preview, drawn by htmx
        check(desk, f"{language}-{name}")
