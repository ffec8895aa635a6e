"""Sending webhooks: recorded in the transaction that caused them, sent by the worker, retried
with exponential back-off, and never sent twice at once (an attempt is claimed first)."""

import json
import logging
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from moked import encryption, network, signing
from moked.flags import Flag
from moked.people.permissions import require
from moked.records import save_changes, save_new
from moked.tickets.models import EventKind, Ticket

from .models import Webhook, WebhookDelivery

logger = logging.getLogger(__name__)
Status = WebhookDelivery.Status
TIMEOUT_SECONDS = 10
USER_AGENT = "Moked-Webhooks"
EXCERPT = 2000  # characters of the receiver's answer and of an error that are kept
STUCK_AFTER = timedelta(minutes=10)  # an attempt claimed this long ago died with its worker
SWEEP_AFTER = timedelta(minutes=1)  # the sweep leaves a due delivery this long to its own task
GONE = "gone"  # what `deliver` answers for a delivery that no longer exists (its webhook was deleted)
_quiet = Flag("moked_webhooks_suppressed")


def suppressed():
    """No webhook deliveries inside (the demo replaying history, an import)."""
    return _quiet.raised()


def backoff(attempts: int) -> timedelta:
    """The wait after `attempts` failed attempts: 1, 2, 4, 8, 16... minutes, at most a day."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 24 * 60))


# --- what is sent --------------------------------------------------------------------------------


def ticket_summary(ticket: Ticket) -> dict:
    return {
        "reference": ticket.reference,
        "organisation": ticket.organisation.code,
        "subject": ticket.subject,
        "type": ticket.ticket_type,
        "status": ticket.status,
        "priority": ticket.priority,
        "group": ticket.group.name if ticket.group_id else None,
        "assignee": ticket.assignee.email if ticket.assignee_id else None,
        "requester": ticket.requester.email,
        "url": f"/api/v1/tickets/{ticket.reference}/",
    }


def event_details(event) -> dict:
    """A ticket event as sent: the text of a public reply, never that of an internal note."""
    details = {
        "kind": event.kind,
        "at": event.at.isoformat(),
        "actor": event.actor.email if event.actor_id else None,
        "channel": event.channel,
        "field": event.field or None,
        "old": event.old_value or None,
        "new": event.new_value or None,
        "old_label": event.old_label or None,
        "new_label": event.new_label or None,
        "public": event.is_public,
    }
    if event.comment_id and event.is_public and event.comment.is_public:
        details["comment"] = event.comment.body
    return details


def queue_delivery(webhook: Webhook, *, event: str, ticket=None, payload: dict) -> WebhookDelivery:
    """Record a message for the webhook, in the caller's transaction, and have the worker send it
    once that transaction commits: the caller never waits for the other system.

    The body is `{"event", "delivery", "occurred_at", "ticket", "data": payload}`; `ticket` is
    None for messages about no ticket (a `ping`)."""
    body = {
        "event": event,
        "delivery": None,
        "occurred_at": timezone.now().isoformat(),
        "ticket": ticket_summary(ticket) if ticket is not None else None,
        "data": payload,
    }
    return _record(webhook, event, ticket, body)


def _record(webhook: Webhook, event: str, ticket, body: dict) -> WebhookDelivery:
    delivery = WebhookDelivery.objects.create(webhook=webhook, ticket=ticket, event=event[:40], payload={})
    delivery.payload = {**body, "delivery": delivery.pk}
    delivery.save(update_fields=["payload"])
    # robust: a queue that cannot be reached must not fail what already committed; the sweep sends it.
    transaction.on_commit(lambda: _enqueue(delivery.pk), robust=True)
    return delivery


def _enqueue(pk: int, delay: float | None = None) -> None:
    from .tasks import deliver_webhook

    if delay:
        deliver_webhook.schedule((pk,), delay=delay)
    else:
        deliver_webhook(pk)


def on_ticket_events(sender, ticket: Ticket, events, **kwargs) -> None:
    """Receiver of `ticket_events_recorded`: a delivery per event to each active webhook that
    subscribes to its kind, of the ticket's organisation or provider-wide."""
    kinds = {event.kind for event in events} - {EventKind.RULE_APPLIED}
    if not kinds or _quiet:
        return
    hooks = Webhook.objects.filter(is_active=True).filter(
        Q(organisation__isnull=True) | Q(organisation_id=ticket.organisation_id)
    )
    for hook in hooks:
        for event in events:
            if event.kind in kinds and event.kind in hook.events:
                queue_delivery(
                    hook, event=f"ticket.{event.kind}", ticket=ticket, payload=event_details(event)
                )


# --- sending -------------------------------------------------------------------------------------


def deliver(pk: int, *, now: datetime | None = None) -> str:
    """One attempt at a due delivery; returns its status afterwards (`GONE` when it was deleted).

    The attempt is claimed first (pending → sending, in one UPDATE), so two workers never send
    the same attempt, and the request is made outside of any transaction."""
    now = now or timezone.now()
    claimed = WebhookDelivery.objects.filter(pk=pk, status=Status.PENDING, next_attempt_at__lte=now).update(
        status=Status.SENDING, attempts=F("attempts") + 1, next_attempt_at=timezone.now()
    )
    delivery = WebhookDelivery.objects.select_related("webhook").filter(pk=pk).first()
    if delivery is None:
        return GONE
    if not claimed:
        return delivery.status
    if not delivery.webhook.is_active:
        return _record_attempt(delivery, None, "", _("The webhook is switched off."), final=True)
    try:
        secret = encryption.readable(delivery.webhook.secret)
    except encryption.SecretUnreadable as unreadable:  # retried: the key may be restored
        return _record_attempt(delivery, None, "", str(unreadable))
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = int(time.time())
    request = urllib.request.Request(  # noqa: S310 (the model allows http and https URLs only)
        delivery.webhook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Moked-Event": delivery.event,
            "X-Moked-Delivery": str(delivery.pk),
            "X-Moked-Timestamp": str(timestamp),
            "X-Moked-Signature": signing.sign(secret, timestamp, body),
        },
    )
    status, answer, error = None, "", ""
    try:
        with network.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            status, answer = response.status, _excerpt(response)
    except urllib.error.HTTPError as refusal:
        status, error = refusal.code, f"HTTP {refusal.code} {refusal.reason}"
        answer = _excerpt(refusal)
    except (urllib.error.URLError, OSError, ValueError) as failure:
        error = f"{type(failure).__name__}: {getattr(failure, 'reason', failure)}"
    return _record_attempt(delivery, status, answer, error)


def _excerpt(response) -> str:
    try:
        return response.read(EXCERPT).decode("utf-8", "replace")
    except OSError:  # the answer broke off: its status is what counts
        return ""


def _record_attempt(delivery: WebhookDelivery, status, answer: str, error: str, *, final=False) -> str:
    now = timezone.now()
    fields = {"response_status": status, "response_body": answer[:EXCERPT], "last_error": error[:EXCERPT]}
    retry_in = None
    if status is not None and 200 <= status < 300:
        fields.update(status=Status.DELIVERED, delivered_at=now, last_error="")
    elif final or delivery.attempts >= settings.MOKED_WEBHOOK_ATTEMPTS:
        fields.update(status=Status.FAILED)
    else:
        retry_in = backoff(delivery.attempts)
        fields.update(status=Status.PENDING, next_attempt_at=now + retry_in)
    WebhookDelivery.objects.filter(pk=delivery.pk, status=Status.SENDING).update(**fields)
    logger.info(
        "Webhook delivery %s (%s) attempt %s: %s %s",
        delivery.pk,
        delivery.event,
        delivery.attempts,
        fields["status"],
        status if status is not None else error,
    )
    if retry_in is not None:
        try:
            _enqueue(delivery.pk, delay=retry_in.total_seconds())
        except Exception:  # the queue is away: the sweep sends it when it is due
            logger.warning(
                "Could not schedule webhook delivery %s; the sweep will", delivery.pk, exc_info=True
            )
    return fields["status"]


def send_due(now: datetime | None = None, limit: int = 100) -> int:
    """Send the deliveries whose time has come and that their own task did not send (a queue
    entry that was lost is never lost), after releasing the attempts of workers that died
    while sending; returns how many were delivered. Safe to run in several workers at once."""
    now = now or timezone.now()
    WebhookDelivery.objects.filter(status=Status.SENDING, next_attempt_at__lt=now - STUCK_AFTER).update(
        status=Status.PENDING
    )
    due = WebhookDelivery.objects.filter(status=Status.PENDING, next_attempt_at__lte=now - SWEEP_AFTER)
    pks = list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    return sum(deliver(pk, now=now) == Status.DELIVERED for pk in pks)


# --- configuration: admins -----------------------------------------------------------------------


def _require_admin(actor) -> None:
    require(actor, "webhooks.configure", message=_("Only admins configure webhooks."))


def create_webhook(actor, **fields) -> Webhook:
    _require_admin(actor)
    return save_new(Webhook, fields)


def update_webhook(actor, webhook: Webhook, changes: dict) -> Webhook:
    _require_admin(actor)
    return save_changes(webhook, changes)


def delete_webhook(actor, webhook: Webhook) -> None:
    """Delete a webhook and its delivery log (rules that call it then call nothing)."""
    _require_admin(actor)
    webhook.delete()


def ping(actor, webhook: Webhook) -> WebhookDelivery:
    """A test message, to check the receiving end."""
    _require_admin(actor)
    return queue_delivery(webhook, event="ping", payload={"webhook": webhook.name})


def redeliver(actor, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery's message again (after the receiving end was mended), as a new delivery:
    the same body, with the new delivery's id and `redelivery_of` the first one's."""
    _require_admin(actor)
    body = {**delivery.payload, "redelivery_of": delivery.payload.get("redelivery_of") or delivery.pk}
    return _record(delivery.webhook, delivery.event, delivery.ticket, body)
