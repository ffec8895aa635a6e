"""Relating tickets to each other: links an agent makes, follow-ups of tickets closed too long
ago to reopen, and merging a duplicate into the ticket where its conversation goes on.

Both sides of a link show it on their timelines. A merge closes the duplicate as such, tells its
requester where the conversation continues, makes them a follower of the surviving ticket, and
sends later mail about the duplicate to the surviving ticket (see `surviving_ticket`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from moked.people.models import Person

from .. import lifecycle
from ..events import EventLog
from ..models import Comment, EventChannel, EventKind, ResolutionCode, Ticket, TicketLink
from .checks import _locked, _require
from .followers import add_followers

# A merged ticket points at the one it went into; chains are short, but a bound keeps a cycle
# made by hand in the database from looping forever.
_MAX_MERGE_HOPS = 20


def _refuse(message: str, field: str = "related"):
    raise ValidationError({field: ValidationError(message, code="invalid")})


def _check_pair(actor: Person, ticket: Ticket, other: Ticket) -> None:
    _require("tickets.work_ticket", actor, ticket)
    _require("tickets.work_ticket", actor, other)
    if ticket.pk == other.pk:
        _refuse(_("A ticket cannot be linked to itself."))
    if ticket.organisation_id != other.organisation_id:
        _refuse(_("Only tickets of the same organisation can be linked or merged."))


def _log_both(ticket: Ticket, other: Ticket, kind: str, actor, channel: str, at, data: dict) -> None:
    logs = []
    for this, that in ((ticket, other), (other, ticket)):
        log = EventLog(this, actor, channel, at)
        log.add(
            kind,
            is_public=False,
            field="links",
            new_value=that.reference,
            new_label=that.reference,
            data=data,
        )
        logs.append(log)
    EventLog.save_all(logs)


def link_tickets(
    actor: Person, ticket: Ticket, other: Ticket, *, channel: str = EventChannel.API, at=None
) -> TicketLink:
    """Relate two tickets of one organisation (staff who work both); linking again changes nothing."""
    _check_pair(actor, ticket, other)
    either_way = Q(ticket=ticket, related=other) | Q(ticket=other, related=ticket)
    existing = TicketLink.objects.filter(either_way, kind=TicketLink.Kind.RELATED).first()
    if existing is not None:
        return existing
    now = at or timezone.now()
    with transaction.atomic():
        link = TicketLink.objects.create(
            ticket=ticket, related=other, kind=TicketLink.Kind.RELATED, created_at=now
        )
        _log_both(ticket, other, EventKind.LINKED, actor, channel, now, {"kind": TicketLink.Kind.RELATED})
    return link


def unlink_tickets(
    actor: Person, ticket: Ticket, other: Ticket, *, channel: str = EventChannel.API, at=None
) -> None:
    """Remove the "related" link between two tickets, whichever side made it. Follow-up and merge
    links are history and stay."""
    _check_pair(actor, ticket, other)
    with transaction.atomic():
        removed, _count = TicketLink.objects.filter(
            kind=TicketLink.Kind.RELATED, ticket__in=[ticket, other], related__in=[ticket, other]
        ).delete()
        if removed:
            _log_both(ticket, other, EventKind.UNLINKED, actor, channel, at or timezone.now(), {})


def surviving_ticket(ticket: Ticket) -> Ticket:
    """The ticket whose conversation `ticket` continues in: itself unless it was merged."""
    hops = 0
    while ticket.merged_into_id is not None and hops < _MAX_MERGE_HOPS:
        ticket = Ticket.objects.select_related("organisation").get(pk=ticket.merged_into_id)
        hops += 1
    return ticket


def _requester_language(ticket: Ticket) -> str:
    return ticket.requester.preferred_language


def merge_tickets(
    actor: Person,
    duplicate: Ticket,
    target: Ticket,
    *,
    tell_requester: bool = True,
    channel: str = EventChannel.API,
    at=None,
) -> Ticket:
    """Merge `duplicate` into `target` (staff who work both, same organisation); returns the target.

    The duplicate is closed with the resolution "duplicate" and points at the target; when
    `tell_requester`, its requester gets a public reply saying where the conversation goes on.
    The target gets an internal note with the duplicate's subject and description, and the
    duplicate's requester and followers follow the target. The duplicate's own conversation and
    attachments stay on it, one link away. Nothing changes when the merge is refused.
    """
    _check_pair(actor, duplicate, target)
    now = at or timezone.now()
    with transaction.atomic():
        first, second = sorted((duplicate, target), key=lambda t: t.pk)  # one lock order: no deadlock
        locked = {t.pk: _locked(t) for t in (first, second)}
        duplicate, target = locked[duplicate.pk], locked[target.pk]
        if duplicate.merged_into_id is not None:
            _refuse(_("This ticket was already merged into another one."))
        if target.merged_into_id is not None:
            _refuse(
                _("%(reference)s was merged into another ticket; merge into that one.")
                % {"reference": target.reference}
            )
        if duplicate.status == lifecycle.CLOSED:
            _refuse(_("A closed ticket cannot be merged."))
        if target.status == lifecycle.CLOSED:
            _refuse(
                _("%(reference)s is closed: reopen it or choose another ticket.")
                % {"reference": target.reference}
            )

        log = EventLog(duplicate, actor, channel, now)
        if tell_requester:
            with translation.override(_requester_language(duplicate)):
                body = _(
                    "This request was merged into %(reference)s (%(subject)s). "
                    "The conversation goes on there."
                ) % {
                    "reference": target.reference,
                    "subject": target.subject,
                }
            told = Comment.objects.create(
                ticket=duplicate, author=actor, body=body, is_public=True, channel=channel, created_at=now
            )
            log.add(EventKind.REPLY_ADDED, is_public=True, comment=told)
        merged = {"merged_into": target.reference}
        log.field_change(
            "status", duplicate.status, lifecycle.CLOSED, kind=EventKind.STATUS_CHANGED, data=merged
        )
        fields = ["status", "closed_at", "merged_into", "updated_at"]
        for field, value in (
            ("resolution_code", ResolutionCode.DUPLICATE),
            ("resolution_text", _("Merged into %(reference)s.") % {"reference": target.reference}),
            ("resolved_at", duplicate.resolved_at or now),
        ):
            if getattr(duplicate, field) != value:
                log.field_change(field, getattr(duplicate, field), value)
                setattr(duplicate, field, value)
                fields.append(field)
        log.field_change("closed_at", duplicate.closed_at, now)
        log.add(
            EventKind.MERGED,
            is_public=True,
            field="merged_into",
            new_value=target.reference,
            new_label=target.reference,
            data=merged,
        )
        duplicate.status, duplicate.closed_at, duplicate.merged_into, duplicate.updated_at = (
            lifecycle.CLOSED,
            now,
            target,
            now,
        )
        duplicate.save(update_fields=fields)

        note = Comment.objects.create(
            ticket=target,
            author=actor,
            body=_("Merged from %(reference)s: %(subject)s")
            % {"reference": duplicate.reference, "subject": duplicate.subject}
            + (f"\n\n{duplicate.description}" if duplicate.description.strip() else ""),
            is_public=False,
            channel=channel,
            created_at=now,
        )
        target_log = EventLog(target, actor, channel, now)
        target_log.add(EventKind.NOTE_ADDED, is_public=False, comment=note)
        target_log.add(
            EventKind.MERGED,
            is_public=False,
            field="merged_from",
            new_value=duplicate.reference,
            new_label=duplicate.reference,
            data={"merged_from": duplicate.reference},
        )
        target.updated_at = now
        target.save(update_fields=["updated_at"])
        TicketLink.objects.create(
            ticket=duplicate, related=target, kind=TicketLink.Kind.MERGED_INTO, created_at=now
        )
        EventLog.save_all([log, target_log])

        followers = [duplicate.requester, *(f.person for f in duplicate.followers.select_related("person"))]
        add_followers(actor, target, followers, channel=channel, at=now)
    return target


def link_follow_up(actor: Person | None, ticket: Ticket, earlier: Ticket, *, channel: str, at=None) -> None:
    """Record that `ticket` follows up `earlier` (closed too long ago to reopen), on both timelines."""
    now = at or timezone.now()
    with transaction.atomic():
        TicketLink.objects.get_or_create(
            ticket=ticket, related=earlier, kind=TicketLink.Kind.FOLLOW_UP, defaults={"created_at": now}
        )
        for this, other in ((ticket, earlier), (earlier, ticket)):
            log = EventLog(this, actor, channel, now)
            log.add(
                EventKind.LINKED,
                is_public=True,
                field="links",
                new_value=other.reference,
                new_label=other.reference,
                data={"kind": TicketLink.Kind.FOLLOW_UP},
            )
            log.save()
