"""As an end user types a new request, the articles that may answer it are offered beside the
form, and each showing is recorded in the form's deflection attempt."""

import re

import pytest

from moked.knowledge.deflection import new_token
from moked.knowledge.models import Article, DeflectionAttempt, DeflectionStep
from tests.factories import AdminFactory, AgentFactory, OrganisationFactory, PersonFactory
from tests.web.articles import published
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db

PRINTER = "The printer prints blank pages"


@pytest.fixture
def world():
    alpha, bravo = OrganisationFactory(code="ALPHA"), OrganisationFactory(code="BRAVO")
    admin = AdminFactory()
    return {
        "printer": published(
            admin, "printer", "Printer prints blank pages", "Replace the toner cartridge of the printer."
        ),
        "bravo_printer": published(
            admin,
            "bravo-printer",
            "Bravo's printer prints blank pages",
            "Call Bravo's printer technician about blank pages.",
            visibility=Article.Visibility.CHOSEN,
            organisations=[bravo],
        ),
        "reader": PersonFactory(organisation=alpha),
        "colleague": PersonFactory(organisation=alpha),
        "agent": AgentFactory(serves=[alpha]),
    }


def suggest(person, subject, description="", attempt=None):
    data = {"subject": subject, "description": description, "attempt": attempt or new_token()}
    return client_for(person).post("/portal/new/suggestions/", data)


def test_the_form_carries_a_token_and_a_live_region_for_suggestions(world):
    page = client_for(world["reader"]).get("/portal/new/").content.decode()
    token = re.search(r'name="attempt" value="([0-9a-f-]{36})"', page)
    assert token is not None
    assert 'aria-live="polite"' in page and 'hx-post="/portal/new/suggestions/"' in page
    assert "delay:500ms" in page


def test_typing_a_request_suggests_matching_articles_and_records_them_shown(world):
    token = new_token()
    answer = suggest(world["reader"], PRINTER, "Since this morning it prints blank pages.", token)

    page = answer.content.decode()
    assert answer.status_code == 200
    assert "Printer prints blank pages" in page
    assert f"/portal/knowledge/{world['printer'].pk}/?lang=en&amp;attempt={token}" in page
    assert "Bravo" not in page  # another organisation's article is never suggested
    attempt = DeflectionAttempt.objects.get()
    assert str(attempt.token) == token and attempt.person == world["reader"]
    assert list(attempt.steps.values_list("step", "article__key")) == [(DeflectionStep.Step.SHOWN, "printer")]


def test_text_that_matches_nothing_suggests_nothing_and_records_nothing(world):
    answer = suggest(world["reader"], "Holiday calendar question")
    assert "No article matches yet" in answer.content.decode()
    assert not DeflectionAttempt.objects.exists()


def test_a_token_of_someone_elses_form_is_refused_and_writes_nothing(world):
    token = new_token()
    suggest(world["reader"], PRINTER, attempt=token)
    answer = suggest(world["colleague"], PRINTER, attempt=token)
    assert answer.status_code == 403
    assert DeflectionAttempt.objects.get().steps.count() == 1


def test_a_bad_token_is_refused(world):
    answer = suggest(world["reader"], PRINTER, attempt="../../etc")
    assert answer.status_code == 400
    assert not DeflectionAttempt.objects.exists()


def test_suggestions_are_for_the_portals_people_only(world):
    assert suggest(world["agent"], PRINTER).status_code == 403
    assert client_for(world["reader"]).get("/portal/new/suggestions/").status_code == 405


def test_a_request_sent_anyway_ends_the_attempt_as_sent(world):
    reader, token = world["reader"], new_token()
    suggest(reader, PRINTER, attempt=token)
    answer = client_for(reader).post(
        "/portal/new/", {"subject": PRINTER, "description": "Still blank.", "attempt": token}
    )
    assert answer.status_code == 302
    attempt = DeflectionAttempt.objects.get()
    assert attempt.outcome == DeflectionAttempt.Outcome.SENT and attempt.ticket.subject == PRINTER


def test_a_request_sent_with_someone_elses_token_is_made_but_records_nothing_in_it(world):
    token = new_token()
    suggest(world["reader"], PRINTER, attempt=token)
    answer = client_for(world["colleague"]).post(
        "/portal/new/", {"subject": PRINTER, "description": "Blank.", "attempt": token}
    )
    assert answer.status_code == 302  # the request is made
    assert DeflectionAttempt.objects.get().outcome == ""


def test_the_page_left_unsent_abandons_the_attempt(world):
    reader, token = world["reader"], new_token()
    suggest(reader, PRINTER, attempt=token)
    assert client_for(world["colleague"]).post("/portal/new/left/", {"attempt": token}).status_code == 403
    assert client_for(reader).post("/portal/new/left/", {"attempt": "nonsense"}).status_code == 400
    assert DeflectionAttempt.objects.get().outcome == ""
    assert client_for(reader).post("/portal/new/left/", {"attempt": token}).status_code == 204
    assert DeflectionAttempt.objects.get().outcome == DeflectionAttempt.Outcome.ABANDONED
