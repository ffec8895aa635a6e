"""Phone calls: a new ticket for the caller, or a note of the call on one of theirs."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from moked.people.access import can_see_organisation
from moked.people.models import CLIENT_ROLES, Person
from moked.people.permissions import require

from ..events import EventLog
from ..models import Channel, EventChannel, EventKind, Ticket
from .comments import add_comment
from .creating import create_ticket


def log_call(
    actor: Person,
    *,
    caller: Person,
    notes: str,
    subject: str = "",
    ticket: Ticket | None = None,
    direction: str = "inbound",
    duration_seconds: int | None = None,
    at=None,
    **ticket_fields,
) -> Ticket:
    """Log a phone call: a new ticket for the caller (channel phone), or, given `ticket`, an
    internal note of the call on that ticket. Staff only."""
    require(actor, "tickets.log_calls", message=_("Only the service desk logs phone calls."))
    if caller.role not in CLIENT_ROLES or not can_see_organisation(actor, caller.organisation_id):
        raise ValidationError(
            {"caller": ValidationError(_("Choose a caller of an organisation you serve."), code="invalid")}
        )
    call = {"direction": direction, "duration_seconds": duration_seconds, "caller": caller.pk}
    if ticket is None:
        with transaction.atomic():
            ticket = create_ticket(
                actor,
                organisation=caller.organisation,
                requester=caller,
                subject=subject,
                description=notes,
                channel=Channel.PHONE,
                event_channel=EventChannel.PHONE,
                at=at,
                **ticket_fields,
            )
            # Answering the call was the first response.
            log = EventLog(ticket, actor, EventChannel.PHONE, ticket.created_at)
            log.add(EventKind.CALL_LOGGED, is_public=False, data=call)
            log.field_change("first_response_at", None, ticket.created_at)
            ticket.first_response_at = ticket.created_at
            ticket.save(update_fields=["first_response_at"])
            log.save()
        return ticket
    if ticket.organisation_id != caller.organisation_id:
        raise ValidationError(
            {"ticket": ValidationError(_("This ticket belongs to another organisation."), code="invalid")}
        )
    with transaction.atomic():
        comment = add_comment(actor, ticket, notes, public=False, channel=EventChannel.PHONE, at=at)
        log = EventLog(ticket, actor, EventChannel.PHONE, comment.created_at)
        log.add(EventKind.CALL_LOGGED, is_public=False, comment=comment, data=call)
        log.save()
    return ticket
