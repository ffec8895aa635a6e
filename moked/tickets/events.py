"""Recording ticket events: every service that changes a ticket writes its changes through an EventLog."""

from datetime import datetime

from django.db import models
from django.dispatch import Signal

from .models import EventKind, Ticket, TicketEvent

# Sent inside the transaction that changed the ticket, with `ticket` (as written) and `events`
# (what changed): other domains follow tickets through it, as the SLA clocks do.
ticket_events_recorded = Signal()

# Changes of these fields are shown to the requester; the rest (group, assignee, tier, tags,
# escalations, notes) is the provider's internal business.
PUBLIC_FIELDS = frozenset(
    {"subject", "description", "status", "priority", "impact", "urgency", "service", "category", "requester"}
)


def stored_value(value) -> str:
    """How a field value is kept in an event: ids for records, codes for choices, ISO for times."""
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(sorted(str(item) for item in value))
    return str(value)


def shown_value(value) -> str:
    """The readable name of a record at the time of the change; empty for plain values."""
    return str(value)[:300] if isinstance(value, models.Model) else ""


class EventLog:
    """The events of one action on one ticket, all at the same instant, written together."""

    def __init__(self, ticket: Ticket, actor, channel: str, at: datetime):
        self.ticket, self.actor, self.channel, self.at = ticket, actor, channel, at
        self.events: list[TicketEvent] = []

    def add(
        self, kind: str, *, is_public: bool, comment=None, data: dict | None = None, **fields
    ) -> TicketEvent:
        event = TicketEvent(
            ticket=self.ticket,
            kind=kind,
            actor=self.actor,
            at=self.at,
            channel=self.channel,
            is_public=is_public,
            comment=comment,
            data=data or {},
            **fields,
        )
        self.events.append(event)
        return event

    def field_change(self, field: str, old, new, *, kind: str = EventKind.FIELD_CHANGED, data=None) -> None:
        self.add(
            kind,
            is_public=field in PUBLIC_FIELDS,
            field=field,
            old_value=stored_value(old),
            new_value=stored_value(new),
            old_label=shown_value(old),
            new_label=shown_value(new),
            data=data,
        )

    def save(self) -> list[TicketEvent]:
        return EventLog.save_all([self])

    @staticmethod
    def save_all(logs: list["EventLog"]) -> list[TicketEvent]:
        """Write the events of several logs in one statement, then tell each ticket's followers."""
        saved = TicketEvent.objects.bulk_create([event for log in logs for event in log.events])
        for log in logs:
            ticket_events_recorded.send(sender=Ticket, ticket=log.ticket, events=log.events)
        return saved
