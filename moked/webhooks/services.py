"""Sending webhooks: recorded in the transaction that caused them, sent by the worker, retried
with exponential back-off, and never sent twice at once (an attempt is claimed first)."""

import json
import logging
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from moked.records import save_changes, save_new
from moked.tickets.models import EventKind, Ticket

from . import signing
from .models import Webhook, WebhookDelivery

logger = logging.getLogger(__name__)
Status = WebhookDelivery.Status
TIMEOUT_SECONDS = 10
STUCK_AFTER = timedelta(minutes=10)
USER_AGENT = "Moked-Webhooks/1"


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8, 16... minutes after the attempts so far, at most a day."""
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
    details = {
        "kind": event.kind,
        "at": event.at.isoformat(),
        "actor": event.actor.email if event.actor_id else None,
        "field": event.field or None,
        "old": event.old_value or None,
        "new": event.new_value or None,
        "public": event.is_public,
    }
    if event.comment_id and event.is_public:  # internal notes never leave Moked
        details["comment"] = event.comment.body
    return details


def queue_delivery(webhook: Webhook, *, event: str, ticket=None, payload: dict) -> WebhookDelivery:
    """Record a message for the webhook and have the worker send it once the caller's transaction
    commits: the caller never waits for the other system."""
    body = {
        "event": event,
        "occurred_at": timezone.now().isoformat(),
        "ticket": ticket_summary(ticket) if ticket is not None else None,
        "data": payload,
    }
    delivery = WebhookDelivery.objects.create(webhook=webhook, ticket=ticket, event=event[:40], payload=body)
    transaction.on_commit(lambda: _enqueue(delivery.pk))
    return delivery


def _enqueue(pk: int, delay: float | None = None) -> None:
    from .tasks import deliver_webhook

    if delay:
        deliver_webhook.schedule((pk,), delay=delay)
    else:
        deliver_webhook(pk)


def on_ticket_events(sender, ticket: Ticket, events, **kwargs) -> None:
    """Receiver of `ticket_events_recorded`: a delivery per event to each webhook subscribed."""
    kinds = {event.kind for event in events} - {EventKind.RULE_APPLIED}
    if not kinds:
        return
    hooks = [
        hook
        for hook in Webhook.objects.filter(is_active=True).filter(
            Q(organisation__isnull=True) | Q(organisation_id=ticket.organisation_id)
        )
        if set(hook.events) & kinds
    ]
    for hook in hooks:
        for event in events:
            if event.kind in hook.events:
                queue_delivery(
                    hook, event=f"ticket.{event.kind}", ticket=ticket, payload=event_details(event)
                )


# --- sending -------------------------------------------------------------------------------------


def deliver(pk: int, *, now=None) -> str:
    """One attempt at a due delivery; returns its status after. Claimed first, so two workers
    never send the same attempt; sent outside any transaction."""
    now = now or timezone.now()
    claimed = WebhookDelivery.objects.filter(pk=pk, status=Status.PENDING, next_attempt_at__lte=now).update(
        status=Status.SENDING, attempts=F("attempts") + 1
    )
    delivery = WebhookDelivery.objects.select_related("webhook").get(pk=pk)
    if not claimed:
        return delivery.status
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = int(time.time())
    request = urllib.request.Request(  # noqa: S310 (the model allows http and https URLs only)
        delivery.webhook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "X-Moked-Event": delivery.event,
            "X-Moked-Delivery": str(delivery.pk),
            "X-Moked-Timestamp": str(timestamp),
            "X-Moked-Signature": signing.sign(delivery.webhook.secret, timestamp, body),
        },
    )
    status, answer, error = None, "", ""
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (see the Request)
            status, answer = response.status, response.read(2000).decode("utf-8", "replace")
    except urllib.error.HTTPError as refusal:
        status, error = refusal.code, f"HTTP {refusal.code} {refusal.reason}"
        answer = refusal.read(2000).decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, ValueError) as failure:
        error = f"{type(failure).__name__}: {getattr(failure, 'reason', failure)}"
    return _record_attempt(delivery, status, answer, error)


def _record_attempt(delivery: WebhookDelivery, status, answer: str, error: str) -> str:
    now = timezone.now()
    fields = {"response_status": status, "response_body": answer[:2000], "last_error": error[:2000]}
    if status is not None and 200 <= status < 300:
        fields.update(status=Status.DELIVERED, delivered_at=now, last_error="")
    elif delivery.attempts >= settings.MOKED_WEBHOOK_ATTEMPTS:
        fields.update(status=Status.FAILED)
        logger.warning("Webhook delivery %s failed for good: %s", delivery.pk, error)
    else:
        wait = backoff(delivery.attempts)
        fields.update(status=Status.PENDING, next_attempt_at=now + wait)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
    if fields["status"] == Status.PENDING:
        _enqueue(delivery.pk, delay=backoff(delivery.attempts).total_seconds())
    return fields["status"]


def send_due(now=None, limit: int = 500) -> int:
    """Send the deliveries whose time has come (a queue entry that was lost is never lost), and
    release attempts a crashed worker left half done; returns how many were delivered."""
    now = now or timezone.now()
    WebhookDelivery.objects.filter(status=Status.SENDING, next_attempt_at__lt=now - STUCK_AFTER).update(
        status=Status.PENDING
    )
    due = WebhookDelivery.objects.filter(status=Status.PENDING, next_attempt_at__lte=now).order_by(
        "next_attempt_at"
    )
    return sum(deliver(pk, now=now) == Status.DELIVERED for pk in due.values_list("pk", flat=True)[:limit])


# --- configuration: admins -----------------------------------------------------------------------


def _require_admin(actor) -> None:
    if not (actor.is_active and actor.is_admin):
        raise PermissionDenied(_("Only admins configure webhooks."))


def create_webhook(actor, **fields) -> Webhook:
    _require_admin(actor)
    return save_new(Webhook, fields)


def update_webhook(actor, webhook: Webhook, changes: dict) -> Webhook:
    _require_admin(actor)
    return save_changes(webhook, changes)


def delete_webhook(actor, webhook: Webhook) -> None:
    _require_admin(actor)
    webhook.delete()


def ping(actor, webhook: Webhook) -> WebhookDelivery:
    """A test message, to check the receiving end."""
    _require_admin(actor)
    return queue_delivery(webhook, event="ping", payload={"webhook": webhook.name})


def redeliver(actor, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again (after the receiving end was mended), as a new delivery."""
    _require_admin(actor)
    return queue_delivery(
        delivery.webhook,
        event=delivery.event,
        ticket=delivery.ticket,
        payload=delivery.payload.get("data") or {},
    )
