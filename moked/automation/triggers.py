"""From ticket events to rule triggers, and what a customer's answer does to a waiting ticket."""

from moked.assignment.services import assign_by_strategy, is_absent
from moked.tickets import lifecycle
from moked.tickets import services as tickets
from moked.tickets.models import EventChannel, EventKind

from . import engine
from .models import Trigger

UPDATES = frozenset(
    {EventKind.FIELD_CHANGED, EventKind.STATUS_CHANGED, EventKind.ESCALATED, EventKind.FLAGGED}
)
SLA = {EventKind.SLA_WARNING: Trigger.SLA_WARNING, EventKind.SLA_BREACHED: Trigger.SLA_BREACH}


def triggers_of(events) -> list[tuple[str, object]]:
    """The triggers one recorded change fires, in order, each with its comment (if any)."""
    kinds = {event.kind for event in events}
    found: list[tuple[str, object]] = []
    if EventKind.CREATED in kinds:
        found.append((Trigger.TICKET_CREATED, None))
    else:
        if EventKind.STATUS_CHANGED in kinds:
            found.append((Trigger.STATUS_CHANGED, None))
        if kinds & UPDATES:
            found.append((Trigger.TICKET_UPDATED, None))
    for event in events:
        if event.kind in (EventKind.REPLY_ADDED, EventKind.NOTE_ADDED) and event.actor is not None:
            by_customer = event.actor.is_client
            found.append(
                (Trigger.CUSTOMER_COMMENTED if by_customer else Trigger.AGENT_COMMENTED, event.comment)
            )
        elif event.kind in SLA:
            found.append((SLA[event.kind], None))
    return found


def on_ticket_events(sender, ticket, events, **kwargs) -> None:
    """Receiver of `ticket_events_recorded`: run the rules the change triggers."""
    if engine.is_suppressed():
        return
    for trigger, comment in triggers_of(events):
        if trigger == Trigger.CUSTOMER_COMMENTED and not engine.in_chain():
            ticket = customer_answered(ticket, at=events[0].at)
        engine.run(trigger, ticket, events=events, comment=comment, at=events[0].at)


def customer_answered(ticket, *, at=None):
    """A ticket waiting on its customer goes back to work when they answer: to its assignee, or,
    when the assignee is absent, to whoever the group's strategy picks (else to the queue). A
    resolved ticket the customer answers is reopened."""
    ticket.refresh_from_db()
    if ticket.status == lifecycle.RESOLVED:  # "it is not fixed": back to work
        return tickets.reopen_ticket(
            None, ticket, reason=_customer_answered_reason(), channel=EventChannel.SYSTEM, at=at
        )
    if ticket.status != lifecycle.PENDING_CUSTOMER:
        return ticket
    channel = EventChannel.SYSTEM
    if ticket.assignee is not None and is_absent(ticket.assignee, at) and ticket.group is not None:
        assign_by_strategy(None, ticket, ticket.group, channel=channel, at=at)
        ticket.refresh_from_db()
        if ticket.assignee is not None and is_absent(ticket.assignee, at):
            ticket = tickets.update_ticket(None, ticket, {"assignee": None}, channel=channel, at=at)
    target = lifecycle.IN_PROGRESS if ticket.assignee_id else lifecycle.NEW
    return tickets.change_status(
        None, ticket, target, reason=_customer_answered_reason(), channel=channel, at=at
    )


def _customer_answered_reason() -> str:
    from django.utils.translation import gettext as _

    return _("The customer answered.")
