"""Deflection in a real browser: a Hebrew end user types a request in the portal, is offered an
article beside the form, opens it, marks it as what solved the problem, and no request is made;
each step is recorded. And the same form sent anyway."""

import pytest

from moked.knowledge.models import DeflectionAttempt, DeflectionStep
from moked.tickets.models import Ticket
from tests.factories import AdminFactory, OrganisationFactory, PersonFactory
from tests.web.articles import published
from tests.web.conftest import PASSWORD
from tests.web.said import said

pytestmark = pytest.mark.django_db(transaction=True)

Step = DeflectionStep.Step
SUBJECT = "המדפסת מדפיסה דפים ריקים"
DESCRIPTION = "מהבוקר המדפסת בקומה השנייה מדפיסה רק דפים ריקים."


@pytest.fixture
def world():
    org = OrganisationFactory(code="GALIL", name="גליל", domains=["galil.example"], language="he")
    admin = AdminFactory()
    article = published(
        admin,
        "printer-blank",
        "המדפסת מדפיסה דפים ריקים",
        "כשהמדפסת מדפיסה דפים ריקים, **החליפו את מחסנית הטונר** ונסו שוב.",
        language="he",
    )
    noa = PersonFactory(organisation=org, username="noa", name="נועה לוי", language="he")
    noa.set_password(PASSWORD)
    noa.save()
    return {"article": article, "noa": noa}


def type_the_request(page):
    page.click("nav a[href='/portal/new/']")
    page.locator("#id_subject").press_sequentially(SUBJECT, delay=10)
    page.fill("#id_description", DESCRIPTION)
    page.wait_for_selector("[data-testid=suggestions] a")


def test_a_hebrew_user_is_answered_by_a_suggested_article_and_no_request_is_made(world, sign_in):
    page = sign_in("noa")
    type_the_request(page)
    region = page.locator("[data-testid=suggestions-region]")
    assert region.get_attribute("aria-live") == "polite"
    assert said("he", "These articles may answer your question:") in region.text_content()
    link = region.locator("a").first
    assert link.text_content().strip() == world["article"].variants.get().title

    with page.context.expect_page() as opened:
        link.click()
    article = opened.value
    article.wait_for_load_state()
    assert article.get_attribute("html", "dir") == "rtl" and article.get_attribute("html", "lang") == "he"
    assert "החליפו את מחסנית הטונר" in article.text_content("[data-testid=article-body]")
    article.click("[data-testid=solved]")
    article.wait_for_url("**/portal/")
    assert said("he", "We are glad the article helped. No request was sent.") in article.text_content("main")

    assert not Ticket.objects.exists()
    attempt = DeflectionAttempt.objects.get()
    assert (attempt.person, attempt.outcome, attempt.article) == (
        world["noa"],
        DeflectionAttempt.Outcome.SOLVED,
        world["article"],
    )
    assert list(attempt.steps.values_list("step", flat=True)) == [Step.SHOWN, Step.OPENED, Step.SOLVED]
    world["article"].refresh_from_db()
    assert world["article"].view_count == 1


def test_a_request_sent_anyway_is_made_and_recorded_as_sent(world, sign_in):
    page = sign_in("noa")
    type_the_request(page)
    page.click("#new-request button[type=submit]")
    page.wait_for_url("**/portal/tickets/**")

    ticket = Ticket.objects.get()
    attempt = DeflectionAttempt.objects.get()
    assert (attempt.outcome, attempt.ticket) == (DeflectionAttempt.Outcome.SENT, ticket)
    assert list(attempt.steps.values_list("step", flat=True)) == [Step.SHOWN, Step.SENT]


def test_a_form_left_unsent_is_recorded_as_abandoned(world, sign_in, live_server):
    page = sign_in("noa")
    type_the_request(page)
    page.click("nav a[href='/portal/']")
    page.wait_for_url("**/portal/")
    # the beacon is sent as the page goes; the server may answer it a moment later
    for _ in range(50):
        attempt = DeflectionAttempt.objects.get()
        if attempt.outcome:
            break
        page.wait_for_timeout(100)
    assert attempt.outcome == DeflectionAttempt.Outcome.ABANDONED
    assert list(attempt.steps.values_list("step", flat=True)) == [Step.SHOWN, Step.ABANDONED]
    assert not Ticket.objects.exists()


def test_the_knowledge_pages_and_suggestions_are_accessible(world, sign_in, live_server):
    from tests.web.test_accessibility import violations

    page = sign_in("noa")
    type_the_request(page)
    assert violations(page) == [], "new request with suggestions"
    for address in ("/portal/knowledge/", f"/portal/knowledge/{world['article'].pk}/"):
        page.goto(f"{live_server.url}{address}")
        assert violations(page) == [], address
    admin = AdminFactory(username="agent-dana", language="he")  # signs in to the desk
    admin.set_password(PASSWORD)
    admin.save()
    desk = sign_in("agent-dana")
    desk.click("nav a[href='/desk/reports/deflection/']")
    assert desk.locator("[data-testid=by-organisation]").is_visible()
    assert violations(desk) == [], "deflection"
