"""Internationalised addresses (RFC 6530-6532: UTF-8 in the local part and the domain) as senders,
mailboxes and recipients, through the real pipeline: the mail gate, Moked's SMTP server, Dovecot,
and an SMTP server that offers SMTPUTF8 (or does not) for what Moked sends."""

import smtplib

import pytest
from imapclient import IMAPClient

from moked.mail import configuration, imap, outbound, smtpd
from moked.mail.ingest import ingest
from moked.mail.models import InboundMessage, OutboundMessage
from moked.people.models import Person
from moked.tickets import services
from moked.tickets.models import EventKind, Ticket, TicketEvent, TicketFollower
from tests.factories import AdminFactory, OrganisationFactory, PersonFactory, make_ticket
from tests.web.clients import client_for

from .conftest import DESK, free_port, mail, reply_to

pytestmark = pytest.mark.django_db


def take(raw: bytes, to: str = DESK):
    return ingest(raw, to=to, source=InboundMessage.Source.GATE)


def deliver_all():
    for pk in OutboundMessage.objects.filter(status="pending").order_by("pk").values_list("pk", flat=True):
        try:
            outbound.deliver(pk)
        except outbound.DeliveryFailed:
            pass


@pytest.fixture
def idn_org(db):
    """An organisation whose e-mail domain is internationalised, kept (as domains are) in A-labels."""
    return OrganisationFactory(code="BUCH", name="Bücher", domains=["xn--bcher-kva.example", "acme.example"])


@pytest.fixture
def idn_mailbox(idn_org):
    return configuration.create_mailbox(AdminFactory(), organisation=idn_org, address=DESK)


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ('"José Núñez" <José@acme.example>', "josé@acme.example"),  # UTF-8 local part
        ("Kai <kai@Bücher.example>", "kai@bücher.example"),  # Unicode domain, ASCII local part
        ("Ünal <ünal@bücher.example>", "ünal@bücher.example"),  # both
        ("kim@xn--bcher-kva.example", "kim@bücher.example"),  # the domain's ASCII form
        ("o'brien@acme.example", "o'brien@acme.example"),  # ASCII, but no valid username as it is
    ],
)
def test_an_internationalised_sender_becomes_a_person_and_opens_a_ticket(
    idn_mailbox, idn_org, written, stored
):
    result = take(mail(sender=written, utf8=True))
    assert (result.outcome, result.ticket) == ("ticket", "INC-000001"), result.reason
    person = Person.objects.get(email=stored)
    assert (person.organisation, person.role) == (idn_org, "end_user")
    assert Ticket.objects.get().requester == person
    assert InboundMessage.objects.get().sender == stored


def test_an_address_with_encoded_words_in_it_is_read_as_the_address_meant(idn_mailbox):
    """Python's email package (and Django) write a non-ASCII local part as an RFC 2047 word, which
    the standard forbids: read leniently, as the address its writer meant."""
    raw = mail(sender="José <josé@acme.example>")  # utf8=False: =?utf-8?q?jos=C3=A9?=@acme.example
    assert b"=?utf-8?q?jos=C3=A9?=@" in raw
    assert take(raw).outcome == "ticket"
    assert Person.objects.filter(email="josé@acme.example").exists()


def test_a_known_person_is_found_however_the_domain_is_written(idn_mailbox, idn_org):
    known = PersonFactory(organisation=idn_org, email="kai@xn--bcher-kva.example")  # typed by an admin
    known.refresh_from_db()
    assert known.email == "kai@bücher.example"  # kept canonical
    Person.objects.filter(pk=known.pk).update(email="kai@xn--bcher-kva.example")  # as stored before
    result = take(mail(sender="KAI@bücher.EXAMPLE", utf8=True))
    assert result.outcome == "ticket" and Ticket.objects.get().requester == known
    assert Person.objects.count() == 2  # the admin who made the mailbox, and Kai: nobody new


@pytest.mark.parametrize(
    "sender",
    [
        "dots..twice@acme.example",  # a dot-atom cannot have an empty atom
        f"{'x' * 65}@acme.example",  # a local part is at most 64 octets
        "spaced\u200bout@acme.example",  # a format character no mail system takes
    ],
)
def test_a_sender_who_cannot_become_a_person_is_quarantined_saying_so(idn_mailbox, sender):
    result = take(mail(sender=sender, utf8=True))
    stored = InboundMessage.objects.get()
    assert (result.outcome, stored.outcome) == ("quarantine", "quarantine")
    assert "cannot become a person of Bücher" in stored.reason and sender in stored.reason
    assert "Enter a valid email address." in stored.reason
    assert "processing failed" not in stored.reason and "ValidationError" not in stored.reason
    assert not Ticket.objects.exists()
    page = client_for(AdminFactory()).get(f"/desk/administration/quarantine/{stored.pk}/").content.decode()
    assert "cannot become a person of Bücher" in page


def test_an_unusable_address_in_cc_leaves_the_rest_of_the_message_alone(idn_mailbox):
    result = take(
        mail(sender="josé@acme.example", cc=["dots..twice@acme.example", "ünal@bücher.example"], utf8=True)
    )
    assert result.outcome == "ticket"
    followers = list(TicketFollower.objects.values_list("person__email", flat=True))
    assert followers == ["ünal@bücher.example"]


def test_a_mailbox_with_an_internationalised_address_receives_over_smtputf8(transactional_db, settings):
    organisation = OrganisationFactory(code="TUKI", domains=["yhtiö.example"])
    configuration.create_mailbox(AdminFactory(), organisation=organisation, address="Tuki@Yhtiö.example")
    server = smtpd.controller("127.0.0.1", free_port())
    server.start()
    try:
        with smtplib.SMTP("127.0.0.1", server.port) as client:
            client.ehlo()
            assert client.has_extn("smtputf8")
            # the client writes the mailbox's domain in A-labels, and answers to a tagged address
            client.sendmail(
                "päivi@yhtiö.example",
                ["tuki@xn--yhti-8qa.example"],
                mail(sender="Päivi <päivi@yhtiö.example>", to="tuki@yhtiö.example", utf8=True),
                mail_options=["SMTPUTF8"],
            )
            client.sendmail(
                "päivi@yhtiö.example",
                ["tuki+inc-000001@yhtiö.example"],
                mail(
                    sender="päivi@yhtiö.example",
                    to="tuki+inc-000001@yhtiö.example",
                    subject="more",
                    utf8=True,
                ),
                mail_options=["SMTPUTF8"],
            )
    finally:
        server.stop()
    messages = InboundMessage.objects.order_by("pk")
    assert [(m.outcome, m.sender, m.reason) for m in messages] == [
        ("ticket", "päivi@yhtiö.example", ""),
        ("reply", "päivi@yhtiö.example", ""),
    ]
    assert {m.mailbox.address for m in messages} == {"tuki@yhtiö.example"}


def test_mail_to_an_internationalised_person_goes_out_with_smtputf8(idn_mailbox, idn_org, smtp_sink):
    person = PersonFactory(organisation=idn_org, name="José Núñez", email="José@Bücher.example")
    make_ticket(person, subject="Näyttö pimeänä")
    deliver_all()
    (envelope,) = smtp_sink.envelopes
    assert envelope["to"] == ["josé@xn--bcher-kva.example"]  # the domain in A-labels, the local part as is
    assert "SMTPUTF8" in envelope["options"]
    header = smtp_sink.raw[0].split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    assert "To: josé@bücher.example".encode() in header  # in UTF-8 (RFC 6532), not an encoded word
    message = smtp_sink.messages[0]
    assert message["Subject"] == "[INC-000001] Näyttö pimeänä"
    assert OutboundMessage.objects.get().status == "sent"


def test_a_unicode_domain_alone_needs_no_smtputf8(idn_mailbox, idn_org, ascii_smtp_sink):
    person = PersonFactory(organisation=idn_org, name="Kai", email="kai@bücher.example")
    make_ticket(person)
    deliver_all()
    (envelope,) = ascii_smtp_sink.envelopes
    assert envelope["to"] == ["kai@xn--bcher-kva.example"] and "SMTPUTF8" not in envelope["options"]
    assert ascii_smtp_sink.messages[0]["To"] == "kai@xn--bcher-kva.example"


def test_a_server_without_smtputf8_fails_the_message_at_once_and_says_why(
    idn_mailbox, idn_org, ascii_smtp_sink
):
    person = PersonFactory(organisation=idn_org, email="josé@acme.example")
    ticket = make_ticket(person)
    deliver_all()
    message = OutboundMessage.objects.get()
    assert (message.status, message.attempts) == ("failed", 1)  # no retry makes the server learn it
    assert "SMTPUTF8" in message.last_error
    failure = TicketEvent.objects.get(ticket=ticket, kind=EventKind.MAIL_FAILED)
    assert failure.data["to"] == ["josé@acme.example"]
    assert ascii_smtp_sink.messages == []


def test_a_whole_conversation_with_an_internationalised_customer(
    idn_mailbox, idn_org, imap_server, smtp_sink, agent_of
):
    """Mail from josé@bücher.example → Dovecot → ticket → the agent's reply over SMTPUTF8 → José answers
    it → back through Dovecot onto the same ticket."""
    idn_mailbox.imap_host, idn_mailbox.imap_port, idn_mailbox.imap_security = (
        "127.0.0.1",
        imap_server["port"],
        "none",
    )
    idn_mailbox.imap_username, idn_mailbox.imap_password = imap_server["user"], imap_server["password"]
    idn_mailbox.save()
    with IMAPClient("127.0.0.1", port=imap_server["port"], ssl=False) as client:
        client.login(imap_server["user"], imap_server["password"])
        client.append("INBOX", mail(sender="José <josé@bücher.example>", subject="Tulostin", utf8=True))
    (first,) = imap.poll(idn_mailbox)
    ticket = Ticket.objects.get()
    services.add_comment(agent_of(idn_org), ticket, "Kokeile nyt uudelleen.")
    deliver_all()
    reply = smtp_sink.raw[-1]
    assert smtp_sink.envelopes[-1]["to"] == ["josé@xn--bcher-kva.example"]
    with IMAPClient("127.0.0.1", port=imap_server["port"], ssl=False) as client:
        client.login(imap_server["user"], imap_server["password"])
        client.append("INBOX", reply_to(reply, "José <josé@bücher.example>", "Toimii, kiitos!", utf8=True))
    (answer,) = imap.poll(idn_mailbox)
    assert (first.outcome, answer.outcome, answer.ticket) == ("ticket", "reply", ticket.reference)
    assert ticket.comments.order_by("pk").last().author.email == "josé@bücher.example"


@pytest.fixture
def agent_of(db):
    from tests.factories import AgentFactory, GroupFactory

    def make(organisation):
        agent = AgentFactory(serves=[organisation])
        GroupFactory(members=[agent])
        return agent

    return make


def test_an_admin_adds_and_changes_an_internationalised_person_on_the_people_page(idn_org):
    admin = client_for(AdminFactory())
    data = {
        "name": "Seán O'Brien",
        "email": "Seán.O'Brien@Bücher.example",
        "username": "",
        "phone": "",
        "role": "end_user",
        "organisation": idn_org.pk,
        "tier": "",
        "language": "en",
        "timezone": "",
        "is_active": "on",
        "password": "",
    }
    admin.post("/desk/administration/people/new/", data)
    person = Person.objects.get(email="seán.o'brien@bücher.example")
    form = admin.get(f"/desk/administration/people/{person.pk}/").content.decode()
    # a text box (a browser's type="email" refuses é before the @), holding the address as stored
    assert 'type="text" name="email" value="seán.o&#x27;brien@bücher.example"' in form
    changed = admin.post(
        f"/desk/administration/people/{person.pk}/", {**data, "action": "person", "name": "Seán"}
    )
    assert changed.status_code in (200, 302)
    person.refresh_from_db()
    assert (person.name, person.email) == ("Seán", "seán.o'brien@bücher.example")


def test_the_api_takes_internationalised_addresses_for_people_and_mailboxes(api_as, idn_org):
    client = api_as(AdminFactory())
    mailbox = client.post(
        "/api/v1/mailboxes/",
        {"organisation": "BUCH", "address": "Tuki@Bücher.example", "name": "Tuki"},
        format="json",
    )
    assert mailbox.status_code == 201, mailbox.json()
    assert mailbox.json()["address"] == "tuki@bücher.example"
    person = client.post(
        "/api/v1/people/",
        {"name": "José", "email": "José@xn--bcher-kva.example", "role": "end_user", "organisation": "BUCH"},
        format="json",
    )
    assert person.status_code == 201, person.json()
    assert person.json()["email"] == "josé@bücher.example"
    pk = person.json()["id"]
    whole = {**person.json(), "name": "José Núñez"}
    whole = {key: whole[key] for key in ("name", "email", "role", "organisation", "language", "timezone")}
    assert client.put(f"/api/v1/people/{pk}/", whole, format="json").status_code == 200
    refused = client.post(
        "/api/v1/people/",
        {"name": "X", "email": "dots..twice@bücher.example", "role": "end_user"},
        format="json",
    )
    assert refused.status_code == 400 and "email" in refused.json()["errors"]
