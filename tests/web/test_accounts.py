"""Signing in and choosing a new password: the person's language at once, the username kept after
a wrong password, and a reset link by mail that tells nobody whether an address has an account."""

import re

import pytest
from django.core import mail as django_mail
from django.test import Client

from moked.mail import outbound
from moked.mail.models import OutboundMessage
from tests.factories import OrganisationFactory, PersonFactory
from tests.web.said import said

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def noa():
    org = OrganisationFactory(code="GALIL", language="he", domains=["galil.example"])
    person = PersonFactory(
        organisation=org, username="noa", name="נועה לוי", email="noa@galil.example", language="he"
    )
    person.set_password(PASSWORD)
    person.save()
    return person


def english_browser() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def test_the_sign_in_message_is_in_the_persons_language_not_the_browsers(noa):
    answer = english_browser().post("/accounts/login/", {"login": "noa", "password": PASSWORD}, follow=True)
    shown = [str(message) for message in answer.context["messages"]]
    assert shown == [said("he", "Signed in as %(name)s.") % {"name": "נועה לוי"}]
    assert answer.headers["Content-Language"] == "he"


def test_a_wrong_password_keeps_the_username(noa):
    page = english_browser().post("/accounts/login/", {"login": "noa", "password": "wrong"}).content.decode()
    assert 'name="login" value="noa"' in page
    assert 'href="/accounts/password/reset/"' in page


def reset_link(text: str) -> str:
    return re.search(r"http://testserver(/accounts/password/reset/key/\S+)", text).group(1)


def test_a_forgotten_password_is_reset_by_a_link_sent_through_the_outbox(noa):
    client = english_browser()
    answer = client.post("/accounts/password/reset/", {"email": "NOA@galil.example"})
    assert answer.status_code == 302 and answer.url == "/accounts/password/reset/done/"
    message = OutboundMessage.objects.get()  # kept first, sent by the worker like all mail
    assert message.recipients == ["noa@galil.example"] and not django_mail.outbox
    assert said("he", "Hello %(name)s,") % {"name": "נועה לוי"} in message.text  # her language
    outbound.deliver(message.pk)
    (sent,) = django_mail.outbox
    link = reset_link(sent.body)
    form = client.get(link, follow=True)
    new_password = "a new and long enough password"
    answer = client.post(form.redirect_chain[-1][0], {"password1": new_password, "password2": new_password})
    assert answer.status_code == 302
    noa.refresh_from_db()
    assert noa.check_password(new_password)
    # the link works once
    assert "reset-link-spent" in Client().get(link, follow=True).content.decode()


@pytest.mark.parametrize("address", ["nobody@galil.example", "former@galil.example"])
def test_an_address_without_an_active_account_gets_the_same_answer_and_no_mail(noa, address):
    PersonFactory(email="former@galil.example", is_active=False)
    answer = english_browser().post("/accounts/password/reset/", {"email": address})
    assert answer.status_code == 302 and answer.url == "/accounts/password/reset/done/"
    assert not OutboundMessage.objects.exists()


def test_the_reset_pages_are_moked_pages_in_the_readers_language():
    for path in ("/accounts/password/reset/", "/accounts/password/reset/done/"):
        page = Client(HTTP_ACCEPT_LANGUAGE="fa").get(path).content.decode()
        assert "bootstrap.rtl.min.css" in page and 'lang="fa"' in page
    assert (
        said("fa", "Forgot your password?")
        in Client(HTTP_ACCEPT_LANGUAGE="fa").get("/accounts/password/reset/").content.decode()
    )
