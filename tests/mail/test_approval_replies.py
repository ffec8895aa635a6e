"""Approving by e-mail reply, through the whole mail pipeline: the approval notification goes out
with a reply address signed for the approver and the ticket; a reply to it whose first word
approves or rejects (en, he, fa, fi) decides, with the rest of the reply as the comment, and is
linked to the ticket without becoming a comment. A reply that nothing vouches for (a forged From)
decides nothing and is quarantined; a reply whose first word is neither goes the normal way."""

from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from django.core import mail as django_mail
from django.utils import timezone

from moked.approvals import services as approvals
from moked.approvals.models import Approver
from moked.mail import outbound, reply_addresses
from moked.mail.approval_replies import comment_of
from moked.mail.ingest import ingest
from moked.mail.models import InboundMessage, OutboundMessage
from moked.tickets import lifecycle
from moked.tickets.models import EventChannel, EventKind
from tests.factories import AgentFactory, PersonFactory, ServiceFactory, make_ticket

from .conftest import mail, received_by_mta, reply_to

STEP = {"name": {"en": "Manager", "fi": "Esihenkilö"}, "approvers": [{"kind": "manager"}], "rule": "any"}


@pytest.fixture
def world(org, mailbox, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    manager = PersonFactory(organisation=org, name="Mikko Esimies", email="mikko@acme.example", language="fi")
    asker = PersonFactory(
        organisation=org, name="Aino Virtanen", email="aino@acme.example", language="fi", manager=manager
    )
    ticket = make_ticket(asker, ticket_type="service_request", subject="Access to the finance folder")
    approvals.start_approval(ticket, [STEP], subject_person=asker, channel=EventChannel.PORTAL)
    return {"manager": manager, "asker": asker, "ticket": ticket}


def sent_to(person) -> bytes:
    """The approval request as `person`'s mail client received it."""
    outbound.queue_notifications()
    for pk in OutboundMessage.objects.filter(status="pending").values_list("pk", flat=True):
        outbound.deliver(pk)
    (message,) = [m for m in django_mail.outbox if person.email in m.to]
    return message.message().as_bytes()


def answer(sent: bytes, sender: str, body: str, *, to=None, trace=None):
    """A reply to `sent`, written to its Reply-To (the signed address) unless `to` says otherwise."""
    original = message_from_bytes(sent, policy=policy.default)
    address = to or str(original["Reply-To"])
    raw = reply_to(sent, sender, body)
    raw = raw.replace(b"To: desk@support.example", f"To: {address}".encode(), 1)
    if trace:
        raw = received_by_mta(raw, trace)
    return ingest(raw, to=address, source=InboundMessage.Source.GATE)


def decisions_on(ticket):
    return list(ticket.events.filter(kind=EventKind.APPROVAL_DECIDED).values_list("data", flat=True))


def test_the_approval_notification_asks_for_replies_at_an_address_signed_for_the_approver(world):
    sent = message_from_bytes(sent_to(world["manager"]), policy=policy.default)
    reference = world["ticket"].reference.lower()
    assert str(sent["Reply-To"]).startswith(f"desk+{reference}.") and "/approvals/decide/" in str(
        sent.get_body(("plain",)).get_content()
    )


@pytest.mark.parametrize(
    ("body", "approved", "comment"),
    [
        ("Approve. Needs the monthly reports.", True, "Needs the monthly reports."),
        ("Hyväksyn, tarvitsee raportit.", True, "tarvitsee raportit."),
        ("hylätty — ei tarvetta", False, "ei tarvetta"),
        ("מאשר\nבהצלחה", True, "בהצלחה"),
        ("דוחה: אין צורך", False, "אין צורך"),
        ("تأیید؛ لازم است", True, "لازم است"),
        ("رد. لازم نیست", False, "لازم نیست"),
    ],
)
def test_a_reply_to_the_signed_address_decides_with_the_rest_as_the_comment(world, body, approved, comment):
    ticket = world["ticket"]
    result = answer(sent_to(world["manager"]), "mikko@acme.example", body)
    assert (result.outcome, result.ticket) == ("reply", ticket.reference)
    (decided,) = decisions_on(ticket)
    assert decided["decision"] == ("approved" if approved else "rejected")
    assert decided["comment"] == comment
    event = ticket.events.get(kind=EventKind.APPROVAL_DECIDED)
    assert (event.actor, event.channel) == (world["manager"], EventChannel.EMAIL)
    assert not ticket.comments.exists()  # linked to the ticket, not posted as a comment
    stored = InboundMessage.objects.get(pk=result.message)
    assert stored.ticket == ticket and stored.comment is None
    ticket.refresh_from_db()
    if approved:
        assert ticket.status == lifecycle.NEW
    else:
        assert (ticket.status, ticket.resolution_code) == (lifecycle.CLOSED, "not_approved")
        assert comment in ticket.resolution_text


def test_a_forged_from_decides_nothing_and_is_quarantined(world):
    """Anyone can write the manager's address in From; without the signed reply address (mail to
    the plain desk address, threaded by the subject's number) nothing vouches for it."""
    ticket = world["ticket"]
    sent_to(world["manager"])
    raw = mail(
        sender="Mikko Esimies <mikko@acme.example>", subject=f"Re: [{ticket.reference}]", body="Approve"
    )
    result = ingest(raw, to="desk@support.example", source=InboundMessage.Source.GATE)
    assert result.outcome == "quarantine" and "DMARC" in result.reason  # says why, in any language
    assert decisions_on(ticket) == [] and not ticket.comments.exists()
    ticket.refresh_from_db()
    assert ticket.status == lifecycle.AWAITING_APPROVAL
    assert Approver.objects.get(person=world["manager"]).decision == "pending"


def test_the_signed_address_of_someone_else_vouches_for_nobody_else(world):
    """The requester's own signed address answered with the manager's From: not the manager's."""
    ticket = world["ticket"]
    sent = sent_to(world["manager"])
    theirs = f"desk+{reply_addresses.tag_for(ticket.reference, world['asker'].pk, ticket.pk)}@support.example"
    result = answer(sent, "mikko@acme.example", "Approve", to=theirs)
    assert result.outcome == "quarantine" and decisions_on(ticket) == []


def test_a_reply_verified_by_the_mail_server_decides(world, trusted_mta):
    ticket = world["ticket"]
    sent_to(world["manager"])
    raw = received_by_mta(
        mail(sender="mikko@acme.example", subject=f"Re: [{ticket.reference}]", body="Reject. Too broad."),
        "dmarc=pass header.from=acme.example",
    )
    result = ingest(raw, to="desk@support.example", source=InboundMessage.Source.GATE)
    assert result.outcome == "reply"
    assert [(d["decision"], d["comment"]) for d in decisions_on(ticket)] == [("rejected", "Too broad.")]


def test_a_reply_whose_first_word_is_neither_goes_the_normal_way(world):
    """The manager may read the request they are asked about but not answer on it (they are not
    its requester or a client manager): their question opens a ticket of their own, as any
    client's mail about a ticket they may not answer does."""
    ticket = world["ticket"]
    body = "Could you tell me which folder? Approve later."
    result = answer(sent_to(world["manager"]), "mikko@acme.example", body)
    assert result.outcome == "ticket" and decisions_on(ticket) == [] and not ticket.comments.exists()
    assert result.ticket != ticket.reference
    ticket.refresh_from_db()
    assert ticket.status == lifecycle.AWAITING_APPROVAL


def test_a_client_manager_approvers_other_reply_is_a_comment_and_a_second_approve_too(world, org):
    ticket = world["ticket"]
    world["manager"].role = "client_manager"
    world["manager"].save()
    sent = sent_to(world["manager"])
    question = answer(sent, "mikko@acme.example", "Which folder exactly?")
    assert (question.outcome, question.ticket) == ("reply", ticket.reference)
    answer(sent, "mikko@acme.example", "Approve")
    again = answer(sent, "mikko@acme.example", "Approve, as I said")
    assert again.outcome == "reply" and len(decisions_on(ticket)) == 1
    assert [c.body for c in ticket.comments.order_by("pk")] == ["Which folder exactly?", "Approve, as I said"]


def test_the_comment_is_what_follows_the_first_word():
    assert comment_of("  — Approve!  Fine by me") == "Fine by me"
    assert comment_of("Hyväksyn") == ""
    assert comment_of("") == ""


def test_a_delegate_answers_the_mail_sent_to_them_and_decides_for_the_person_away(org, mailbox, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    manager = PersonFactory(organisation=org, name="Mikko Esimies", email="mikko@acme.example")
    stand_in = PersonFactory(
        organisation=org, name="Ville Sijainen", email="ville@acme.example", role="client_manager"
    )
    asker = PersonFactory(organisation=org, email="aino@acme.example", manager=manager)
    now = timezone.now()
    approvals.set_delegation(
        manager, delegate=stand_in, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=3)
    )
    ticket = make_ticket(asker, ticket_type="service_request", subject="Access")
    approvals.start_approval(ticket, [STEP], subject_person=asker, channel=EventChannel.PORTAL)

    result = answer(sent_to(stand_in), "ville@acme.example", "Hyväksyn sijaisena")
    assert result.outcome == "reply"
    (decided,) = decisions_on(ticket)
    assert (decided["approver"], decided["for_someone_away"], decided["comment"]) == (
        manager.pk,
        True,
        "sijaisena",
    )


def test_a_staff_approvers_unvouched_reply_is_quarantined_before_anything_is_decided(org, mailbox, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    owner = AgentFactory(serves=[org], email="olli@provider.example", name="Olli Owner")
    asker = PersonFactory(organisation=org, email="aino@acme.example")
    ticket = make_ticket(
        asker,
        ticket_type="service_request",
        subject="Access",
        service=ServiceFactory(organisation=org, owner=owner),
    )
    owner_step = {"name": {"en": "Owner"}, "approvers": [{"kind": "service_owner"}], "rule": "any"}
    approvals.start_approval(ticket, [owner_step], subject_person=asker, channel=EventChannel.PORTAL)
    sent_to(owner)
    raw = mail(sender="olli@provider.example", subject=f"Re: [{ticket.reference}]", body="Approve")
    result = ingest(raw, to="desk@support.example", source=InboundMessage.Source.GATE)
    assert result.outcome == "quarantine" and decisions_on(ticket) == []
