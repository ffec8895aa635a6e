"""The one-time secret page: opening the link shows only a button (a mail scanner following it
uses nothing up); pressing it shows the temporary password once, to its person only, signed in;
every other case says so clearly. The page is never cached and the value never logged."""

import logging

import pytest
from django.test import Client
from django.utils import timezone, translation

from moked.fulfilment import services
from moked.fulfilment.models import OneTimeSecret
from moked.notifications.models import Notification
from tests.factories import PersonFactory, make_ticket
from tests.web.clients import client_for
from tests.web.conftest import PASSWORD
from tests.web.said import said
from tests.web.test_accessibility import violations

pytestmark = pytest.mark.django_db

TOKEN = "a-one-time-token"
VALUE = "Temporary-Pass-7q"


@pytest.fixture
def aino(org):
    return PersonFactory(organisation=org, username="aino", name="Aino Virtanen", language="fi")


def secret_for(person, token=TOKEN, value=VALUE) -> OneTimeSecret:
    ticket = make_ticket(person)
    return OneTimeSecret.objects.create(
        ticket=ticket,
        person=person,
        value=value,
        token_digest=services.token_digest(token),
        created_at=timezone.now(),
        expires_at=timezone.now() + services.SECRET_LIFETIME,
    )


def not_kept(answer) -> bool:
    return "no-store" in answer.get("Cache-Control", "")


def test_opening_the_link_shows_a_button_and_uses_nothing_up(org, aino):
    secret = secret_for(aino)
    address = services.secret_path(TOKEN)
    answer = client_for(aino).get(address)
    page = answer.content.decode()
    assert answer.status_code == 200 and not_kept(answer)
    assert 'data-testid="reveal"' in page and VALUE not in page
    assert said("fi", "Show my temporary password") in page
    secret.refresh_from_db()
    assert secret.read_at is None and secret.value == VALUE


def test_signing_in_is_asked_first_and_leads_back_to_the_link(org, aino):
    secret_for(aino)
    address = services.secret_path(TOKEN)
    answer = Client().get(address)
    assert answer.status_code == 302 and not_kept(answer)
    assert answer.url.startswith("/accounts/login/") and "next=/secrets/a-one-time-token/" in answer.url
    answer = Client().post(address)
    assert answer.status_code == 302
    assert OneTimeSecret.objects.get().value == VALUE


def test_pressing_the_button_shows_the_password_once_to_its_person(org, aino, caplog):
    caplog.set_level(logging.DEBUG)
    secret_for(aino)
    address = services.secret_path(TOKEN)
    someone_else = PersonFactory(organisation=org, username="eero", language="en")
    refused = client_for(someone_else).post(address)
    page = refused.content.decode()
    assert 'data-testid="unavailable"' in page and VALUE not in page and not_kept(refused)

    client = client_for(aino)
    shown = client.post(address)
    page = shown.content.decode()
    assert shown.status_code == 200 and not_kept(shown) and shown["Referrer-Policy"] == "same-origin"
    assert f'data-testid="secret">{VALUE}</code>' in page
    assert said("fi", "Copy it now: it is shown only this once.") in page
    secret = OneTimeSecret.objects.get()
    assert secret.read_at is not None and secret.value == ""

    again = client.post(address).content.decode()
    assert VALUE not in again and 'data-testid="unavailable"' in again
    assert VALUE not in caplog.text


def test_an_unknown_or_expired_link_says_it_shows_nothing(org, aino):
    secret = secret_for(aino)
    secret.expires_at = timezone.now()
    secret.save()
    client = client_for(aino)
    for token in (TOKEN, "no-such-token"):
        page = client.post(services.secret_path(token)).content.decode()
        assert 'data-testid="unavailable"' in page and VALUE not in page


def test_the_link_mail_kind_is_named_in_the_readers_language():
    kind = Notification.Kind.ONE_TIME_SECRET
    with translation.override("fi"):
        assert str(kind.label) == said("fi", "One-time password link")


@pytest.mark.django_db(transaction=True)
def test_in_a_browser_the_password_is_shown_after_the_button(org, browser, live_server):
    aino = PersonFactory(organisation=org, username="aino", name="Aino Virtanen", language="fi")
    aino.set_password(PASSWORD)
    aino.save()
    secret_for(aino)
    page = browser.new_context(locale="fi-FI").new_page()
    page.goto(f"{live_server.url}{services.secret_path(TOKEN)}")
    page.wait_for_url("**/accounts/login/**")  # the link leads through signing in, then back
    page.fill("#id_login", "aino")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{services.secret_path(TOKEN)}")
    assert page.locator("[data-testid=secret]").count() == 0
    assert violations(page) == [], "secret page"
    page.click("[data-testid=reveal]")
    page.wait_for_selector("[data-testid=secret]")
    assert violations(page) == [], "secret shown"
    assert page.text_content("[data-testid=secret]") == VALUE
    page.goto(f"{live_server.url}{services.secret_path(TOKEN)}")  # opened again: the value is gone
    page.click("[data-testid=reveal]")
    page.wait_for_selector("[data-testid=unavailable]")
