"""Files on a ticket: attaching one, and recording each file stored with a ticket or reply."""

from django.db import transaction
from django.utils import timezone

from moked.people.models import Person

from ..attachments import check_upload, store_attachment
from ..events import EventLog
from ..models import EventChannel, EventKind, Ticket
from .checks import _locked, _refuse_closed, _require


def add_attachment(
    actor: Person, ticket: Ticket, upload, *, public: bool = True, channel: str = EventChannel.API, at=None
):
    """Attach a file to a ticket: public (the requester sees it) or, for staff, internal."""
    _require("tickets.reply_ticket", actor, ticket)
    if not public:
        _require("tickets.work_ticket", actor, ticket)
    check_upload(upload)
    with transaction.atomic():
        current = _locked(ticket)
        if public:
            _refuse_closed(current, field="file")
        log = EventLog(current, actor, channel, at or timezone.now())
        attachment = _attach(current, upload, actor=actor, public=public, comment=None, log=log)
        current.updated_at = log.at
        current.save(update_fields=["updated_at"])
        log.save()
    return attachment


def _attach(ticket: Ticket, upload, *, actor, public: bool, comment, log: EventLog):
    attachment = store_attachment(ticket, upload, actor=actor, public=public, comment=comment, at=log.at)
    log.add(
        EventKind.ATTACHMENT_ADDED,
        is_public=public,
        comment=comment,
        data={"attachment": attachment.pk, "filename": attachment.filename, "size": attachment.size},
    )
    return attachment
