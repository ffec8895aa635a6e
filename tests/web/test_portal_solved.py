""" "This solved it": from a suggestion, or from the article opened from one, the end user ends
the request with no ticket made."""

import pytest

from moked.knowledge.deflection import new_token, record_shown
from moked.knowledge.models import DeflectionAttempt, DeflectionStep
from moked.tickets.models import Ticket
from tests.factories import AdminFactory, OrganisationFactory, PersonFactory
from tests.web.articles import published
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db

Step = DeflectionStep.Step


@pytest.fixture
def world():
    alpha, bravo = OrganisationFactory(code="ALPHA"), OrganisationFactory(code="BRAVO")
    admin = AdminFactory()
    return {
        "printer": published(admin, "printer", "Printer prints blank pages", "Replace the toner."),
        "alpha_own": published(admin, "alpha-own", "Alpha's printers", organisation=alpha),
        "reader": PersonFactory(organisation=alpha),
        "colleague": PersonFactory(organisation=alpha),
        "outsider": PersonFactory(organisation=bravo),
    }


def shown(world, person="reader", article="printer"):
    token = new_token()
    record_shown(world[person], token, [world[article]])
    return token


def test_opening_a_suggestion_records_it_and_offers_this_solved_it(world):
    token, printer = shown(world), world["printer"]
    page = (
        client_for(world["reader"]).get(f"/portal/knowledge/{printer.pk}/?attempt={token}").content.decode()
    )
    assert 'data-testid="solved"' in page and token in page
    steps = DeflectionAttempt.objects.get().steps.values_list("step", flat=True)
    assert list(steps) == [Step.SHOWN, Step.OPENED]


def test_this_solved_it_ends_the_request_with_no_ticket(world):
    token, printer = shown(world), world["printer"]
    client = client_for(world["reader"])
    answer = client.post("/portal/solved/", {"attempt": token, "article": printer.pk})
    assert answer.status_code == 302 and answer.url == "/portal/"
    assert "No request was sent." in client.get("/portal/").content.decode()
    attempt = DeflectionAttempt.objects.get()
    assert (attempt.outcome, attempt.article) == (DeflectionAttempt.Outcome.SOLVED, printer)
    assert not Ticket.objects.exists()


def test_an_article_opened_with_someone_elses_token_offers_nothing_and_records_nothing(world):
    token, printer = shown(world), world["printer"]
    page = client_for(world["colleague"]).get(f"/portal/knowledge/{printer.pk}/?attempt={token}")
    assert page.status_code == 200 and 'data-testid="solved"' not in page.content.decode()
    assert DeflectionAttempt.objects.get().steps.count() == 1


def test_someone_elses_attempt_cannot_be_marked_solved(world):
    token = shown(world)
    answer = client_for(world["colleague"]).post(
        "/portal/solved/", {"attempt": token, "article": world["printer"].pk}
    )
    assert answer.status_code == 403
    assert DeflectionAttempt.objects.get().outcome == ""


def test_a_solved_with_an_article_the_person_may_not_read_is_not_found(world):
    token = shown(world, "outsider")
    answer = client_for(world["outsider"]).post(
        "/portal/solved/", {"attempt": token, "article": world["alpha_own"].pk}
    )
    assert answer.status_code == 404
    assert DeflectionAttempt.objects.get().outcome == ""


def test_an_unknown_form_cannot_be_solved(world):
    client = client_for(world["reader"])
    answer = client.post(
        "/portal/solved/", {"attempt": new_token(), "article": world["printer"].pk}, follow=True
    )
    assert answer.context["refusals"] and not DeflectionAttempt.objects.exists()
    assert client.post("/portal/solved/", {"attempt": "x", "article": "y"}).status_code == 404
