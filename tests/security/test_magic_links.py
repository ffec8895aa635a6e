"""Links in clients' mail: a button press signs in once, for a ticket the person may see, until
the password changes; nobody else's session is ever replaced (issue 12, finding 4)."""

import hashlib
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from moked.accounts import portal_links as magic
from moked.accounts.models import PortalLink
from moked.mail.models import OutboundMessage
from tests.factories import PASSWORD, AgentFactory, OrganisationFactory, PersonFactory, make_ticket

pytestmark = pytest.mark.django_db


def path_of(link: str) -> str:
    return urlsplit(link).path


@pytest.fixture
def customer(db):
    return PersonFactory(organisation=OrganisationFactory(), name="Dana Customer")


@pytest.fixture
def ticket(customer):
    return make_ticket(customer)


@pytest.fixture
def link(customer, ticket):
    return path_of(magic.link_for(customer, ticket))


def stored(link: str) -> PortalLink:
    secret = link.rstrip("/").rsplit("/", 1)[1]
    return PortalLink.objects.get(digest=hashlib.sha256(secret.encode()).hexdigest())


def signed_in_as(client: Client):
    return client.session.get("_auth_user_id")


def test_following_the_link_only_asks_and_the_button_signs_in(customer, ticket, link):
    client = Client()
    page = client.get(link)
    assert page.status_code == 200 and signed_in_as(client) is None
    assert ticket.reference in page.text and 'name="action" value="open"' in page.text
    assert page["Cache-Control"].count("no-store") and page["Cache-Control"].count("private")

    answer = client.post(link, {"action": "open"})
    assert answer.url == f"/portal/tickets/{ticket.reference}/"
    assert signed_in_as(client) == str(customer.pk)
    assert client.get(answer.url).status_code == 200


def test_a_link_signs_in_once(customer, link):
    assert Client().post(link, {"action": "open"}).status_code == 302
    again = Client()
    answer = again.post(link, {"action": "open"})
    assert answer.status_code == 400 and signed_in_as(again) is None
    assert "This link no longer works" in again.get(link).text


def test_a_new_password_ends_the_links_issued_before_it(customer, link):
    customer.set_password("a brand new passphrase")
    customer.save()
    client = Client()
    assert client.post(link, {"action": "open"}).status_code == 400 and signed_in_as(client) is None


def test_a_link_to_a_ticket_the_person_cannot_see_signs_nobody_in(customer):
    other = PersonFactory(organisation=customer.organisation)
    ticket = make_ticket(other, subject="Salary question")
    client = Client()
    answer = client.post(path_of(magic.link_for(customer, ticket)), {"action": "open"})
    assert answer.status_code == 400 and signed_in_as(client) is None
    assert "Salary question" not in answer.text


def test_an_agents_session_is_never_replaced(customer, ticket, link):
    agent = AgentFactory(serves=[customer.organisation], name="Avi Agent")
    client = Client()
    assert client.login(username=agent.username, password=PASSWORD)
    for answer in (client.get(link), client.post(link, {"action": "open"})):
        assert answer.status_code == 409
        assert "Avi Agent" in answer.text and 'action="/accounts/logout/"' in answer.text
        assert signed_in_as(client) == str(agent.pk)
    assert stored(link).used_at is None  # still good for its owner

    # signing out (back to the link) and pressing the button opens it for its owner
    back = client.post("/accounts/logout/", {"next": link})
    assert back.url == link and signed_in_as(client) is None
    assert client.post(link, {"action": "open"}).url == f"/portal/tickets/{ticket.reference}/"


def test_another_clients_session_is_never_replaced(customer, link):
    colleague = PersonFactory(organisation=customer.organisation)
    client = Client()
    assert client.login(username=colleague.username, password=PASSWORD)
    assert client.post(link, {"action": "open"}).status_code == 409
    assert signed_in_as(client) == str(colleague.pk)


def test_the_person_already_signed_in_just_goes_to_the_ticket(customer, ticket, link):
    client = Client()
    assert client.login(username=customer.username, password=PASSWORD)
    assert client.get(link).url == f"/portal/tickets/{ticket.reference}/"
    assert stored(link).used_at is None


def test_an_expired_or_forged_link_opens_nothing(settings, link):
    with time_machine.travel(timezone.now() + timedelta(days=settings.MOKED_MAGIC_LINK_DAYS, hours=1)):
        assert Client().post(link, {"action": "open"}).status_code == 400
    forged = Client().get(link[:-4] + "xyz/")
    assert forged.status_code == 400 and "renew" not in forged.text  # nobody to send a new one to
    assert Client().get("/portal/").status_code == 302  # still signed out


def test_staff_never_sign_in_by_link(customer, ticket):
    agent = AgentFactory(serves=[customer.organisation])
    client = Client()
    assert client.post(path_of(magic.link_for(agent, ticket)), {"action": "open"}).status_code == 400
    assert signed_in_as(client) is None


def test_a_used_link_offers_a_new_one_mailed_to_the_person_only(customer, ticket, link):
    Client().post(link, {"action": "open"})
    OutboundMessage.objects.all().delete()
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        page = Client().get(link)
        assert 'value="renew"' in page.text
        assert Client().post(link, {"action": "renew"}).status_code == 400
        Client().post(link, {"action": "renew"})  # pressed twice: one mail
    (mail,) = OutboundMessage.objects.all()
    assert mail.recipients == [customer.email] and ticket.reference in mail.subject
    fresh = next(word for word in mail.text.split() if "/portal/link/" in word)
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        assert Client().post(path_of(fresh), {"action": "open"}).status_code == 302


def test_the_table_keeps_no_working_link(link):
    secret = link.rstrip("/").rsplit("/", 1)[1]
    assert not PortalLink.objects.filter(digest=secret).exists()
    assert secret not in (stored(link).digest, stored(link).password_stamp)


def test_requesters_mail_carries_a_link(settings, ticket):
    message = OutboundMessage.objects.get(ticket=ticket)
    assert f"{settings.MOKED_BASE_URL}/portal/link/" in message.text and "/portal/link/" in message.html


@pytest.mark.parametrize(
    ("language", "button", "direction"), [("fi", "Avaa pyyntöni", "ltr"), ("he", "לפתיחת הפנייה שלי", "rtl")]
)
def test_the_page_is_in_the_readers_language_and_mokeds_layout(link, language, button, direction):
    page = Client().get(link, HTTP_ACCEPT_LANGUAGE=language).text
    assert button in page and f'dir="{direction}"' in page and 'class="navbar-brand"' in page
