"""Links in requesters' mail open their request without a password, for a while, and only theirs."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from moked.web import magic
from tests.factories import AgentFactory, OrganisationFactory, PersonFactory, make_ticket

pytestmark = pytest.mark.django_db


def path_of(link: str) -> str:
    return urlsplit(link).path


def test_the_link_signs_the_requester_in_and_opens_the_request():
    customer = PersonFactory(organisation=OrganisationFactory())
    ticket = make_ticket(customer)
    client = Client()
    answer = client.get(path_of(magic.link_for(customer, ticket)))
    assert answer.url == f"/portal/tickets/{ticket.reference}/"
    assert client.get(answer.url).status_code == 200


def test_an_expired_or_forged_link_opens_nothing(settings):
    customer = PersonFactory(organisation=OrganisationFactory())
    ticket = make_ticket(customer)
    link = path_of(magic.link_for(customer, ticket))
    with time_machine.travel(timezone.now() + timedelta(days=settings.MOKED_MAGIC_LINK_DAYS, hours=1)):
        assert Client().get(link).status_code == 400
    assert Client().get(link[:-3] + "xyz/").status_code == 400
    assert Client().get("/portal/").status_code == 302  # still signed out


def test_staff_never_sign_in_by_link():
    org = OrganisationFactory()
    agent = AgentFactory(serves=[org])
    ticket = make_ticket(PersonFactory(organisation=org))
    assert Client().get(path_of(magic.link_for(agent, ticket))).status_code == 400


def test_a_link_to_someone_elses_request_shows_nothing_of_it():
    org = OrganisationFactory()
    customer, other = PersonFactory(organisation=org), PersonFactory(organisation=org)
    ticket = make_ticket(other, subject="Salary question")
    client = Client()
    answer = client.get(path_of(magic.link_for(customer, ticket)))
    assert client.get(answer.url).status_code == 404


def test_requesters_mail_carries_the_link(settings):
    from moked.mail.models import OutboundMessage

    customer = PersonFactory(organisation=OrganisationFactory())
    ticket = make_ticket(customer)
    message = OutboundMessage.objects.get(ticket=ticket)
    assert f"{settings.MOKED_BASE_URL}/portal/link/" in message.text and "/portal/link/" in message.html
