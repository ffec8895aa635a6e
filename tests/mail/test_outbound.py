"""Mail Moked sends: who gets what, in which language, threaded how, and what a failure leaves."""

from email import message_from_bytes, policy

import pytest
from django.core import mail as django_mail

from moked.mail import configuration, outbound, reply_addresses
from moked.mail.ingest import ingest
from moked.mail.models import OutboundMessage
from moked.notifications.models import Notification
from moked.notifications.services import notify
from moked.tickets import services
from moked.tickets.models import EventKind, Ticket, TicketEvent
from tests.factories import AdminFactory, OrganisationFactory, PersonFactory, make_ticket

from .conftest import DESK, mail

pytestmark = pytest.mark.django_db


def deliver_all():
    for pk in OutboundMessage.objects.filter(status="pending").order_by("pk").values_list("pk", flat=True):
        outbound.deliver(pk)


def test_the_requester_hears_of_the_new_ticket_and_the_desks_replies(mailbox, customer, agent, smtp_sink):
    ticket = make_ticket(customer, subject="VPN drops")
    services.add_comment(agent, ticket, "Please try the new client.")
    services.add_comment(agent, ticket, "internal: vendor case", public=False)
    deliver_all()
    received, reply = smtp_sink.messages
    assert received["To"] == "dana@acme.example" and received["Subject"] == "[INC-000001] VPN drops"
    assert "INC-000001" in received.get_body(("plain",)).get_content()
    assert reply["Subject"] == "Re: [INC-000001] VPN drops"
    assert "Please try the new client." in reply.get_body(("plain",)).get_content()
    assert "vendor case" not in "".join(m.as_string() for m in smtp_sink.messages)


def test_messages_thread_in_mail_clients(mailbox, customer, agent, smtp_sink):
    ticket = make_ticket(customer)
    services.add_comment(agent, ticket, "First answer")
    services.add_comment(agent, ticket, "Second answer")
    deliver_all()
    first, second, third = smtp_sink.messages
    ids = [m["Message-ID"] for m in (first, second, third)]
    assert len(set(ids)) == 3 and all(i.startswith("<") and i.endswith("@moked.localhost>") for i in ids)
    assert second["In-Reply-To"] == first["Message-ID"]
    assert third["In-Reply-To"] == second["Message-ID"]
    root = third["References"].split()[0]
    assert root == second["References"].split()[0]  # one thread root for the whole ticket
    assert first["Message-ID"] in third["References"] and second["Message-ID"] in third["References"]


def test_replies_go_to_the_tagged_address_of_the_ticket_signed_for_the_recipient(
    mailbox, customer, smtp_sink
):
    ticket = make_ticket(customer)
    deliver_all()
    (message,) = smtp_sink.messages
    token = reply_addresses.token_for(customer.pk, ticket.pk)
    assert message["Reply-To"] == f"desk+inc-000001.{token}@support.example"
    assert "desk@support.example" in message["From"]


def test_automatic_mail_says_so_and_a_persons_reply_does_not(mailbox, customer, agent, smtp_sink):
    ticket = make_ticket(customer)
    services.add_comment(agent, ticket, "Hello")
    deliver_all()
    acknowledgement, reply = smtp_sink.messages
    assert acknowledgement["Auto-Submitted"] == "auto-generated"
    assert acknowledgement["X-Auto-Response-Suppress"] == "All"
    assert reply["Auto-Submitted"] is None


@pytest.mark.parametrize(
    ("language", "rtl", "words"),
    [
        ("he", True, "קיבלנו את פנייתך ונתנו לה את המספר INC-000001."),
        ("fa", True, "درخواست شما را دریافت کردیم و شماره INC-000001 را به آن دادیم."),
        ("fi", False, "saimme pyyntösi ja annoimme sille numeron INC-000001."),
        ("en", False, "we received your request and gave it the number INC-000001."),
    ],
)
def test_mail_is_written_in_the_recipients_language_right_to_left_where_it_reads_so(
    mailbox, org, language, rtl, words, smtp_sink
):
    person = PersonFactory(organisation=org, language=language)
    make_ticket(person)
    deliver_all()
    (message,) = smtp_sink.messages
    html = message.get_body(("html",)).get_content()
    assert ('dir="rtl"' in html) == rtl and f'lang="{language}"' in html
    assert words in message.get_body(("plain",)).get_content()
    assert words.split(" INC-")[0] in html  # the HTML part is translated too


def test_followers_hear_of_replies_but_not_the_author(mailbox, customer, agent, org, smtp_sink):
    colleague = PersonFactory(organisation=org, email="noa@acme.example")
    ticket = make_ticket(customer)
    services.add_followers(customer, ticket, [colleague])
    services.add_comment(customer, ticket, "Adding my colleague.")
    services.add_comment(agent, ticket, "Noted, both of you.")
    deliver_all()
    recipients = [(m["To"], m["Subject"]) for m in smtp_sink.messages]
    assert recipients == [
        ("dana@acme.example", "[INC-000001] Printer prints blank pages"),
        ("noa@acme.example", "Re: [INC-000001] Printer prints blank pages"),  # the customer's own words
        ("dana@acme.example", "Re: [INC-000001] Printer prints blank pages"),
        ("noa@acme.example", "Re: [INC-000001] Printer prints blank pages"),
    ]


def test_status_changes_the_requester_cares_about(mailbox, customer, agent, smtp_sink):
    ticket = services.update_ticket(agent, make_ticket(customer), {"assignee": agent})
    ticket = services.change_status(agent, ticket, "in_progress")  # internal routine: no mail
    ticket = services.change_status(agent, ticket, "pending_customer")
    ticket = services.change_status(
        agent, ticket, "resolved", resolution_code="solved", resolution_text="Replaced the toner."
    )
    deliver_all()
    kinds = list(OutboundMessage.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["received", "status", "resolved"]
    resolved = smtp_sink.messages[-1].get_body(("plain",)).get_content()
    assert "Replaced the toner." in resolved


def test_a_failed_delivery_is_retried_then_shown_on_the_ticket(mailbox, customer, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    settings.MOKED_MAIL_ATTEMPTS = 3
    ticket = make_ticket(customer)
    message = OutboundMessage.objects.get()
    for _ in range(2):
        with pytest.raises(outbound.DeliveryFailed):
            outbound.deliver(message.pk)
        message.refresh_from_db()
        assert message.status == "pending" and message.last_error
    assert outbound.deliver(message.pk) == "failed"
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.MAIL_FAILED)
    assert event.data["to"] == ["dana@acme.example"] and not event.is_public


def test_a_message_is_sent_once_even_when_two_workers_try(mailbox, customer, smtp_sink):
    make_ticket(customer)
    pk = OutboundMessage.objects.get().pk
    assert outbound.deliver(pk) == "sent"
    assert outbound.deliver(pk) == "sent"
    assert len(smtp_sink.messages) == 1


def test_sla_and_other_notifications_are_mailed_to_staff(mailbox, customer, agent, smtp_sink):
    ticket = make_ticket(customer)
    notify(
        [agent],
        kind=Notification.Kind.SLA_BREACHED,
        ticket=ticket,
        message=lambda: ("SLA breached: INC-000001", "First response target: 60 business minutes."),
    )
    assert outbound.queue_notifications() == 1
    assert outbound.queue_notifications() == 0  # each only once
    deliver_all()
    staff = [m for m in smtp_sink.messages if m["To"] == "avi@provider.example"]
    assert [m["Subject"] for m in staff] == ["SLA breached: INC-000001"]


def test_nothing_is_mailed_while_suppressed(mailbox, customer):
    with outbound.suppressed():
        make_ticket(customer)
    assert not OutboundMessage.objects.exists()


def test_an_organisation_without_a_mailbox_sends_from_the_default_address(customer, smtp_sink, settings):
    settings.DEFAULT_FROM_EMAIL = "help@provider.example"
    make_ticket(customer)
    deliver_all()
    (message,) = smtp_sink.messages
    assert message["From"] == "help@provider.example" and message["Reply-To"] is None


def test_attachments_of_a_public_reply_travel_with_it(mailbox, customer, agent, smtp_sink):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ticket = make_ticket(customer)
    services.add_comment(
        agent, ticket, "Here is the guide.", files=[SimpleUploadedFile("guide.pdf", b"%PDF-1.7")]
    )
    deliver_all()
    reply = smtp_sink.messages[-1]
    assert [(part.get_filename(), part.get_content()) for part in reply.iter_attachments()] == [
        ("guide.pdf", b"%PDF-1.7")
    ]


def test_the_locmem_backend_is_left_alone_by_the_suite(mailbox, customer):
    make_ticket(customer)
    deliver_all()
    assert (
        len(django_mail.outbox) == 1
        and message_from_bytes(django_mail.outbox[0].message().as_bytes(), policy=policy.default)["Subject"]
        == "[INC-000001] Printer prints blank pages"
    )


def test_other_organisations_mail_is_not_mixed_in(mailbox, customer, smtp_sink):
    other = OrganisationFactory()
    make_ticket(PersonFactory(organisation=other))
    make_ticket(customer)
    deliver_all()
    froms = [m["From"] for m in smtp_sink.messages]
    assert "desk@support.example" not in froms[0] and "desk@support.example" in froms[1]


def test_the_acknowledgement_of_a_mailed_ticket_answers_the_customers_message(mailbox, customer, smtp_sink):
    ingest(mail(message_id="<first@client.example>"), to=DESK, source="gate")
    deliver_all()
    (acknowledgement,) = smtp_sink.messages
    assert acknowledgement["In-Reply-To"] == "<first@client.example>"
    assert acknowledgement["References"].split()[0] == "<first@client.example>"


def test_a_followers_copy_of_a_mailed_reply_answers_that_reply(mailbox, org, customer, smtp_sink):
    colleague = PersonFactory(organisation=org, email="noa@acme.example", username="noa")
    ingest(mail(message_id="<first@client.example>", cc=["noa@acme.example"]), to=DESK, source="gate")
    ticket = Ticket.objects.get()
    assert [follower.person for follower in ticket.followers.all()] == [colleague]
    deliver_all()
    smtp_sink.messages.clear()
    answer = mail(
        subject=f"Re: [{ticket.reference}] printing",
        body="It works again.",
        message_id="<second@client.example>",
        headers={"In-Reply-To": "<first@client.example>"},
    )
    assert ingest(answer, to=DESK, source="gate").outcome == "reply"
    deliver_all()
    (copy,) = smtp_sink.messages
    assert copy["To"] == "noa@acme.example"
    assert copy["In-Reply-To"] == "<second@client.example>"
    assert "<first@client.example>" in copy["References"].split()


def test_the_acknowledgement_comes_from_the_mailbox_the_customer_wrote_to(mailbox, org, customer, smtp_sink):
    configuration.create_mailbox(AdminFactory(), organisation=org, address="it@support.example")
    ingest(mail(to="it@support.example"), to="it@support.example", source="gate")
    deliver_all()
    (acknowledgement,) = smtp_sink.messages
    assert "<it@support.example>" in acknowledgement["From"]
    assert acknowledgement["Reply-To"].startswith("it+inc-000001.")
    assert acknowledgement["Reply-To"].endswith("@support.example")
