"""Taking in a message, whichever way it came (IMAP, SMTP, the mail gate): store it first, then
process it exactly once.

1. `store` writes the bytes under their SHA-256 and records them, committed, before any parsing:
   from then on nothing can lose the message. The same bytes arriving again find that record.
2. `process` locks the record, decides what the message is (routing.route) and, in the same
   transaction, does the ticket work and marks the record processed. Killed half way, nothing of
   it is committed, and the next run processes the message again from the start.
3. Anything unexpected puts the message in quarantine, whole, with the error: an admin can look
   at it and process it again (`reprocess`).
"""

import hashlib
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from . import routing
from .models import InboundMessage, Mailbox

logger = logging.getLogger(__name__)

Outcome = InboundMessage.Outcome


@dataclass(frozen=True)
class Result:
    """What became of one message: what the mail gate prints, one JSON line each."""

    outcome: str
    ticket: str | None
    subject: str
    reason: str
    message: int

    def as_dict(self) -> dict:
        return {
            "outcome": self.outcome,
            "ticket": self.ticket,
            "subject": self.subject,
            "reason": self.reason,
        }


def mailbox_for(address: str) -> Mailbox | None:
    """The active mailbox of an address, also when written with a +tag (help+INC-000123@...)."""
    address = address.strip().lower().strip("<>")
    local, _, domain = address.rpartition("@")
    candidates = {address, f"{local.split('+', 1)[0]}@{domain}"}
    return (
        Mailbox.objects.filter(address__in=candidates, is_active=True).select_related("organisation").first()
    )


def ingest(raw: bytes, *, to: str, source: str, envelope_from: str = "") -> Result:
    """Store, then process: the whole intake of one message."""
    message, created = store(raw, to=to, source=source, envelope_from=envelope_from)
    if not created and message.status == InboundMessage.Status.PROCESSED:
        return Result(
            Outcome.DUPLICATE,
            _reference(message),
            message.subject,
            f"the same message arrived before (#{message.pk})",
            message.pk,
        )
    return process(message)


def store(raw: bytes, *, to: str, source: str, envelope_from: str = "") -> tuple[InboundMessage, bool]:
    """Keep the message under its content hash; returns (record, created)."""
    digest = hashlib.sha256(raw).hexdigest()
    existing = InboundMessage.objects.filter(sha256=digest).first()
    if existing is not None:
        return existing, False
    path = f"mail/inbound/{digest[:2]}/{digest[2:4]}/{digest}.eml"
    if not default_storage.exists(path):
        path = default_storage.save(path, ContentFile(raw))
    mailbox = mailbox_for(to)
    try:
        with transaction.atomic():
            return InboundMessage.objects.create(
                sha256=digest,
                raw=path,
                size=len(raw),
                source=source,
                mailbox=mailbox,
                envelope_to=to[:320],
                envelope_from=envelope_from[:320],
            ), True
    except IntegrityError:  # the same bytes stored at the same moment by another process
        return InboundMessage.objects.get(sha256=digest), False


def process(message: InboundMessage) -> Result:
    """Decide and do, once: the ticket work and the record's outcome commit together."""
    try:
        with transaction.atomic():
            locked = (
                InboundMessage.objects.select_for_update(of=("self",))
                .select_related("mailbox__organisation")
                .get(pk=message.pk)
            )
            if locked.status == InboundMessage.Status.PROCESSED:
                return Result(
                    Outcome.DUPLICATE,
                    _reference(locked),
                    locked.subject,
                    f"already processed (#{locked.pk})",
                    locked.pk,
                )
            decision = routing.route(locked, _read(locked))
            locked.outcome, locked.reason = decision.outcome, decision.reason[:10_000]
            locked.ticket, locked.comment = decision.ticket, decision.comment
            locked.status, locked.processed_at = InboundMessage.Status.PROCESSED, timezone.now()
            locked.attempts += 1
            locked.save(
                update_fields=[
                    *("message_id", "sender", "subject"),  # learnt by parsing
                    *("outcome", "reason", "ticket", "comment", "status", "processed_at", "attempts"),
                ]
            )
            return _result(locked)
    except Exception as error:  # anything unforeseen: keep the message whole, for a person to see
        logger.exception("Inbound message #%s could not be processed", message.pk)
        InboundMessage.objects.filter(pk=message.pk).update(
            status=InboundMessage.Status.PROCESSED,
            outcome=Outcome.QUARANTINE,
            attempts=F("attempts") + 1,
            reason=f"processing failed: {type(error).__name__}: {error}"[:10_000],
            processed_at=timezone.now(),
        )
        message.refresh_from_db()
        return _result(message)


def reprocess(message: InboundMessage) -> Result:
    """Process a quarantined (or rejected) message again, after its cause was mended. A message
    that came for no active mailbox looks for one again: the mending may have been to add it."""
    mailbox = message.mailbox if message.mailbox_id else mailbox_for(message.envelope_to)
    InboundMessage.objects.filter(pk=message.pk).update(
        status=InboundMessage.Status.RECEIVED, outcome="", mailbox=mailbox
    )
    return process(message)


def _read(message: InboundMessage) -> bytes:
    with message.raw.open("rb") as file:
        return file.read()


def _reference(message: InboundMessage) -> str | None:
    return message.ticket.reference if message.ticket_id else None


def _result(message: InboundMessage) -> Result:
    return Result(message.outcome, _reference(message), message.subject, message.reason, message.pk)
