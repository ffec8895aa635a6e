"""In Chromium, in English, Hebrew and Persian: an agent pages through a list longer than a page,
forwards and back, sorted by a heading, with a filter; and the forms offer only what fits (the
resolution code when resolving, the agents who may be given the tickets ticked)."""

import re

import pytest
from django.utils import translation

from moked.web.workspace import desk
from tests.factories import AgentFactory, GroupFactory, OrganisationFactory, PersonFactory, make_ticket
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

PAGE = 5
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"


def said(language: str, text: str, **values) -> str:
    with translation.override(language):
        translated = translation.gettext(text)
    assert language == "en" or translated != text, f"{text!r} has no {language} translation"
    return translated % values if values else translated


def digits(language: str, number: int) -> str:
    return "".join(PERSIAN_DIGITS[int(d)] for d in str(number)) if language == "fa" else str(number)


@pytest.fixture
def world(monkeypatch):
    monkeypatch.setattr(desk, "PAGE", PAGE)  # the live server runs in this process
    galil = OrganisationFactory(code="GALIL", name="Galil Logistics", domains=["galil.example"])
    amir = OrganisationFactory(code="AMIR", name="Amir Foods", domains=["amir.example"])
    agents = {
        "en": AgentFactory(username="agent-avi", name="Avi Agent", serves=[galil, amir], language="en"),
        "he": AgentFactory(username="agent-yael", name="יעל כהן", serves=[galil, amir], language="he"),
        "fa": AgentFactory(username="agent-sara", name="سارا رضایی", serves=[galil, amir], language="fa"),
    }
    amir_only = AgentFactory(username="agent-amos", name="Amos Amir", serves=[amir])
    GroupFactory(name="Service Desk", members=[*agents.values(), amir_only])
    for agent in agents.values():
        agent.set_password(PASSWORD)
        agent.save()
    customer = PersonFactory(organisation=galil, name="Dana Cohen")
    tickets = [make_ticket(customer, subject=f"Case {n:02d}") for n in range(12)]
    make_ticket(PersonFactory(organisation=amir), subject="Amir case")
    return {"agents": agents, "amir_only": amir_only, "tickets": tickets, "galil": galil}


def listed(page) -> list[str]:
    return page.eval_on_selector_all("input[name=tickets]", "boxes => boxes.map(box => box.value)")


@pytest.mark.parametrize("language", ["en", "he", "fa"])
def test_an_agent_pages_through_a_long_list_and_back(world, sign_in, live_server, language):
    agent = world["agents"][language]
    page = sign_in(agent.username)
    assert page.get_attribute("html", "lang") == language
    page.goto(f"{live_server.url}/desk/views/all/?organisation=GALIL&sort=subject")
    position = said(language, "Tickets %(first)s to %(last)s of %(total)s", first="{}", last="{}", total="{}")
    expected = [t.reference for t in world["tickets"]]  # Case 00 .. Case 11, in subject order
    seen, starts = [], [1, 6, 11]
    for number, start in enumerate(starts):
        last = min(start + PAGE - 1, 12)
        shown = position.format(digits(language, start), digits(language, last), digits(language, 12))
        assert page.text_content("[data-testid=position]").strip() == shown
        seen += listed(page)
        if number < len(starts) - 1:
            page.click(f"text={said(language, 'Next page')}")
            page.wait_for_url(re.compile(r".*cursor=.*"))
    assert seen == expected
    assert page.locator("[data-testid=next-page]").count() == 0
    page.click(f"text={said(language, 'Previous page')}")
    page.wait_for_load_state()
    assert listed(page) == expected[5:10]
    # a heading sorts the list again from its first page, the other way round
    page.click("th[aria-sort=ascending] a")
    page.wait_for_url(re.compile(r".*sort=-subject.*"))
    assert "cursor=" not in page.url and listed(page) == expected[::-1][:PAGE]
    if language != "en":
        assert page.get_attribute("html", "dir") == "rtl"


def test_the_bulk_bar_asks_for_a_resolution_and_offers_only_agents_who_fit(world, sign_in, live_server):
    page = sign_in("agent-avi")
    page.goto(f"{live_server.url}/desk/views/all/?sort=-number")
    page.select_option("#bulk-action", "status")
    resolution = page.locator("#bulk-resolution")
    page.select_option("#bulk-status", "in_progress")
    assert not resolution.is_visible()
    page.select_option("#bulk-status", "resolved")
    assert resolution.is_visible() and resolution.evaluate("select => select.required")
    # Amos serves only Amir: offered while only Amir's ticket is ticked, not with a Galil one
    page.select_option("#bulk-action", "assign")
    amos = page.locator(f"#bulk-assign option[value='{world['amir_only'].pk}']")
    amir_ticket = page.locator("input[name=tickets]").first  # the Amir case is the newest
    amir_ticket.check()
    assert not amos.evaluate("option => option.disabled")
    page.locator(f"input[name=tickets][value={world['tickets'][-1].reference}]").check()
    assert amos.evaluate("option => option.disabled")
    page.check("#tick-all")
    assert page.eval_on_selector_all("input[name=tickets]", "boxes => boxes.every(box => box.checked)")


def test_the_ticket_page_offers_the_members_of_the_group_chosen(world, sign_in, live_server):
    network = GroupFactory(name="Network", members=[world["agents"]["he"]])
    ticket = world["tickets"][0]
    page = sign_in("agent-avi")
    page.goto(f"{live_server.url}/desk/tickets/{ticket.reference}/")
    avi = page.locator(f"#id_assignee option[value='{world['agents']['en'].pk}']")
    yael = page.locator(f"#id_assignee option[value='{world['agents']['he'].pk}']")
    assert page.locator(f"#id_assignee option[value='{world['amir_only'].pk}']").count() == 0
    page.select_option("#id_group", str(network.pk))
    assert avi.evaluate("option => option.disabled") and not yael.evaluate("option => option.disabled")
    page.select_option("#id_assignee", str(world["agents"]["he"].pk))
    page.click("form:has(#id_assignee) button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".alert-success[role=status]").count() == 1
    ticket.refresh_from_db()
    assert (ticket.group, ticket.assignee) == (network, world["agents"]["he"])
    # the resolution code shows when resolving is chosen
    page.select_option("#id_status", "in_progress")
    assert not page.is_visible("#id_resolution_code")
    page.select_option("#id_status", "resolved")
    assert page.is_visible("#id_resolution_code")
