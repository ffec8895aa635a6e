"""A client's request with a file, in a real browser, in English, Hebrew and Persian: a refused file
sends nothing, the accepted one shows on both sides, each line of the conversation reads in
order (checked on the drawn page), and every page on the way speaks the reader's language, the
error pages and the message after signing in included, whatever the browser's own language."""

import pytest

from moked.tickets.models import Attachment, Ticket
from tests.factories import AgentFactory, GroupFactory, OrganisationFactory, PersonFactory
from tests.web.conftest import PASSWORD
from tests.web.said import said

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["en", "he", "fa"]
CUSTOMERS = {"en": ("dana", "Dana Cohen"), "he": ("noa", "נועה לוי"), "fa": ("reza", "رضا احمدی")}
SUBJECTS = {
    "en": "Printer prints blank pages",
    "he": "המדפסת מדפיסה דפים ריקים",
    "fa": "چاپگر صفحهٔ سفید چاپ می‌کند",
}


@pytest.fixture
def people():
    org = OrganisationFactory(code="GALIL", name="Galil", domains=["galil.example"], language="he")
    # two agents who work in English: one with a Latin name, one with a Hebrew one
    latin = AgentFactory(username="agent-avi", name="Avi Agent", serves=[org], language="en")
    hebrew = AgentFactory(username="agent-yossi", name="יוסי לוי", serves=[org], language="en")
    GroupFactory(name="Service desk", members=[latin, hebrew])
    people = {"agent-avi": latin, "agent-yossi": hebrew}
    for language, (username, name) in CUSTOMERS.items():
        people[language] = PersonFactory(organisation=org, username=username, name=name, language=language)
    for person in people.values():
        person.set_password(PASSWORD)
        person.save()
    return people


def file_of(name: str, content: bytes, mime: str = "application/octet-stream") -> dict:
    return {"name": name, "mimeType": mime, "buffer": content}


def reads_in_order(page, line_selector: str, direction: str) -> None:
    """In the conversation line, the author's name comes first in the reading direction, then the
    date; and within the date, the day comes before the time of day. Read from the boxes the
    browser drew, so that it is the order the reader sees."""
    boxes = page.eval_on_selector(
        line_selector,
        """line => {
            const box = element => element.getBoundingClientRect();
            const time = line.querySelector('time');
            const text = time.firstChild, space = text.textContent.indexOf(' ');
            const part = (start, end) => {
                const range = document.createRange();
                range.setStart(text, start); range.setEnd(text, end);
                return range.getBoundingClientRect();
            };
            const day = part(0, space), clock = part(space + 1, text.textContent.length);
            const author = box(line.querySelector('.author'));
            return {author: [author.left, author.right], time: [box(time).left, box(time).right],
                    day: day.left, clock: clock.left};
        }""",
    )
    if direction == "ltr":
        assert boxes["author"][1] <= boxes["time"][0], boxes
        assert boxes["day"] < boxes["clock"], boxes
    else:
        assert boxes["author"][0] >= boxes["time"][1], boxes
        assert boxes["day"] > boxes["clock"], boxes


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_request_with_a_file_in_each_language(people, sign_in, live_server, language):
    customer = sign_in(CUSTOMERS[language][0])  # the browser speaks English (en-GB)
    name = CUSTOMERS[language][1]
    assert customer.text_content("main [role=status]").strip() == said(language, "Signed in as %(name)s.") % {
        "name": name
    }
    assert customer.get_attribute("html", "lang") == language

    # 1. a refused file: nothing is sent, and the page says so in the reader's words
    customer.click("nav a[href='/portal/new/']")
    customer.fill("#id_subject", SUBJECTS[language])
    customer.fill("#id_description", "Since this morning; error E-42.")
    customer.set_input_files("#id_attachment", file_of("driver.exe", b"MZ\x90\x00"))
    customer.click("main button[type=submit]")
    assert said(language, "Your request was not sent. Correct what is marked below and send it again.") in (
        customer.text_content("[data-testid=not-sent]")
    )
    assert ".exe" in customer.text_content("main form")
    assert not Ticket.objects.exists()

    # sending again with an accepted file makes one request, with the file on it
    customer.set_input_files("#id_attachment", file_of("screenshot.png", b"\x89PNG fake", "image/png"))
    customer.click("main button[type=submit]")
    customer.wait_for_url("**/portal/tickets/**")
    ticket = Ticket.objects.get()
    assert customer.text_content("[data-testid=ticket-files]").strip().startswith("screenshot.png")
    href = customer.get_attribute("[data-testid=ticket-files] a", "href")
    download = customer.request.get(f"{live_server.url}{href}")
    assert download.ok and download.body() == b"\x89PNG fake"

    # 2. the agent sees the file too, and both agents answer
    for username in ("agent-yossi", "agent-avi"):
        agent = sign_in(username)
        agent.goto(f"{live_server.url}/desk/tickets/{ticket.reference}/")
        assert "screenshot.png" in agent.text_content("[data-testid=ticket-files]")
        agent.fill("#id_body", f"Answer from {username}: please restart the printer.")
        agent.click("form:has(#id_body) button[type=submit]")
        agent.wait_for_load_state()

    # 6. each line of the conversation reads in order: a Hebrew name in the English workspace...
    reads_in_order(agent, "li.card:has-text('agent-yossi') .card-body > div.mb-1", "ltr")
    # ...and a Latin name beside a date in the client's own language and direction
    customer.reload()
    direction = "ltr" if language == "en" else "rtl"
    reads_in_order(customer, "li.card:has-text('agent-avi') .card-body > div.mb-1", direction)
    if language == "fa":
        assert (
            customer.text_content("li.card:has-text('agent-avi') time")[:2] == "۱۴"
        )  # Jalali, Persian digits
    assert Attachment.objects.filter(ticket=ticket, comment=None).count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_error_pages_sign_in_and_landing_speak_the_readers_language(
    people, browser, sign_in, live_server, language
):
    customer = sign_in(CUSTOMERS[language][0])
    # 8. a missing page and a refusal are Moked's pages, in the person's language
    customer.goto(f"{live_server.url}/portal/tickets/INC-999999/")
    assert customer.text_content("h1").strip() == said(language, "Page not found")
    assert customer.is_visible("nav a[href='/portal/']")
    customer.goto(f"{live_server.url}/desk/")
    assert customer.text_content("h1").strip() == said(language, "You may not open this page")

    # a visitor whose browser speaks the language: a styled landing page, and sign-in help
    visitor = browser.new_context(locale={"en": "en-GB", "he": "he-IL", "fa": "fa-IR"}[language]).new_page()
    visitor.goto(f"{live_server.url}/")
    assert visitor.get_attribute("html", "lang") == language
    assert (
        visitor.evaluate("getComputedStyle(document.querySelector('[data-testid=landing]')).borderStyle")
        == "solid"
    )
    visitor.click("main a[href='/accounts/login/']")
    visitor.fill("#id_login", CUSTOMERS[language][0])
    visitor.fill("#id_password", "not the password")
    visitor.click("main button[type=submit]")
    assert visitor.input_value("#id_login") == CUSTOMERS[language][0]  # kept after a wrong password
    visitor.click("[data-testid=forgot-password]")
    assert visitor.text_content("h1").strip() == said(language, "Forgot your password?")
    visitor.fill("#id_email", "somebody@galil.example")
    visitor.click("main button[type=submit]")
    assert visitor.text_content("h1").strip() == said(language, "Check your mail")
