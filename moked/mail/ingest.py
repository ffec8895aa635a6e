"""Taking in a message, whichever way it came (IMAP, SMTP, the mail gate): store it first, then
process it exactly once.

1. `store` writes the bytes under their SHA-256 and records them, committed, before any parsing:
   from then on nothing can lose the message. The same bytes arriving again find that record.
2. `process` locks the record, decides what the message is (routing.route) and, in the same
   transaction, does the ticket work and marks the record processed. Killed half way, nothing of
   it is committed, and the next run processes the message again from the start.
3. Anything unexpected puts the message in quarantine, whole, with the error: an admin can look
   at it and process it again (`reprocess`).

Messages are accepted (SMTP's 250, the IMAP move) only once `store` returned: the bytes and the
record are on the disk by then (moked.mail.durability), so a crash loses nothing accepted.
"""

import contextlib
import hashlib
import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from moked.people import addresses

from . import durability, outbound, routing
from .models import InboundMessage, Mailbox

logger = logging.getLogger(__name__)

Outcome = InboundMessage.Outcome
Source = InboundMessage.Source


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
    """The active mailbox of an address, also when written with a +tag (help+INC-000123@...), in
    any case, and with its domain in Unicode or in ASCII (xn--)."""
    address = addresses.canonical(address.strip().strip("<>"))
    local, _, domain = address.rpartition("@")
    candidates = {
        form
        for written in (address, f"{local.split('+', 1)[0]}@{domain}")
        for form in addresses.variants(written)
    }
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
    # What the sender forgets once told it was taken must be on the disk first; an import's files stay.
    sync = source != Source.IMPORT
    path = durability.keep(f"mail/inbound/{digest[:2]}/{digest[2:4]}/{digest}.eml", raw, sync=sync)
    mailbox = mailbox_for(to)
    try:
        with durability.durable_commit(sync), transaction.atomic():
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
            # Old mail taken in as an import is the past: nobody is mailed about it now.
            quiet = outbound.suppressed() if locked.source == Source.IMPORT else contextlib.nullcontext()
            with quiet:
                decision = routing.route(locked, _read(locked))
            locked.outcome, locked.reason = decision.outcome, decision.reason[:10_000]
            locked.ticket, locked.comment = decision.ticket, decision.comment
            locked.status, locked.processed_at = InboundMessage.Status.PROCESSED, timezone.now()
            locked.attempts += 1
            locked.save(
                update_fields=[
                    *("message_id", "sender", "subject", "written_at"),  # learnt by parsing
                    *("outcome", "reason", "ticket", "comment", "status", "processed_at", "attempts"),
                ]
            )
            return _result(locked)
    except (ValidationError, PermissionDenied) as error:  # a rule of the ticket work said no
        logger.warning("Inbound message #%s was refused: %s", message.pk, error)
        reason = _("Moked could not take this message in: %(why)s") % {"why": _in_words(error)}
        return _kept_back(message, reason)
    except Exception as error:  # anything unforeseen: keep the message whole, for a person to see
        logger.exception("Inbound message #%s could not be processed", message.pk)
        return _kept_back(message, f"processing failed: {type(error).__name__}: {error}")


def _kept_back(message: InboundMessage, reason: str) -> Result:
    """Quarantine the message with `reason`, outside the failed transaction: its bytes stay."""
    InboundMessage.objects.filter(pk=message.pk).update(
        status=InboundMessage.Status.PROCESSED,
        outcome=Outcome.QUARANTINE,
        attempts=F("attempts") + 1,
        reason=reason[:10_000],
        processed_at=timezone.now(),
    )
    message.refresh_from_db()
    return _result(message)


def _in_words(error: Exception) -> str:
    words = getattr(error, "messages", None) or [str(error)]
    return " ".join(str(word) for word in words)


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
