"""The main journeys, in a real browser: an end user asks in the portal, an agent answers and
resolves from the workspace, and the end user sees the answer and accepts it."""

import pytest

from moked.tickets.models import Ticket
from tests.factories import AgentFactory, GroupFactory, OrganisationFactory, PersonFactory
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people():
    org = OrganisationFactory(code="GALIL", name="Galil Logistics", domains=["galil.example"], language="he")
    agent = AgentFactory(username="agent-avi", name="Avi Agent", serves=[org])
    GroupFactory(name="Service desk", members=[agent])
    english = PersonFactory(organisation=org, username="dana", name="Dana Cohen", language="en")
    hebrew = PersonFactory(organisation=org, username="noa", name="נועה לוי", language="he")
    for person in (agent, english, hebrew):
        person.set_password(PASSWORD)
        person.save()
    return {"agent": agent, "en": english, "he": hebrew}


def ask(page, subject):
    page.click("text=New request")
    page.fill("#id_subject", subject)
    page.fill("#id_description", "Since this morning the printer on floor 2 prints blank pages.")
    page.click("main button[type=submit]")
    page.wait_for_url("**/portal/tickets/**")
    return page.url.rstrip("/").rsplit("/", 1)[1]


def answer_and_resolve(page, live_server, reference):
    page.goto(f"{live_server.url}/desk/views/unassigned/")
    page.click(f"text={reference}")
    page.click("text=Assign to me")
    page.fill("#id_body", "Please switch it off and on; the toner was replaced.")
    page.click("form:has(#id_body) button[type=submit]")
    page.select_option("#id_status", "resolved")
    page.select_option("#id_resolution_code", "solved")
    page.click("form:has(#id_status) button[type=submit]")
    assert page.text_content("[data-testid=status]").strip() == "Resolved"


def test_a_request_from_the_portal_is_answered_resolved_and_accepted(people, sign_in, live_server):
    customer = sign_in("dana")
    reference = ask(customer, "Printer prints blank pages")
    assert customer.text_content("[data-testid=status]").strip() == "New"

    agent = sign_in("agent-avi")
    assert agent.text_content("[data-count=unassigned]").strip() == "1"
    answer_and_resolve(agent, live_server, reference)

    customer.reload()
    assert "the toner was replaced" in customer.text_content("main")
    customer.click("text=Yes, it is solved")
    assert customer.text_content("[data-testid=status]").strip() == "Closed"
    ticket = Ticket.objects.get()
    assert (ticket.status, ticket.channel, ticket.assignee) == ("closed", "portal", people["agent"])


def test_the_portal_reads_right_to_left_in_hebrew(people, sign_in, live_server):
    customer = sign_in("noa")
    assert customer.get_attribute("html", "dir") == "rtl" and customer.get_attribute("html", "lang") == "he"
    assert "bootstrap.rtl.min.css" in customer.content()
    assert customer.text_content("nav").count("פנייה חדשה") == 1  # "New request"
    assert "New request" not in customer.text_content("body")
    reference = ask_in_hebrew(customer)
    answer_and_resolve(sign_in("agent-avi"), live_server, reference)
    customer.reload()
    assert customer.text_content("[data-testid=status]").strip() == "נפתרה"  # "Resolved"


def ask_in_hebrew(page):
    page.click("nav a[href='/portal/new/']")
    page.fill("#id_subject", "המדפסת לא עובדת")
    page.fill("#id_description", "מאז הבוקר המדפסת בקומה 2 מדפיסה דפים ריקים.")
    page.click("main button[type=submit]")
    page.wait_for_url("**/portal/tickets/**")
    return page.url.rstrip("/").rsplit("/", 1)[1]


def test_the_phone_desk_logs_a_call_in_one_step(people, sign_in, live_server):
    agent = sign_in("agent-avi")
    agent.click("text=Phone desk")
    agent.fill("#q", "Dana")
    agent.click("#callers a:has-text('Dana Cohen')")  # found as the name is typed (htmx)
    agent.fill("#id_subject", "Cannot print payslips")
    agent.fill("#id_notes", "Called at 9:10; the printer shows error E-42.")
    agent.select_option("#id_urgency", "1")
    agent.click("main button[type=submit]")
    agent.wait_for_url("**/desk/tickets/**")
    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.requester, ticket.urgency) == ("phone", people["en"], 1)
    assert "error E-42" in agent.text_content("main")


def test_keyboard_shortcuts_move_around_the_workspace(people, sign_in):
    agent = sign_in("agent-avi")
    agent.keyboard.press("g")
    agent.keyboard.press("u")
    agent.wait_for_url("**/desk/views/unassigned/")
    agent.keyboard.press("/")
    assert agent.evaluate("document.activeElement.id") == "q"
    agent.keyboard.press("Escape")
    agent.evaluate("document.activeElement.blur()")
    agent.keyboard.press("?")
    assert agent.is_visible("#shortcuts-help")
    agent.keyboard.press("g")
    agent.keyboard.press("p")
    agent.wait_for_url("**/desk/phone/")


def test_an_admin_edits_an_sla_policy(people, browser, live_server):
    from moked.businesstime.services import create_calendar
    from moked.sla.models import SlaPolicy
    from moked.sla.services import create_policy
    from tests.factories import AdminFactory

    admin = AdminFactory(username="agent-maya", name="Maya Admin")  # "agent-" lands on the desk
    admin.set_password(PASSWORD)
    admin.save()
    office = create_calendar(admin, name="Office hours", timezone="Asia/Jerusalem", country="IL")
    create_policy(
        admin,
        name="Standard",
        calendar=office,
        first_response_minutes=60,
        next_response_minutes=120,
        resolution_minutes=540,
    )
    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", "agent-maya")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/**")
    page.click("nav >> text=Administration")
    page.click("main >> text=SLA policies")
    page.click("text=Standard")
    page.fill("#id_resolution_minutes", "600")
    page.click("main button[type=submit]")
    page.wait_for_url("**/desk/administration/sla-policies/")
    assert "10 h" in page.text_content("main") and "10 h 0 min" not in page.text_content("main")
    assert SlaPolicy.objects.get().resolution_minutes == 600
