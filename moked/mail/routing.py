"""What an inbound message is, and what it does to tickets (called inside the processing transaction).

In order: unreadable → quarantine; no mailbox → rejected; a flood from one sender → rejected;
a delivery failure → bounce, noted on the ticket whose mail bounced; an automatic reply →
auto_reply, noted on its ticket only when it comes from one of that ticket's people (or answers
Moked's own mail to its sender), never answered; then the sender must be someone of the mailbox's
organisation (or an end user created for its e-mail domain), else the mailbox's policy rejects or
quarantines. A message that threads onto a ticket of the organisation adds a reply (reopening it
if the requester writes after resolution, or within the reopen window after closing; later than
that, a new ticket linked to the old one); any other opens a ticket. A reply whose first word
approves or rejects an approval its sender is asked for on the ticket decides it instead, when
vouched for (moked.mail.approval_replies).

A From header is not an identity: anyone can write any. What a message may do as its sender
depends on what vouches for it (`_proof`): the installation's own mail server (a DMARC, DKIM or
SPF pass for the From domain in its Authentication-Results, moked.mail.authentication), or the
sender's own signed reply address (moked.mail.reply_addresses). Mail claiming to come from staff
acts only when vouched for; otherwise it is quarantined. Unvouched mail from a client is the
customer side at its narrowest: it opens tickets and answers the tickets the person asked or
follows, but does not reach the rest of the organisation's tickets (a client manager's reach) or
make anyone a follower of an existing ticket.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

import rules
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moked.people import addresses
from moked.people.models import Person
from moked.people.selectors import person_by_address
from moked.people.services import end_user_for_address
from moked.tickets import lifecycle, numbering
from moked.tickets import permissions as ticket_permissions
from moked.tickets import services as tickets
from moked.tickets.attachments import check_upload, quota_refusal
from moked.tickets.models import MAX_DESCRIPTION_LENGTH, Channel, EventChannel, Ticket
from moked.tickets.services.linking import surviving_ticket

from . import approval_replies, authentication, outbound, parsing, reply_addresses
from .models import InboundMessage, Mailbox, OutboundMessage

Outcome = InboundMessage.Outcome
EMAIL = EventChannel.EMAIL
_SUBJECT_REFERENCE = re.compile(rf"\[({numbering.REFERENCE_PATTERN})\]")
MAX_SUBJECT = 300


@dataclass(frozen=True)
class Decision:
    outcome: str
    reason: str = ""
    ticket: Ticket | None = None
    comment: object = None


def route(message: InboundMessage, raw: bytes) -> Decision:
    try:
        parsed = parsing.parse(raw)
    except parsing.UnparseableMessage as error:
        return Decision(
            Outcome.QUARANTINE, _("Not a readable e-mail message: %(reason)s") % {"reason": error.reason}
        )
    _remember(message, parsed)
    mailbox = message.mailbox
    if mailbox is None:
        return Decision(
            Outcome.REJECTED,
            _("No mailbox receives mail for %(address)s.") % {"address": message.envelope_to},
        )
    if _flooding(message, mailbox):
        return Decision(
            Outcome.REJECTED,
            _("More than %(limit)d messages from %(sender)s in an hour.")
            % {"limit": mailbox.sender_limit_per_hour, "sender": message.sender},
        )
    if parsed.bounce is not None:
        return _bounce(parsed, mailbox)
    duplicate = _same_message_id(message, mailbox)
    if duplicate is not None:
        return Decision(
            Outcome.DUPLICATE,
            _("The same Message-ID arrived before (#%(number)d).") % {"number": duplicate.pk},
            duplicate.ticket,
        )
    if parsed.auto_reply is not None:
        return _auto_reply(parsed, mailbox, message)
    if parsed.sender is None:
        return Decision(Outcome.QUARANTINE, _("The message says nobody sent it (no From)."))
    sender, refusal = _sender(parsed.sender, mailbox)
    if refusal is not None:
        return refusal
    ticket = _thread(parsed, mailbox, message)
    proof = _proof(parsed, message, sender, ticket)
    if sender.is_staff_member and not proof:
        return Decision(Outcome.QUARANTINE, _unproven_staff(sender))
    if ticket is not None:
        decided = _approval_reply(ticket, sender, parsed, proof)
        if decided is not None:
            return decided
    with outbound.answering(parsed.message_id or "", mailbox):
        if ticket is not None:
            return _reply(ticket, sender, parsed, mailbox, proof)
        return _new_ticket(sender, parsed, mailbox)


def _remember(message: InboundMessage, parsed) -> None:
    """What the message is, for lists and searches; saved with the outcome (by the caller)."""
    message.message_id = (parsed.message_id or "")[:500]
    sender = parsed.sender.address if parsed.sender else addresses.canonical(message.envelope_from)
    message.sender = sender[:320]
    message.subject = parsed.subject[:500]
    message.written_at = parsed.date


def _flooding(message: InboundMessage, mailbox: Mailbox) -> bool:
    """More than the mailbox's hourly limit from one sender: counted by arrival for live mail, and
    by the messages' own dates within an import of old mail (other imports do not count against
    live mail, nor live mail against an import)."""
    if not message.sender:
        return False
    senders = InboundMessage.objects.filter(sender=message.sender).exclude(pk=message.pk)
    if message.source == InboundMessage.Source.IMPORT:
        if message.written_at is None:
            return False
        recent = senders.filter(
            source=InboundMessage.Source.IMPORT,
            written_at__gt=message.written_at - timedelta(hours=1),
            written_at__lte=message.written_at,
        )
    else:
        since = timezone.now() - timedelta(hours=1)
        recent = senders.filter(received_at__gte=since).exclude(source=InboundMessage.Source.IMPORT)
    return recent.count() >= mailbox.sender_limit_per_hour


def _same_message_id(message: InboundMessage, mailbox: Mailbox) -> InboundMessage | None:
    """The same message delivered twice with different headers (two routes, a resent copy)."""
    if not message.message_id:
        return None
    return (
        InboundMessage.objects.filter(
            message_id=message.message_id,
            mailbox__organisation=mailbox.organisation,
            status=InboundMessage.Status.PROCESSED,
            outcome__in=[Outcome.TICKET, Outcome.REPLY],
        )
        .exclude(pk=message.pk)
        .only("pk", "ticket")  # most messages have no twin: the ticket is read only for those that do
        .first()
    )


# --- noise ------------------------------------------------------------------------------------


def _bounce(parsed, mailbox: Mailbox) -> Decision:
    """A delivery failure: marked on the message that bounced and noted on its ticket."""
    bounce = parsed.bounce
    ids = [i for i in [bounce.original_message_id, *parsed.in_reply_to, *parsed.references] if i]
    outbound = (
        OutboundMessage.objects.filter(message_id__in=ids, ticket__organisation=mailbox.organisation)
        .select_related("ticket")
        .first()
    )
    if outbound is None:
        return Decision(Outcome.BOUNCE, _("A delivery failure for a message Moked did not send."))
    outbound.bounced_at = timezone.now()
    outbound.save(update_fields=["bounced_at"])
    note = _(
        "The e-mail “%(subject)s” could not be delivered to %(recipients)s: %(status)s %(diagnostic)s"
    ) % {
        "subject": outbound.subject,
        "recipients": ", ".join(bounce.recipients) or ", ".join(outbound.recipients),
        "status": bounce.status,
        "diagnostic": bounce.diagnostic,
    }
    comment = tickets.add_system_note(
        outbound.ticket, note, channel=EMAIL, data={"bounce": bounce.status, "outbound": outbound.pk}
    )
    return Decision(Outcome.BOUNCE, note, outbound.ticket, comment)


def _auto_reply(parsed, mailbox: Mailbox, message: InboundMessage) -> Decision:
    """An out-of-office or other automatic message: never answered; noted on its ticket when it
    comes from one of the ticket's people, or answers Moked's own mail to its sender. From anyone
    else it is kept with its outcome and touches no ticket: a ticket number is easily written."""
    ticket = _thread(parsed, mailbox, message)
    reason = _("Automatic message (%(why)s).") % {"why": parsed.auto_reply}
    if ticket is None:
        return Decision(Outcome.AUTO_REPLY, reason)
    sender = message.sender
    if not _automatic_from_the_tickets_side(parsed, message, mailbox, ticket):
        not_noted = _(
            "Not noted on %(reference)s: %(sender)s is not one of its people and answers none of "
            "Moked's mail to them."
        ) % {"reference": ticket.reference, "sender": sender or _("(no sender)")}
        return Decision(Outcome.AUTO_REPLY, f"{reason} {not_noted}")
    note = _("Automatic reply from %(sender)s: %(subject)s") % {"sender": sender, "subject": parsed.subject}
    comment = tickets.add_system_note(ticket, f"{note}\n\n{parsed.reply_text[:2000]}", channel=EMAIL)
    return Decision(Outcome.AUTO_REPLY, reason, ticket, comment)


def _automatic_from_the_tickets_side(
    parsed, message: InboundMessage, mailbox: Mailbox, ticket: Ticket
) -> bool:
    """Whether an automatic message may be noted on `ticket`: it answers one of Moked's messages
    about the ticket that went to its sender (whose Message-ID nobody else has seen), or its sender
    is the requester or a follower, or staff serving the organisation with proof of sending it."""
    sender = message.sender
    if not sender:
        return False
    ids = [*parsed.in_reply_to, *parsed.references]
    answered = OutboundMessage.objects.filter(message_id__in=ids, ticket__organisation=mailbox.organisation)
    if ids and any(
        surviving_ticket(mail.ticket) == ticket
        and sender in {addresses.canonical(r) for r in mail.recipients}
        for mail in answered.select_related("ticket")[:20]
    ):
        return True
    person = person_by_address(sender)
    if person is None or not person.is_active:
        return False
    if person.is_client:
        return _own_ticket(person, ticket)
    proof = _proof(parsed, message, person, ticket)
    return bool(proof) and ticket_permissions.serves_ticket_organisation.test(person, ticket)


# --- who wrote ----------------------------------------------------------------------------------


def _sender(address, mailbox: Mailbox) -> tuple[Person | None, Decision | None]:
    organisation = mailbox.organisation
    person = person_by_address(address.address)
    if person is not None:
        if not person.is_active:
            return None, Decision(Outcome.REJECTED, _("The sender's account is disabled."))
        allowed = (
            person.organisation_id == organisation.pk
            if person.is_client
            else (person.is_admin or person.organisations.filter(pk=organisation.pk).exists())
        )
        if not allowed:
            return None, Decision(
                Outcome.REJECTED,
                _("The sender is not someone of %(organisation)s.") % {"organisation": organisation.name},
            )
        return person, None
    public = mailbox.unknown_senders == Mailbox.UnknownSenders.CREATE
    try:
        created = _new_person(organisation, address, any_domain=public)
    except ValidationError as error:
        reason = _("%(address)s cannot become a person of %(organisation)s: %(why)s") % {
            "address": address.address,
            "organisation": organisation.name,
            "why": " ".join(error.messages),
        }
        return None, Decision(Outcome.QUARANTINE, reason)
    if created is not None:
        return created, None
    reason = _("%(address)s is not known, and not in an e-mail domain of %(organisation)s.") % {
        "address": address.address,
        "organisation": organisation.name,
    }
    if mailbox.unknown_senders == Mailbox.UnknownSenders.REJECT:
        return None, Decision(Outcome.REJECTED, reason)
    return None, Decision(Outcome.QUARANTINE, reason)


def _new_person(organisation, address, *, any_domain: bool = False) -> Person | None:
    """end_user_for_address in a savepoint: when another process created the same person a moment
    before, that person is found instead of the whole message failing. Raises ValidationError for
    an address that cannot be a person's."""
    try:
        with transaction.atomic():
            return end_user_for_address(organisation, address.address, address.name, any_domain=any_domain)
    except IntegrityError:
        return person_by_address(address.address)


def _others_addressed(parsed, mailbox: Mailbox) -> list:
    """The Cc (and other To) addresses: everyone written to beside the mailbox."""
    return [a for a in [*parsed.to, *parsed.cc] if _untagged(a.address) != mailbox.address]


def _followers(parsed, mailbox: Mailbox) -> list[Person]:
    """The Cc (and other To) recipients who are, or can become, people of the organisation (an
    address that cannot be anyone's is left out)."""
    people = []
    for address in _others_addressed(parsed, mailbox):
        person = person_by_address(address.address)
        if person is None:
            try:
                person = _new_person(mailbox.organisation, address)
            except ValidationError:
                continue
        if person is not None:
            people.append(person)
    return people


# --- what vouches for the sender ------------------------------------------------------------------


def _proof(parsed, message: InboundMessage, person: Person, ticket: Ticket | None) -> str:
    """What shows that `person` sent this message ("dmarc", "dkim", "spf" or "reply address"); "" for
    nothing.

    The installation's own mail server, which verified the From domain (its Authentication-Results
    under an authserv-id in MOKED_MAIL_AUTHSERV_IDS), or an answer to the reply address Moked
    gave this person for this ticket.
    """
    method = authentication.verified_by(
        parsed.authentication,
        frozenset(settings.MOKED_MAIL_AUTHSERV_IDS),
        parsed.sender.address if parsed.sender else "",
    )
    if method:
        return method
    if ticket is None:
        return ""
    for address in [message.envelope_to, *(a.address for a in parsed.to), *(a.address for a in parsed.cc)]:
        reference, token = reply_addresses.split_tag(_tag(address) or "")
        if not token:
            continue
        tagged = _ticket_by_reference(reference, ticket.organisation)
        if (
            tagged is not None
            and surviving_ticket(tagged) == ticket
            and reply_addresses.vouches_for(token, person.pk, tagged.pk)
        ):
            return "reply address"
    return ""


def _unproven_staff(person: Person) -> str:
    return _(
        "The message claims to come from %(name)s <%(address)s> of the service desk, but nothing shows "
        "that they sent it: mail from staff counts only when this installation's mail server verified "
        "its sender (DMARC, DKIM or SPF in Authentication-Results), or when it answers their own reply "
        "address. Ask them to write on the ticket's page."
    ) % {"name": person.name, "address": person.email}


def _own_ticket(person: Person, ticket: Ticket) -> bool:
    """The requester or a follower: what a client's unvouched mail may answer."""
    return ticket_permissions.is_requester.test(person, ticket) or ticket_permissions.follows.test(
        person, ticket
    )


# --- threading ---------------------------------------------------------------------------------


def _thread(parsed, mailbox: Mailbox, message: InboundMessage) -> Ticket | None:
    """The ticket of the organisation this message continues (the one a duplicate was merged
    into, for a duplicate's mail)."""
    ticket = _threaded(parsed, mailbox, message)
    return None if ticket is None else surviving_ticket(ticket)


def _threaded(parsed, mailbox: Mailbox, message: InboundMessage) -> Ticket | None:
    """The ticket this message answers: by our Message-IDs in its In-Reply-To/References, then a
    reference in a +tag of the address, then one in the subject."""
    organisation = mailbox.organisation
    ids = [*parsed.in_reply_to, *parsed.references]
    if ids:
        outbound = (
            OutboundMessage.objects.filter(message_id__in=ids, ticket__organisation=organisation)
            .order_by("-created_at")
            .select_related("ticket")
            .first()
        )
        if outbound is not None:
            return outbound.ticket
        inbound = (
            InboundMessage.objects.filter(message_id__in=ids, ticket__organisation=organisation)
            .exclude(pk=message.pk)
            .order_by("-received_at")
            .select_related("ticket")
            .first()
        )
        if inbound is not None:
            return inbound.ticket
    tags = [_tag(address) for address in [message.envelope_to, *(a.address for a in parsed.to)]]
    tagged = [reply_addresses.split_tag(tag)[0] for tag in tags if tag]
    subject_references = _SUBJECT_REFERENCE.findall(parsed.subject)
    for reference in tagged + subject_references:
        ticket = _ticket_by_reference(reference, organisation)
        if ticket is not None:
            return ticket
    return None


def _tag(address: str) -> str | None:
    local = addresses.canonical(address.strip().strip("<>")).rpartition("@")[0]
    return local.partition("+")[2] or None


def _untagged(address: str) -> str:
    local, _, domain = addresses.canonical(address.strip().strip("<>")).rpartition("@")
    return f"{local.partition('+')[0]}@{domain}"


def _ticket_by_reference(reference: str, organisation) -> Ticket | None:
    parsed = numbering.parse_reference(reference)
    if parsed is None:
        return None
    ticket_type, number = parsed
    return Ticket.objects.filter(ticket_type=ticket_type, number=number, organisation=organisation).first()


# --- the ticket work ---------------------------------------------------------------------------


def _approval_reply(ticket: Ticket, sender: Person, parsed, proof: str) -> Decision | None:
    """A reply deciding an approval the sender is asked for on the ticket (approval_replies): the
    decision is recorded only when something vouches for the sender, else the message is
    quarantined and nothing is decided. Linked to the ticket, never posted as a comment. None when
    the reply is not such a decision: it goes the normal way."""
    text = parsed.reply_text.strip() or parsed.text.strip()
    answered = approval_replies.answer(sender, ticket, text, vouched=bool(proof))
    if answered is None:
        return None
    return Decision(Outcome.REPLY if answered.decided else Outcome.QUARANTINE, answered.reason, ticket)


def _reply(ticket: Ticket, sender: Person, parsed, mailbox: Mailbox, proof: str) -> Decision:
    """Add the message to the ticket as the sender's public reply.

    A client who may not reply on the ticket (not its requester, a follower or their manager: an
    approver who may only read it, say) opens a ticket of their own instead, and so does a client
    manager whose mail nothing vouches for on a ticket they neither asked nor follow. A client's
    reply to a resolved ticket, or to a closed one within the reopen window, reopens it; to one
    closed longer ago, it opens a follow-up ticket. Staff answering a closed ticket by mail leave
    an internal note: nothing is lost, nobody is mailed. People in Cc become followers only of
    vouched-for mail.
    """
    if sender.is_client and not (
        rules.has_perm("tickets.reply_ticket", sender, ticket) if proof else _own_ticket(sender, ticket)
    ):
        return _new_ticket(sender, parsed, mailbox)
    if sender.is_client and ticket.status in lifecycle.DONE_STATUSES:
        window = timedelta(days=ticket.organisation.reopen_window_days)
        too_late = ticket.status == lifecycle.CLOSED and (
            ticket.closed_at is None or timezone.now() - ticket.closed_at > window
        )
        if too_late:
            decision = _new_ticket(sender, parsed, mailbox)
            tickets.link_follow_up(None, decision.ticket, ticket, channel=EMAIL)
            return Decision(
                Outcome.TICKET,
                _("A reply to %(reference)s, closed too long ago to reopen.")
                % {"reference": ticket.reference},
                decision.ticket,
                decision.comment,
            )
        ticket = tickets.reopen_ticket(sender, ticket, reason=_("Replied by e-mail."), channel=EMAIL)
    files, refused = _uploads(parsed)
    body = _with_refusals(parsed.reply_text.strip() or parsed.text.strip() or _("(no text)"), refused)
    public = sender.is_client or ticket.status != lifecycle.CLOSED
    comment = tickets.add_comment(
        sender, ticket, body, public=public, channel=EMAIL, files=files, html=parsed.html or ""
    )
    reasons = [] if public else [_("The ticket is closed: kept as an internal note.")]
    if sender.is_client and proof:
        tickets.add_followers(sender, ticket, _followers(parsed, mailbox), channel=EMAIL)
    elif sender.is_client and _others_addressed(parsed, mailbox):
        reasons.append(
            _("Nothing vouches for the sender, so nobody in Cc was made a follower: %(addresses)s")
            % {"addresses": ", ".join(a.address for a in _others_addressed(parsed, mailbox))}
        )
    return Decision(Outcome.REPLY, " ".join(reasons), ticket, comment)


def _new_ticket(sender: Person, parsed, mailbox: Mailbox) -> Decision:
    if not sender.is_client:
        return Decision(
            Outcome.QUARANTINE,
            _("Staff open tickets for clients by phone or through the API, not by mailing the desk."),
        )
    if not mailbox.organisation.is_active:
        return Decision(
            Outcome.REJECTED,
            _("%(organisation)s is suspended.") % {"organisation": mailbox.organisation.name},
        )
    subject = parsed.subject[:MAX_SUBJECT].strip() or _("(no subject)")
    files, refused = _uploads(parsed)
    description, whole_text = _within_limit(_with_refusals(parsed.text.strip(), refused))
    ticket = tickets.create_ticket(
        sender,
        organisation=mailbox.organisation,
        requester=sender,
        subject=subject,
        description=description,
        channel=Channel.EMAIL,
        event_channel=EMAIL,
        files=[*files, *whole_text],
    )
    tickets.add_followers(sender, ticket, _followers(parsed, mailbox), channel=EMAIL)
    return Decision(Outcome.TICKET, "", ticket, None)


def _uploads(parsed) -> tuple[list, list[str]]:
    """The attachments that may be kept on a ticket, and the names of those refused (with why).
    Past the quota of one message, the rest are refused too: the raw message keeps them all."""
    files, refused, total = [], [], 0
    for attachment in parsed.attachments:
        upload = ContentFile(attachment.data, name=attachment.filename)
        upload.content_id = attachment.content_id or ""
        try:
            check_upload(upload)
            over = quota_refusal(len(files) + 1, total + upload.size)
            if over is not None:
                raise over
        except Exception as error:
            refused.append(f"{attachment.filename}: {'; '.join(getattr(error, 'messages', [str(error)]))}")
            continue
        files.append(upload)
        total += upload.size
    return files, refused


WHOLE_TEXT_FILE = "message.txt"


def _within_limit(text: str) -> tuple[str, list]:
    """A mail's text as a ticket's description. Mail is never refused for its length: a text
    longer than a description may be is cut at a line, and kept whole in an attached file (or,
    beyond the attachment limit, in the stored original message)."""
    if len(text) <= MAX_DESCRIPTION_LENGTH:
        return text, []
    whole = ContentFile(text.encode(), name=WHOLE_TEXT_FILE)
    try:
        check_upload(whole)
    except Exception:  # larger than any attachment may be: the original message keeps it
        whole = None
        note = _("The message is longer than a description may be: the original message keeps it whole.")
    else:
        note = _("The message is longer than a description may be: it is attached whole as %(name)s.")
        note %= {"name": WHOLE_TEXT_FILE}
    note = f"\n\n[{note}]"
    head = text[: MAX_DESCRIPTION_LENGTH - len(note)]
    line_end = head.rfind("\n", len(head) // 2)
    head = head[:line_end] if line_end > 0 else head
    return head.rstrip() + note, [whole] if whole is not None else []


def _with_refusals(body: str, refused: list[str]) -> str:
    if not refused:
        return body
    listing = "\n".join(f"- {line}" for line in refused)
    return f"{body}\n\n" + _("Attachments not kept:") + f"\n{listing}"
