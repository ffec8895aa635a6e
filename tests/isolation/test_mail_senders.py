"""A From header is not an identity: mail that only claims to come from staff, a client manager or
a ticket's people acts as nobody's staff, reaches no other organisation's ticket and adds nobody.

Real messages through the real pipeline: Moked's SMTP server (aiosmtpd) and the mail gate, with
the Authentication-Results a receiving server writes on top (or that a sender forges below it).
"""

import smtplib

import pytest
from django.core import mail as django_mail

from moked.mail import configuration, outbound, reply_addresses, smtpd
from moked.mail.ingest import ingest
from moked.mail.models import InboundMessage, OutboundMessage
from moked.notifications.services import notify
from moked.tickets import services
from moked.tickets.models import Comment, Ticket, TicketFollower
from tests.factories import (
    AdminFactory,
    AgentFactory,
    ClientManagerFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
)
from tests.mail.conftest import MTA, free_port, mail, received_by_mta

pytestmark = pytest.mark.django_db

ALPHA_DESK = "alpha@support.example"
BRAVO_DESK = "bravo@support.example"


@pytest.fixture
def world(db, settings):
    return build_world(settings)


@pytest.fixture
def committed_world(transactional_db, settings):
    """The same, committed: for Moked's SMTP server, whose threads have connections of their own."""
    return build_world(settings)


def build_world(settings) -> dict:
    settings.MOKED_MAIL_AUTHSERV_IDS = [MTA]
    admin = AdminFactory(name="Ada Admin", email="ada@provider.example")
    alpha = OrganisationFactory(code="ALPHA", name="Alpha", domains=["alpha.example"])
    bravo = OrganisationFactory(code="BRAVO", name="Bravo", domains=["bravo.example"])
    configuration.create_mailbox(admin, organisation=alpha, address=ALPHA_DESK)
    configuration.create_mailbox(admin, organisation=bravo, address=BRAVO_DESK)
    agent = AgentFactory(name="Avi Agent", email="avi@provider.example", serves=[alpha])
    GroupFactory(members=[agent])
    requester = PersonFactory(organisation=alpha, name="Rina", email="rina@alpha.example")
    manager = ClientManagerFactory(organisation=alpha, name="Moshe Manager", email="moshe@alpha.example")
    insider = PersonFactory(organisation=alpha, name="Ido", email="ido@alpha.example")
    bravo_user = PersonFactory(organisation=bravo, email="bo@bravo.example")
    ticket = services.create_ticket(
        requester, organisation=alpha, requester=requester, subject="Salary slip is wrong"
    )
    bravo_ticket = services.create_ticket(
        bravo_user, organisation=bravo, requester=bravo_user, subject="Bravo's own trouble"
    )
    OutboundMessage.objects.all().delete()  # the acknowledgements: only what the mail below causes counts
    return {
        "admin": admin,
        "agent": agent,
        "requester": requester,
        "manager": manager,
        "insider": insider,
        "ticket": ticket,
        "bravo_ticket": bravo_ticket,
    }


def take(raw: bytes, to: str = ALPHA_DESK):
    return ingest(raw, to=to, source=InboundMessage.Source.GATE)


def about(ticket, sender, body="Done, closing this.", **kwargs) -> bytes:
    return mail(sender=sender, subject=f"Re: [{ticket.reference}] {ticket.subject}", body=body, **kwargs)


def test_mail_claiming_an_agent_is_no_reply_of_theirs(world):
    ticket = world["ticket"]
    result = take(about(ticket, "Avi Agent <avi@provider.example>", "Your password is reset: hunter2"))
    ticket.refresh_from_db()
    assert result.outcome == "quarantine" and "Avi Agent" in result.reason
    assert not ticket.comments.exists()
    assert ticket.first_response_at is None  # the clock still runs
    assert not OutboundMessage.objects.exists()  # the requester is mailed nothing


def test_mail_claiming_the_admin_reaches_no_other_organisations_ticket(world):
    bravo_ticket = world["bravo_ticket"]
    result = take(about(bravo_ticket, "ada@provider.example"), to=BRAVO_DESK)
    assert result.outcome == "quarantine"
    assert not bravo_ticket.comments.exists()


def test_mail_claiming_a_client_manager_adds_no_followers_and_reaches_no_colleagues_ticket(world):
    ticket = world["ticket"]
    result = take(about(ticket, "moshe@alpha.example", "Adding Ido.", cc=["ido@alpha.example"]))
    assert not TicketFollower.objects.filter(ticket=ticket).exists()
    assert not ticket.comments.exists()  # the manager neither asked nor follows it
    assert result.outcome == "ticket" and result.ticket != ticket.reference  # their own, new ticket
    created = Ticket.objects.get(number=3)
    assert created.requester == world["manager"]


def test_mail_claiming_the_requester_adds_nobody_to_their_ticket(world):
    ticket = world["ticket"]
    result = take(about(ticket, "rina@alpha.example", "Ido may read this.", cc=["ido@alpha.example"]))
    assert result.outcome == "reply"  # the customer side: a requester's answer to their own ticket
    assert not TicketFollower.objects.filter(ticket=ticket).exists()
    assert "ido@alpha.example" in result.reason


def test_an_automatic_reply_from_a_stranger_notes_nothing(world):
    bravo_ticket = world["bravo_ticket"]
    raw = mail(
        sender="someone@elsewhere.example",
        subject=f"Automatic reply: [{bravo_ticket.reference}] hello",
        body="I am away; my colleague attacker@elsewhere.example helps meanwhile.",
        headers={"Auto-Submitted": "auto-replied"},
    )
    result = take(raw, to=BRAVO_DESK)
    assert result.outcome == "auto_reply" and result.ticket is None
    assert not Comment.objects.filter(ticket=bravo_ticket).exists()
    assert "Not noted" in result.reason


def test_an_automatic_reply_from_the_requester_is_noted(world):
    ticket = world["ticket"]
    raw = mail(
        sender="rina@alpha.example",
        subject=f"Out of office: [{ticket.reference}] Salary slip is wrong",
        body="Back on Monday.",
        headers={"Auto-Submitted": "auto-replied"},
    )
    result = take(raw)
    assert (result.outcome, result.ticket) == ("auto_reply", ticket.reference)
    assert "Back on Monday" in ticket.comments.get().body


# --- what does vouch for a sender ----------------------------------------------------------------


def test_an_agents_mail_verified_by_the_receiving_server_is_their_public_reply(world):
    ticket = world["ticket"]
    raw = received_by_mta(about(ticket, "avi@provider.example"), "dmarc=pass header.from=provider.example")
    result = take(raw)
    ticket.refresh_from_db()
    assert result.outcome == "reply"
    comment = ticket.comments.get()
    assert (comment.author, comment.is_public) == (world["agent"], True)
    assert ticket.first_response_at is not None
    assert OutboundMessage.objects.filter(kind="reply", recipients=["rina@alpha.example"]).exists()


@pytest.mark.parametrize(
    ("results", "authserv_id"),
    [
        ("dmarc=fail header.from=provider.example", MTA),  # the server says it failed
        ("dmarc=pass header.from=elsewhere.example", MTA),  # another domain passed
        ("dkim=pass header.d=provider.example.attacker.example", MTA),  # not the From domain
        ("spf=pass smtp.mailfrom=bounce@attacker.example", MTA),  # SPF for another envelope sender
        ("dmarc=pass header.from=provider.example", "mx.attacker.example"),  # a server not ours
    ],
)
def test_results_that_do_not_verify_the_from_domain_change_nothing(world, results, authserv_id):
    ticket = world["ticket"]
    result = take(received_by_mta(about(ticket, "avi@provider.example"), results, authserv_id))
    assert result.outcome == "quarantine" and not ticket.comments.exists()


def test_results_the_sender_wrote_below_the_servers_own_do_not_count(world):
    """The sender writes a passing result under the installation's authserv-id; the receiving server
    puts its own above it (and its Received line between)."""
    ticket = world["ticket"]
    forged = about(
        ticket,
        "avi@provider.example",
        headers={"Authentication-Results": f"{MTA}; dmarc=pass header.from=provider.example"},
    )
    assert take(received_by_mta(forged, "spf=none smtp.mailfrom=attacker.example")).outcome == "quarantine"
    # and when the server wrote a verdict of its own for the same method, the topmost one holds
    forged_again = about(
        ticket,
        "avi@provider.example",
        "again",
        headers={"Authentication-Results": f"{MTA}; dmarc=pass header.from=provider.example"},
    )
    raw = received_by_mta(forged_again, "dmarc=fail header.from=provider.example")
    assert take(raw).outcome == "quarantine"
    assert not ticket.comments.exists()


def test_a_verified_client_manager_reaches_the_organisations_tickets_and_adds_followers(world):
    ticket = world["ticket"]
    raw = received_by_mta(
        about(ticket, "moshe@alpha.example", "Adding Ido.", cc=["ido@alpha.example"]),
        "dkim=pass header.d=alpha.example header.s=2026",
    )
    result = take(raw)
    assert (result.outcome, result.ticket) == ("reply", ticket.reference)
    assert list(TicketFollower.objects.filter(ticket=ticket).values_list("person", flat=True)) == [
        world["insider"].pk
    ]


def test_an_answer_to_the_agents_own_reply_address_is_theirs(world):
    ticket = world["ticket"]
    tag = reply_addresses.tag_for(ticket.reference, world["agent"].pk, ticket.pk)
    address = f"alpha+{tag}@support.example"
    result = ingest(
        mail(sender="avi@provider.example", to=address, subject="Re: your ticket", body="On it."),
        to=address,
        source=InboundMessage.Source.GATE,
    )
    assert (result.outcome, result.ticket) == ("reply", ticket.reference)
    assert ticket.comments.get().author == world["agent"]


@pytest.mark.parametrize("whose", ["another agent", "another ticket"])
def test_a_reply_address_vouches_only_for_its_person_and_ticket(world, whose):
    ticket = world["ticket"]
    other_agent = AgentFactory(serves=[ticket.organisation])
    other_ticket = services.create_ticket(
        world["requester"], organisation=ticket.organisation, requester=world["requester"], subject="Other"
    )
    person, signed_for = (other_agent, ticket) if whose == "another agent" else (world["agent"], other_ticket)
    tag = reply_addresses.tag_for(ticket.reference, person.pk, signed_for.pk).replace(
        signed_for.reference.lower(), ticket.reference.lower()
    )
    address = f"alpha+{tag}@support.example"
    raw = mail(sender="avi@provider.example", to=address, subject="Re: your ticket", body="On it.")
    result = ingest(raw, to=address, source=InboundMessage.Source.GATE)
    assert result.outcome == "quarantine" and not ticket.comments.exists()


def test_the_reply_address_an_agent_is_mailed_brings_their_answer_back_over_smtp(committed_world, settings):
    """An agent gets an SLA notification by mail, answers it from their mail client to its
    Reply-To, and Moked's SMTP server takes the answer as theirs."""
    world = committed_world
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ticket = world["ticket"]
    notify(
        [world["agent"]], kind="sla_warning", ticket=ticket, message=lambda: ("Ticket due soon", "Answer it.")
    )
    outbound.queue_notifications()
    for pk in OutboundMessage.objects.filter(status="pending").values_list("pk", flat=True):
        outbound.deliver(pk)
    (notification,) = django_mail.outbox
    reply_address = notification.reply_to[0]
    server = smtpd.controller("127.0.0.1", free_port())
    server.start()
    try:
        with smtplib.SMTP("127.0.0.1", server.port) as client:
            client.sendmail(
                "avi@provider.example",
                [reply_address],
                mail(
                    sender="avi@provider.example",
                    to=reply_address,
                    subject="Re: Ticket due soon",
                    body="Done.",
                ),
            )
    finally:
        server.stop()
    stored = InboundMessage.objects.get()
    assert (stored.outcome, stored.ticket) == ("reply", ticket)
    assert ticket.comments.get().author == world["agent"]
