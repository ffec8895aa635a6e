"""What an inbound message is, and what it does to tickets (called inside the processing transaction).

In order: unreadable → quarantine; no mailbox → rejected; a flood from one sender → rejected;
a delivery failure → bounce, noted on the ticket whose mail bounced; an automatic reply →
auto_reply, noted on its ticket if it has one, never answered; then the sender must be someone
of the mailbox's organisation (or an end user created for its e-mail domain), else the mailbox's
policy rejects or quarantines. A message that threads onto a ticket of the organisation adds a
reply (reopening it if the requester writes after resolution, or within the reopen window after
closing; later than that, a new ticket linked to the old one); any other opens a ticket.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

import rules
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from moked.people.models import Person
from moked.people.services import end_user_for_address
from moked.tickets import lifecycle, numbering
from moked.tickets import services as tickets
from moked.tickets.attachments import check_upload, quota_refusal
from moked.tickets.linking import surviving_ticket
from moked.tickets.models import MAX_DESCRIPTION_LENGTH, Channel, EventChannel, Ticket

from . import outbound, parsing
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
    with outbound.answering(parsed.message_id or "", mailbox):
        if ticket is not None:
            return _reply(ticket, sender, parsed, mailbox)
        return _new_ticket(sender, parsed, mailbox)


def _remember(message: InboundMessage, parsed) -> None:
    """What the message is, for lists and searches; saved with the outcome (by the caller)."""
    message.message_id = (parsed.message_id or "")[:500]
    message.sender = parsed.sender.address[:320] if parsed.sender else message.envelope_from.lower()[:320]
    message.subject = parsed.subject[:500]


def _flooding(message: InboundMessage, mailbox: Mailbox) -> bool:
    if not message.sender:
        return False
    since = timezone.now() - timedelta(hours=1)
    recent = InboundMessage.objects.filter(sender=message.sender, received_at__gte=since).exclude(
        pk=message.pk
    )
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
    """An out-of-office or other automatic message: noted on its ticket, and never answered."""
    ticket = _thread(parsed, mailbox, message)
    reason = _("Automatic message (%(why)s).") % {"why": parsed.auto_reply}
    if ticket is None:
        return Decision(Outcome.AUTO_REPLY, reason)
    sender = parsed.sender.address if parsed.sender else message.envelope_from
    note = _("Automatic reply from %(sender)s: %(subject)s") % {"sender": sender, "subject": parsed.subject}
    comment = tickets.add_system_note(ticket, f"{note}\n\n{parsed.reply_text[:2000]}", channel=EMAIL)
    return Decision(Outcome.AUTO_REPLY, reason, ticket, comment)


# --- who wrote ----------------------------------------------------------------------------------


def _sender(address, mailbox: Mailbox) -> tuple[Person | None, Decision | None]:
    organisation = mailbox.organisation
    person = Person.objects.filter(email=address.address).first()
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
    created = end_user_for_address(organisation, address.address, address.name, any_domain=public)
    if created is not None:
        return created, None
    reason = _("%(address)s is not known, and not in an e-mail domain of %(organisation)s.") % {
        "address": address.address,
        "organisation": organisation.name,
    }
    if mailbox.unknown_senders == Mailbox.UnknownSenders.REJECT:
        return None, Decision(Outcome.REJECTED, reason)
    return None, Decision(Outcome.QUARANTINE, reason)


def _followers(parsed, mailbox: Mailbox) -> list[Person]:
    """The Cc (and other To) recipients who are, or can become, people of the organisation."""
    people = []
    for address in [*parsed.to, *parsed.cc]:
        if _untagged(address.address) == mailbox.address:
            continue
        person = Person.objects.filter(email=address.address).first()
        if person is None:
            person = end_user_for_address(mailbox.organisation, address.address, address.name)
        if person is not None:
            people.append(person)
    return people


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
    subject_references = _SUBJECT_REFERENCE.findall(parsed.subject)
    for reference in [t for t in tags if t] + subject_references:
        ticket = _ticket_by_reference(reference, organisation)
        if ticket is not None:
            return ticket
    return None


def _tag(address: str) -> str | None:
    local = address.strip().lower().strip("<>").rpartition("@")[0]
    return local.partition("+")[2] or None


def _untagged(address: str) -> str:
    local, _, domain = address.strip().lower().strip("<>").rpartition("@")
    return f"{local.partition('+')[0]}@{domain}"


def _ticket_by_reference(reference: str, organisation) -> Ticket | None:
    parsed = numbering.parse_reference(reference)
    if parsed is None:
        return None
    ticket_type, number = parsed
    return Ticket.objects.filter(ticket_type=ticket_type, number=number, organisation=organisation).first()


# --- the ticket work ---------------------------------------------------------------------------


def _reply(ticket: Ticket, sender: Person, parsed, mailbox: Mailbox) -> Decision:
    """Add the message to the ticket as the sender's public reply.

    A client who may not see the ticket (not its requester, a follower or their manager) opens a
    ticket of their own instead. A client's reply to a resolved ticket, or to a closed one within
    the reopen window, reopens it; to one closed longer ago, it opens a follow-up ticket. Staff
    answering a closed ticket by mail leave an internal note: nothing is lost, nobody is mailed.
    """
    if sender.is_client and not rules.has_perm("tickets.view_ticket", sender, ticket):
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
    if sender.is_client:
        tickets.add_followers(sender, ticket, _followers(parsed, mailbox), channel=EMAIL)
    reason = "" if public else _("The ticket is closed: kept as an internal note.")
    return Decision(Outcome.REPLY, reason, ticket, comment)


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
