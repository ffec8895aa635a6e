"""The conversation: public replies, internal notes, and the notes Moked writes itself."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moked.people.models import Person

from ..attachments import attachments_kept_on_success, check_uploads
from ..events import EventLog
from ..models import Comment, EventChannel, EventKind, Ticket
from .attachments import _attach
from .checks import _locked, _refuse_closed, _require


def add_comment(
    actor: Person,
    ticket: Ticket,
    body: str,
    *,
    public: bool = True,
    channel: str = EventChannel.API,
    files=(),
    html: str = "",
    at=None,
) -> Comment:
    """Add a public reply or (staff only) an internal note, with optional uploaded files.

    A closed ticket takes internal notes only. The first public reply of the provider's staff
    sets the ticket's first response time.
    """
    _require("tickets.reply_ticket", actor, ticket)
    if not public:
        _require("tickets.work_ticket", actor, ticket)
    body = body.strip()
    if not body and not files:
        raise ValidationError(
            {"body": ValidationError(_("Write a message or attach a file."), code="required")}
        )
    check_uploads(files)

    with transaction.atomic(), attachments_kept_on_success() as stored:
        current = _locked(ticket)
        if public:
            _refuse_closed(current, field="body")
        now = at or timezone.now()
        comment = Comment.objects.create(
            ticket=current,
            author=actor,
            body=body,
            html=html,
            is_public=public,
            channel=channel,
            created_at=now,
        )
        log = EventLog(current, actor, channel, now)
        log.add(EventKind.REPLY_ADDED if public else EventKind.NOTE_ADDED, is_public=public, comment=comment)
        fields = ["updated_at"]
        if public and actor.is_staff_member and current.first_response_at is None:
            log.field_change("first_response_at", None, now)
            current.first_response_at = now
            fields.append("first_response_at")
        for upload in files:
            stored.append(_attach(current, upload, actor=actor, public=public, comment=comment, log=log))
        current.updated_at = now
        current.save(update_fields=fields)
        log.save()
    return comment


def add_system_note(
    ticket: Ticket, body: str, *, channel: str = EventChannel.SYSTEM, data=None, at=None
) -> Comment:
    """An internal note written by Moked itself (a delivery failure, an automatic reply received)."""
    with transaction.atomic():
        current = _locked(ticket)
        now = at or timezone.now()
        comment = Comment.objects.create(
            ticket=current, author=None, body=body.strip(), is_public=False, channel=channel, created_at=now
        )
        log = EventLog(current, None, channel, now)
        log.add(EventKind.NOTE_ADDED, is_public=False, comment=comment, data=data or {})
        log.save()
    return comment
