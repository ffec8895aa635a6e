"""Mail that Moked sends: built in the transaction that changed the ticket, delivered by the worker.

The requester and the followers hear of a new ticket (with its number), of the service desk's
public replies, and of the ticket waiting for them, resolved, closed or reopened; staff get their
recorded notifications (SLA warnings and breaches). Each message is rendered in its recipient's
language (right to left for Hebrew and Persian), with a plain-text part; it carries its own
Message-ID and In-Reply-To/References that thread it with the ticket's earlier mail, the
ticket's number in the subject, and a reply address signed for its recipient (reply_addresses).
Delivery claims a message, sends it outside any transaction (sending.py: SMTPUTF8 for an
internationalised address), and retries; after the last attempt, or at once when the server
cannot carry the address at all, the failure is an event on the ticket. Nothing is dropped.
"""

import contextvars
import logging
import smtplib
import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from moked.accounts import portal_links
from moked.flags import Flag
from moked.notifications.models import Notification
from moked.notifications.services import may_see
from moked.people.selectors import person_by_address
from moked.tickets import lifecycle
from moked.tickets.events import EventLog
from moked.tickets.models import EventChannel, EventKind, Ticket, TicketFollower

from . import reply_addresses, sending, suggested_articles
from .models import InboundMessage, Mailbox, OutboundMessage

logger = logging.getLogger(__name__)

Kind = OutboundMessage.Kind
MAX_ATTACHED_BYTES = 10 * 1024 * 1024
REFERENCES_KEPT = 10
# Status changes the requester is told of (the rest is the desk's internal routine).
TOLD_STATUSES = {
    lifecycle.PENDING_CUSTOMER: Kind.STATUS,
    lifecycle.RESOLVED: Kind.RESOLVED,
    lifecycle.CLOSED: Kind.STATUS,
}

_quiet = Flag("moked_mail_suppressed")


def suppressed():
    """No ticket mail inside (the demo replaying history, an import)."""
    return _quiet.raised()


_answering = contextvars.ContextVar("moked_mail_answering", default=("", None))


@contextmanager
def answering(message_id: str, mailbox: Mailbox):
    """Mail queued inside answers the inbound message `message_id` that came to `mailbox`: it is
    sent from that mailbox and threads under that message, which is linked to its ticket only once
    processed (the acknowledgement of a ticket opened by mail replies to the customer's message)."""
    token = _answering.set((message_id, mailbox))
    try:
        yield
    finally:
        _answering.reset(token)


def mail_domain() -> str:
    return getattr(settings, "MOKED_MAIL_DOMAIN", "") or settings.DEFAULT_FROM_EMAIL.rpartition("@")[2]


# --- which changes are told ---------------------------------------------------------------------


def on_ticket_events(sender, ticket: Ticket, events, **kwargs) -> None:
    """Receiver of `ticket_events_recorded`: queue the mail the changes call for."""
    if _quiet:
        return
    for event in events:
        kind = _kind_of(event)
        if kind is not None:
            queue_ticket_mail(ticket, kind, event)


def _kind_of(event) -> str | None:
    if event.kind == EventKind.CREATED:
        return Kind.RECEIVED
    if event.kind == EventKind.REPLY_ADDED and event.actor is not None:
        return Kind.REPLY
    if event.kind == EventKind.STATUS_CHANGED:
        if event.data.get("merged_into"):  # the merge's own reply already told them where to look
            return None
        if lifecycle.is_reopen(event.old_value, event.new_value):
            return Kind.STATUS
        return TOLD_STATUSES.get(event.new_value)
    return None


def _recipients(ticket: Ticket, kind: str, author) -> list:
    """The requester (told of their new ticket even when they opened it themselves) and, after
    that, the followers; never the author of a reply or change of their own, nor anyone who may
    not see the ticket (a follower who has moved to another organisation)."""
    if kind == Kind.RECEIVED:
        people = [ticket.requester]
    else:
        followers = TicketFollower.objects.filter(ticket=ticket).select_related("person__organisation")
        people = [ticket.requester, *(follower.person for follower in followers)]
        people = [p for p in people if author is None or p.pk != author.pk]
    return [p for p in people if p.is_active and p.email and may_see(p, ticket)]


def queue_ticket_mail(ticket: Ticket, kind: str, event) -> list[OutboundMessage]:
    author = event.actor
    comment = event.comment if kind == Kind.REPLY else None
    if comment is not None and not comment.is_public:
        return []
    messages = []
    for person in _recipients(ticket, kind, author):
        with translation.override(person.preferred_language):
            subject, text, html = _render(kind, ticket, person, event, comment)
        messages.append(
            _message(
                ticket,
                kind,
                [person.email],
                subject,
                text,
                html,
                comment=comment,
                automatic=kind != Kind.REPLY or not author.is_staff_member,
                person=person,
            )
        )
    return messages


def queue_automatic_mail(
    ticket: Ticket, address: str, language: str, subject: str, text: str
) -> OutboundMessage:
    """Mail written by automation (a rule's template, a reminder) to one address, in `language`,
    threaded with the ticket's mail and sent by the worker like any other."""
    with translation.override(language):
        html = render_to_string(
            "mail/message.html",
            {
                "rtl": get_language_bidi(),
                "language": translation.get_language(),
                "headline": subject,
                "body": render_to_string("mail/automatic.html", {"text": text}),
            },
        )
    if ticket.reference not in subject:
        subject = f"[{ticket.reference}] {subject}"
    return _message(ticket, Kind.AUTOMATIC, [address], subject, text, html, person=person_by_address(address))


def queue_account_mail(address: str, subject: str, text: str, html: str = "") -> OutboundMessage:
    """Mail about a person's account, not a ticket (the link to choose a new password), already
    rendered in their language; kept and sent by the worker like all of Moked's mail."""
    return _message(None, Kind.AUTOMATIC, [address], subject, text, html)


def _render(kind: str, ticket: Ticket, person, event, comment) -> tuple[str, str, str]:
    context = {
        "ticket": ticket,
        "person": person,
        "comment": comment,
        "author": event.actor,
        "status": ticket.get_status_display(),
        "resolution": ticket.resolution_text,
        "reopened": event.kind == EventKind.STATUS_CHANGED
        and lifecycle.is_reopen(event.old_value, event.new_value),
        "provider": settings.MOKED_PROVIDER_NAME,
        "portal_link": portal_links.link_for(person, ticket) if person.is_client else "",
        "articles": suggested_articles.for_acknowledgement(ticket, person) if kind == Kind.RECEIVED else [],
        "rtl": get_language_bidi(),
        "language": translation.get_language(),
    }
    headline = {
        Kind.RECEIVED: _("We received your request"),
        Kind.REPLY: _("New reply"),
        Kind.STATUS: _("Status: %(status)s") % {"status": context["status"]},
        Kind.RESOLVED: _("Resolved"),
    }[kind]
    context["headline"] = headline
    subject = f"[{ticket.reference}] {ticket.subject}"
    if kind != Kind.RECEIVED:
        answer_prefix = _("Re:")
        subject = f"{answer_prefix} {subject}"
    text = render_to_string(f"mail/{kind}.txt", context)
    html = render_to_string(
        "mail/message.html", {**context, "body": render_to_string(f"mail/{kind}.html", context)}
    )
    return subject, text, html


# --- building a message -------------------------------------------------------------------------


def _sender_and_reply_to(ticket: Ticket | None, person=None) -> tuple[str, str]:
    """From the mailbox the customer wrote to, else the organisation's first; the desk's default
    address for an organisation without one. Replies go to the ticket's tagged address, signed for
    the recipient (reply_addresses), where the mailbox asks for one."""
    if ticket is None:
        return settings.DEFAULT_FROM_EMAIL, ""
    _, mailbox = _answering.get()
    if mailbox is None or mailbox.organisation_id != ticket.organisation_id:
        mailbox = (
            Mailbox.objects.filter(organisation=ticket.organisation, is_active=True).order_by("pk").first()
        )
    if mailbox is None:
        return settings.DEFAULT_FROM_EMAIL, ""
    name = f"{settings.MOKED_PROVIDER_NAME} · {ticket.organisation.name}"
    local, _, domain = mailbox.address.rpartition("@")
    tag = reply_addresses.tag_for(ticket.reference, person.pk if person else None, ticket.pk)
    reply_to = f"{local}+{tag}@{domain}" if mailbox.tagged_reply_address else ""
    return sending.format_address(name, mailbox.address), reply_to


def _thread(ticket: Ticket | None) -> tuple[str, str]:
    """In-Reply-To and References that put a message in the ticket's thread: its first message (or
    a root of Moked's own), then the latest ones, the newest last."""
    if ticket is None:
        return "", ""
    inbound = (
        InboundMessage.objects.filter(ticket=ticket)
        .exclude(message_id="")
        .values_list("received_at", "message_id")
    )
    outbound = OutboundMessage.objects.filter(ticket=ticket).values_list("created_at", "message_id")
    ordered = [mid for _, mid in sorted([*inbound, *outbound])]
    answered, _ = _answering.get()
    if answered and answered not in ordered:
        ordered.append(answered)
    root = ordered[0] if ordered else f"{ticket.reference.lower()}.{ticket.pk}@{mail_domain()}"
    chain = [root] + [mid for mid in ordered[-(REFERENCES_KEPT - 1) :] if mid != root]
    return f"<{chain[-1]}>", " ".join(f"<{mid}>" for mid in chain)


def _message(
    ticket,
    kind,
    recipients,
    subject,
    text,
    html,
    *,
    comment=None,
    notification=None,
    automatic=True,
    person=None,
) -> OutboundMessage:
    """One message to `recipients`; `person`, the one recipient it is for, gets a reply address of
    their own."""
    sender, reply_to = _sender_and_reply_to(ticket, person)
    in_reply_to, references = _thread(ticket)
    message = OutboundMessage.objects.create(
        ticket=ticket,
        kind=kind,
        comment=comment,
        notification=notification,
        from_address=sender,
        recipients=recipients,
        reply_to=reply_to,
        subject=subject[:500],
        text=text,
        html=html,
        message_id=f"{uuid.uuid4().hex}.{ticket.reference.lower() if ticket else 'moked'}@{mail_domain()}",
        in_reply_to=in_reply_to,
        references=references,
        automatic=automatic,
    )
    transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def _enqueue(pk: int) -> None:
    from .tasks import deliver_message

    deliver_message(pk)


def queue_notifications(now=None) -> int:
    """E-mail each recorded notification not sent yet to its recipient; returns how many."""
    pending = Notification.objects.filter(sent_at__isnull=True).select_related("recipient", "ticket")
    count = 0
    for notification in pending[:500]:
        with transaction.atomic():
            claimed = Notification.objects.filter(pk=notification.pk, sent_at__isnull=True).update(
                sent_at=now or timezone.now()
            )
            recipient = notification.recipient
            # Checked again when sent: the recipient may have lost the ticket's organisation since.
            if not claimed or not (
                recipient.is_active and recipient.email and may_see(recipient, notification.ticket)
            ):
                continue
            with translation.override(notification.recipient.preferred_language):
                html = render_to_string(
                    "mail/message.html",
                    {
                        "rtl": get_language_bidi(),
                        "language": translation.get_language(),
                        "headline": notification.subject,
                        "body": render_to_string("mail/notification.html", {"notification": notification}),
                    },
                )
            _message(
                notification.ticket,
                Kind.NOTIFICATION,
                [notification.recipient.email],
                notification.subject,
                notification.body,
                html,
                notification=notification,
                person=notification.recipient,
            )
            count += 1
    return count


# --- delivery -----------------------------------------------------------------------------------


class DeliveryFailed(Exception):
    """A delivery attempt failed; the worker tries again later."""


def deliver(pk: int) -> str:
    """Send one message if it is still waiting; returns its status afterwards.

    The message is claimed (pending → sending) in a short transaction and sent outside of any,
    so that a slow mail server never holds the database. A failure puts it back to pending and
    raises DeliveryFailed, until the last attempt marks it failed and records the failure on the
    ticket's timeline.
    """
    claimed = OutboundMessage.objects.filter(pk=pk, status=OutboundMessage.Status.PENDING).update(
        status=OutboundMessage.Status.SENDING, attempts=F("attempts") + 1, claimed_at=timezone.now()
    )
    message = OutboundMessage.objects.select_related("ticket", "comment").get(pk=pk)
    if not claimed:
        return message.status
    try:
        sending.send(_email(message))
    except smtplib.SMTPNotSupportedError as error:  # no retry makes the server speak SMTPUTF8
        return _failed(message, f"{type(error).__name__}: {error}", final=True)
    except Exception as error:  # the mail server's refusal or absence, whatever form it takes
        return _failed(message, f"{type(error).__name__}: {error}")
    OutboundMessage.objects.filter(pk=pk).update(
        status=OutboundMessage.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return OutboundMessage.Status.SENT


def _failed(message: OutboundMessage, error: str, *, final: bool = False) -> str:
    last = final or message.attempts >= settings.MOKED_MAIL_ATTEMPTS
    status = OutboundMessage.Status.FAILED if last else OutboundMessage.Status.PENDING
    OutboundMessage.objects.filter(pk=message.pk).update(status=status, last_error=error[:5000])
    if not last:
        raise DeliveryFailed(error)
    if message.ticket_id:
        log = EventLog(message.ticket, None, EventChannel.SYSTEM, timezone.now())
        log.add(
            EventKind.MAIL_FAILED,
            is_public=False,
            data={"outbound": message.pk, "to": message.recipients, "error": error[:500]},
        )
        log.save()
    return status


def release_stuck(older_than: timedelta = timedelta(minutes=15)) -> int:
    """Messages claimed by a worker that died while sending go back to waiting."""
    return OutboundMessage.objects.filter(
        status=OutboundMessage.Status.SENDING, claimed_at__lt=timezone.now() - older_than
    ).update(status=OutboundMessage.Status.PENDING)


def _email(message: OutboundMessage) -> EmailMultiAlternatives:
    headers = {
        "Message-ID": f"<{message.message_id}>",
        "References": message.references,
        "In-Reply-To": message.in_reply_to,
    }
    if message.automatic:  # RFC 3834: other systems do not answer these automatically
        headers.update({"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"})
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=message.from_address,
        to=message.recipients,
        reply_to=[message.reply_to] if message.reply_to else None,
        headers={k: v for k, v in headers.items() if v},
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    if message.comment_id:
        attached = 0
        for attachment in message.comment.attachments.filter(is_public=True):
            attached += attachment.size
            if attached > MAX_ATTACHED_BYTES:
                break
            with attachment.file.open("rb") as file:
                email.attach(attachment.filename, file.read(), attachment.content_type)
    return email
