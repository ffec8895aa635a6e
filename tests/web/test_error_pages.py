"""Refusals and missing pages in Moked's own layout and the reader's language, and a landing page
that looks like the rest."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from tests.factories import AgentFactory, OrganisationFactory, PersonFactory
from tests.web.clients import client_for
from tests.web.said import said

pytestmark = pytest.mark.django_db


@pytest.fixture
def hebrew_customer():
    return PersonFactory(organisation=OrganisationFactory(language="he"), language="he")


def test_a_missing_page_is_in_mokeds_layout_and_the_persons_language(hebrew_customer):
    answer = client_for(hebrew_customer).get("/portal/tickets/INC-999999/", HTTP_ACCEPT_LANGUAGE="en")
    page = answer.content.decode()
    assert answer.status_code == 404
    assert 'data-testid="error-page"' in page and "bootstrap.rtl.min.css" in page and "<nav" in page
    assert said("he", "Page not found") in page and "Not Found" not in page


def test_a_refusal_is_in_mokeds_layout_and_the_persons_language(hebrew_customer):
    answer = client_for(hebrew_customer).get("/desk/", HTTP_ACCEPT_LANGUAGE="en")
    page = answer.content.decode()
    assert answer.status_code == 403
    assert 'data-testid="error-page"' in page and said("he", "You may not open this page") in page
    assert "403 Forbidden" not in page


def test_an_expired_form_says_so_in_the_readers_words():
    agent = AgentFactory(serves=[OrganisationFactory()], language="fa")
    client = client_for(agent)
    client.handler.enforce_csrf_checks = True
    answer = client.post("/desk/phone/", {"notes": "x"})
    page = answer.content.decode()
    assert (
        answer.status_code == 403
        and said("fa", "This form has expired. Go back, reload the page and send it again.") in page
    )
    assert "CSRF verification failed" not in page


@pytest.mark.parametrize("language", ["he", "fa", "fi"])
def test_the_bad_request_and_server_error_pages_are_translated(language):
    with translation.override(language):
        server_error = render_to_string("500.html")
        bad_request = render_to_string("400.html")
    assert said(language, "Something went wrong on our side") in server_error and "bootstrap" in server_error
    assert said(language, "This request could not be understood") in bad_request


def test_the_landing_page_has_mokeds_layout_and_style():
    page = Client(HTTP_ACCEPT_LANGUAGE="he").get("/").content.decode()
    assert "bootstrap.rtl.min.css" in page and "web/moked.css" in page and 'data-testid="landing"' in page
    assert 'href="/accounts/login/"' in page
