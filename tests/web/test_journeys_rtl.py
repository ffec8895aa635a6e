"""The main journeys again, in Persian and Hebrew: pages read right to left, in the reader's
language and calendar, and every step works as it does in English. Also the agent's journey
through many tickets at once: ticking, assigning and merging."""

import pytest

from moked.tickets.models import Ticket
from tests.factories import (
    AdminFactory,
    AgentFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
    make_ticket,
)
from tests.web.conftest import PASSWORD
from tests.web.said import said

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people():
    org = OrganisationFactory(code="PARS", name="Pars Trading", domains=["pars.example"], language="fa")
    agents = {
        "fa": AgentFactory(username="agent-sara", name="سارا رضایی", serves=[org], language="fa"),
        "he": AgentFactory(username="agent-yael", name="יעל כהן", serves=[org], language="he"),
        "en": AgentFactory(username="agent-avi", name="Avi Agent", serves=[org], language="en"),
    }
    GroupFactory(name="میز خدمت", members=list(agents.values()))
    customer = PersonFactory(
        organisation=org, username="reza", name="رضا احمدی", language="fa", email="reza@pars.example"
    )
    for person in (*agents.values(), customer):
        person.set_password(PASSWORD)
        person.save()
    return {"org": org, "customer": customer, **agents}


def assert_reads_right_to_left(page, language):
    assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == language
    assert "bootstrap.rtl.min.css" in page.content()


def test_a_persian_request_is_answered_resolved_and_accepted_in_persian(people, sign_in, live_server):
    customer = sign_in("reza")
    assert_reads_right_to_left(customer, "fa")
    assert said("fa", "New request") in customer.text_content("nav")
    customer.click("nav a[href='/portal/new/']")
    customer.fill("#id_subject", "چاپگر کار نمی‌کند")
    customer.fill("#id_description", "از صبح چاپگر طبقه ۲ صفحه‌های سفید چاپ می‌کند.")
    customer.click("main button[type=submit]")
    customer.wait_for_url("**/portal/tickets/**")
    reference = customer.url.rstrip("/").rsplit("/", 1)[1]
    assert customer.text_content("[data-testid=status]").strip() == said("fa", "New")

    agent = sign_in("agent-sara")
    assert_reads_right_to_left(agent, "fa")
    assert agent.text_content("[data-count=unassigned]").strip() == "۱"  # Persian digits
    agent.click("a[href='/desk/views/unassigned/']")
    agent.click(f"a[href='/desk/tickets/{reference}/']")
    assert reference in agent.text_content("h1")  # the Latin reference survives in a Persian heading
    times = agent.locator("time").all_text_contents()
    assert times and all(text[:2] == "۱۴" for text in times)  # Jalali years, 14xx, in Persian digits
    agent.click("form:has(input[value=take]) button")
    agent.fill("#id_body", "لطفاً چاپگر را خاموش و روشن کنید؛ کارتریج عوض شد.")
    agent.click("form:has(#id_body) button[type=submit]")
    agent.select_option("#id_status", "resolved")
    agent.select_option("#id_resolution_code", "solved")
    agent.click("form:has(#id_status) button[type=submit]")
    assert agent.text_content("[data-testid=status]").strip() == said("fa", "Resolved")

    customer.reload()
    assert "کارتریج عوض شد" in customer.text_content("main")
    customer.click("form:has(input[value=accept]) button")
    assert customer.text_content("[data-testid=status]").strip() == said("fa", "Closed")
    assert Ticket.objects.get().status == "closed"


def test_a_hebrew_agent_logs_a_phone_call(people, sign_in):
    agent = sign_in("agent-yael")
    assert_reads_right_to_left(agent, "he")
    agent.click("nav a[href='/desk/phone/']")
    assert said("he", "Phone desk") in agent.text_content("h1")
    agent.fill("#q", "reza@pars")
    agent.click("#callers a:has-text('رضا احمدی')")
    agent.fill("#id_subject", "אין גישה ל-VPN")
    agent.fill("#id_notes", "התקשר ב-9:10; שגיאה 809.")
    agent.click("main button[type=submit]")
    agent.wait_for_url("**/desk/tickets/**")
    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.requester) == ("phone", people["customer"])
    assert "שגיאה 809" in agent.text_content("main")


def test_a_persian_admin_edits_an_sla_policy(people, browser, live_server):
    from moked.businesstime.services import create_calendar
    from moked.sla.models import SlaPolicy
    from moked.sla.services import create_policy

    admin = AdminFactory(username="agent-admin-mina", name="مینا", language="fa")
    admin.set_password(PASSWORD)
    admin.save()
    office = create_calendar(admin, name="ساعات اداری", timezone="Asia/Tehran", country="IR")
    create_policy(
        admin,
        name="استاندارد",
        calendar=office,
        first_response_minutes=60,
        next_response_minutes=120,
        resolution_minutes=540,
    )
    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", "agent-admin-mina")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/**")
    assert_reads_right_to_left(page, "fa")
    page.click("nav a[href='/desk/administration/']")
    page.click("main a[href='/desk/administration/sla-policies/']")
    page.click("text=استاندارد")
    page.fill("#id_resolution_minutes", "600")
    page.click("main button[type=submit]")
    page.wait_for_url("**/desk/administration/sla-policies/")
    assert "۱۰" in page.text_content("main")  # 10 h, in Persian digits
    assert SlaPolicy.objects.get().resolution_minutes == 600


def test_an_agent_ticks_tickets_assigns_them_and_merges_a_duplicate(people, sign_in):
    customer = people["customer"]
    original = make_ticket(customer, subject="VPN down")
    duplicate = make_ticket(customer, subject="VPN not working")
    other = make_ticket(customer, subject="Printer")
    agent = sign_in("agent-avi")
    agent.click("a[href='/desk/views/unassigned/']")
    agent.check(f"input[name=tickets][value={original.reference}]")
    agent.check(f"input[name=tickets][value={other.reference}]")
    agent.select_option("#bulk-action", "assign")
    agent.select_option("#bulk-assign", str(people["en"].pk))
    agent.click("#bulk-form button[type=submit]")
    assert f"Changed: {original.reference}, {other.reference}." in agent.text_content("main")
    assert {t.assignee for t in Ticket.objects.filter(pk__in=[original.pk, other.pk])} == {people["en"]}

    agent.goto(agent.url.split("/desk/")[0] + f"/desk/tickets/{duplicate.reference}/")
    agent.fill("#merge-reference", original.reference)
    agent.once("dialog", lambda dialog: dialog.accept())
    agent.click("form:has(#merge-reference) button[type=submit]")
    agent.wait_for_url(f"**/desk/tickets/{original.reference}/")
    assert duplicate.reference in agent.text_content("[data-testid=links]")
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == ("closed", original)
