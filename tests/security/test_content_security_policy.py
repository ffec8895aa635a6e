"""A strict Content-Security-Policy: scripts only from Moked's own files, no inline script or
handler. Walked in Chromium: every kind of page still works (the behaviours that were inline
handlers included) and the browser reports no violation (issue 12, finding 9)."""

from urllib.parse import urlsplit

import pytest
from django.test import Client

from moked.accounts import portal_links as magic
from tests.factories import (
    AdminFactory,
    AgentFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
    make_ticket,
)
from tests.web.conftest import PASSWORD

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def test_the_policy_allows_scripts_from_moked_only(db):
    policy = Client().get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'" and directives["base-uri"] == "'none'"


def test_no_template_has_an_inline_script_or_handler():
    import re
    from pathlib import Path

    import moked

    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=|hx-on[:-]|\bjavascript:", re.IGNORECASE)
    found = [
        f"{path.relative_to(Path(moked.__file__).parent)}: {match.group(0)}"
        for path in Path(moked.__file__).parent.rglob("templates/**/*.html")
        if "/mail/" not in str(path)  # mail is read in mail programs, which run no script
        for match in inline.finditer(path.read_text())
    ]
    assert found == []


@pytest.fixture
def world(db):
    org = OrganisationFactory(code="GALIL", name="Galil Logistics", domains=["galil.example"])
    admin = AdminFactory(username="agent-maya", name="Maya Admin")  # "agent-" lands on the desk
    agent = AgentFactory(username="agent-avi", name="Avi Agent", serves=[org])
    GroupFactory(name="Service desk", members=[agent])
    customer = PersonFactory(organisation=org, username="dana", name="Dana Cohen")
    for person in (admin, agent, customer):
        person.set_password(PASSWORD)
        person.save()
    tickets = [make_ticket(customer, subject=f"Printer {n} prints blank pages") for n in range(3)]
    return {"admin": admin, "customer": customer, "tickets": tickets}


class Watched:
    """A page whose Content-Security-Policy violations, from the browser's own event and its
    console, are collected from every document it shows."""

    def __init__(self, page):
        self.page = page
        self.console = []
        page.add_init_script(WATCH)
        page.on(
            "console",
            lambda message: "Content Security Policy" in message.text and self.console.append(message.text),
        )

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__violations || []") + self.console

    def visit(self, url: str) -> list[str]:
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        return self.violations()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_pages_work_under_the_policy_and_break_none_of_it(world, browser, sign_in, live_server):
    base = live_server.url
    anonymous = Watched(browser.new_context(locale="en-GB").new_page())
    for path in ("/", "/accounts/login/"):
        assert anonymous.visit(base + path) == [], path
    link = magic.link_for(world["customer"], world["tickets"][0])
    assert anonymous.visit(base + urlsplit(link).path) == []
    anonymous.page.click("button[value=open]")  # the link's button signs the customer in
    anonymous.page.wait_for_url("**/portal/tickets/**")
    for path in ("/portal/", "/portal/new/", anonymous.page.url.removeprefix(base)):
        assert anonymous.visit(base + path) == [], path

    admin = Watched(sign_in("agent-maya"))
    desk = admin.page
    assert admin.visit(f"{base}/desk/views/all/") == []
    desk.click("#tick-all")  # was an inline onclick
    boxes = desk.locator("input[name=tickets]")
    assert boxes.count() == 3 and all(boxes.nth(n).is_checked() for n in range(3))
    desk.wait_for_function("() => document.querySelector('[data-count=all]')")  # htmx counts are drawn

    reference = world["tickets"][0].reference
    assert admin.visit(f"{base}/desk/tickets/{reference}/") == []
    asked = []
    desk.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    desk.fill("#merge-reference", world["tickets"][1].reference)
    desk.click("form:has(#merge-reference) button[type=submit]")  # was an inline onsubmit
    assert asked == ["Merge this ticket into the other one and close it?"]
    assert desk.url.endswith(f"/desk/tickets/{reference}/")  # dismissed: nothing merged

    assert admin.visit(f"{base}/desk/administration/rules/new/") == []
    desk.click("[data-add=all]")
    desk.locator("[data-condition]").first.wait_for()
    desk.locator("[data-condition] button[data-remove]").click()  # was hx-on:click
    assert desk.locator("[data-condition]").count() == 0

    assert admin.visit(f"{base}/desk/administration/calendars/new/") == []
    monday = desk.locator("#day-0")
    monday.locator("text=Add an interval").click()
    monday.locator("[data-interval]").nth(1).wait_for()
    monday.locator("[data-interval]").nth(1).locator("button").click()  # was hx-on:click
    assert monday.locator("[data-interval]").count() == 1

    for path in (
        "/desk/phone/",
        "/desk/administration/",
        "/desk/administration/people/",
        "/desk/administration/security/",
        "/accounts/2fa/",
        "/accounts/2fa/totp/activate",
        "/admin/",
        f"/admin/people/person/{world['customer'].pk}/change/",
    ):
        assert admin.visit(base + path) == [], path
    desk.goto(f"{base}/desk/phone/")
    desk.fill("#q", "Dana")
    desk.wait_for_selector("text=Dana Cohen")  # htmx, as one types

    assert admin.visit(f"{base}/api/v1/docs/") == []
    desk.wait_for_selector(".swagger-ui .info")  # the init script, now a file of its own, ran
    assert admin.violations() == []
