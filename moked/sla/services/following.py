"""Following a ticket: its SLA clocks move with its timeline (`ticket_events_recorded`).

They start when the ticket is created, pause in the policy's pause statuses, resume, stop when the
response is given or the ticket is resolved, and resume when it is reopened. A change of priority,
service or type may bring another policy, whose targets and calendar then apply to the whole
elapsed time: the segments are kept, the arithmetic is redone.
"""

from datetime import datetime

from moked.tickets import lifecycle
from moked.tickets.events import EventLog
from moked.tickets.models import EventChannel, EventKind, Ticket

from ..models import ClockKind, SlaClock, SlaPolicy, SlaSegment
from ..selectors import policy_for
from .ticket_clocks import (
    PAUSED,
    RUNNING,
    STOPPED,
    TicketClocks,
    add_segment,
    close_segment,
    reschedule,
    store_next_due,
    switch,
)

SYSTEM = EventChannel.SYSTEM
_FOLLOWED_FIELDS = frozenset({"priority", "service", "ticket_type", "first_response_at"})


def follow_ticket(sender, ticket: Ticket, events, **kwargs) -> None:
    """Receiver of `ticket_events_recorded`: move the ticket's clocks along with its changes."""
    followed = [event for event in events if _followed(event)]
    if not followed:
        return
    clocks = TicketClocks(ticket, new=followed[0].kind == EventKind.CREATED)
    if any([_follow(clocks, event) for event in followed]):
        store_next_due(ticket, clocks.next_due())


def _followed(event) -> bool:
    return (
        event.kind in (EventKind.CREATED, EventKind.STATUS_CHANGED)
        or (event.kind == EventKind.FIELD_CHANGED and event.field in _FOLLOWED_FIELDS)
        or (event.kind == EventKind.REPLY_ADDED and event.actor is not None)
    )


def _follow(clocks: TicketClocks, event) -> bool:
    if event.kind == EventKind.CREATED:
        return start_clocks(clocks, event.at)
    if event.kind == EventKind.STATUS_CHANGED:
        return status_changed(clocks, event.old_value, event.new_value, event.at)
    if event.kind == EventKind.REPLY_ADDED:
        if event.actor.is_client:
            return customer_replied(clocks, event.at)
        return _stop(clocks, [ClockKind.NEXT_RESPONSE], event.at)
    if event.field == "first_response_at":
        return bool(event.new_value) and _stop(clocks, [ClockKind.FIRST_RESPONSE], event.at)
    return apply_policy(clocks, event.at)


def _paused_in(policy: SlaPolicy, status: str) -> bool:
    # A request awaiting approval never burns its SLA, whatever the policy says.
    return status in policy.pause_statuses or status == lifecycle.AWAITING_APPROVAL


def _covered_always(ticket: Ticket) -> bool:
    """A service covered 24x7 is worked on around the clock, whatever the policy's calendar."""
    return ticket.service_id is not None and ticket.service.coverage == ticket.service.Coverage.ALWAYS


def _start(clocks: TicketClocks, policy: SlaPolicy, kind: str, at: datetime, sequence: int = 0) -> bool:
    target = policy.target(kind)
    if not target:
        return False
    ticket = clocks.ticket
    paused = _paused_in(policy, ticket.status)
    sla_clock = SlaClock(
        ticket=ticket,
        kind=kind,
        sequence=sequence,
        policy=policy,
        always_open=_covered_always(ticket),
        target_minutes=target,
        status=PAUSED if paused else RUNNING,
        started_at=at,
    )
    reason = ticket.status if paused else "started"
    sla_clock.loaded_segments = [SlaSegment(started_at=at, counting=not paused, reason=reason)]
    reschedule(sla_clock, at)  # saves the clock with its due time in one INSERT
    first_segment = sla_clock.loaded_segments[0]
    first_segment.clock = sla_clock
    first_segment.save()
    clocks.clocks.append(sla_clock)
    return True


def start_clocks(clocks: TicketClocks, at: datetime) -> bool:
    """A new ticket: its first response and resolution clocks under the policy that applies."""
    ticket = clocks.ticket
    policy = policy_for(ticket)
    if policy is None:
        return False
    started = _start(clocks, policy, ClockKind.RESOLUTION, at)
    if ticket.first_response_at is None:
        started |= _start(clocks, policy, ClockKind.FIRST_RESPONSE, at)
    _record_policy(ticket, None, policy, at)
    return started


def status_changed(clocks: TicketClocks, old: str, new: str, at: datetime) -> bool:
    if new in lifecycle.DONE_STATUSES and old not in lifecycle.DONE_STATUSES:
        return _stop(clocks, list(ClockKind.values), at)
    if lifecycle.is_reopen(old, new):
        return _resume_after_reopen(clocks, new, at)
    changed = False
    for sla_clock in clocks.active():
        paused = _paused_in(sla_clock.policy, new)
        if paused == (sla_clock.status == PAUSED):
            continue
        switch(sla_clock, at, counting=not paused, reason=new if paused else "resumed")
        reschedule(sla_clock, at)
        changed = True
    return changed


def _stop(clocks: TicketClocks, kinds, at: datetime) -> bool:
    stopping = clocks.active(kinds)
    for sla_clock in stopping:
        close_segment(sla_clock, at)
        sla_clock.status, sla_clock.stopped_at = STOPPED, at
        reschedule(sla_clock, at)
    return bool(stopping)


def _resume_after_reopen(clocks: TicketClocks, status: str, at: datetime) -> bool:
    """Reopening resumes the resolution clock where it stopped: the time since resolution was a
    pause, the time before it still counts."""
    resolution = clocks.latest(ClockKind.RESOLUTION)
    if resolution is None or resolution.status != STOPPED:
        return False
    add_segment(resolution, resolution.stopped_at, end=at, counting=False, reason=lifecycle.RESOLVED)
    paused = _paused_in(resolution.policy, status)
    add_segment(resolution, at, counting=not paused, reason=status if paused else "reopened")
    resolution.status, resolution.stopped_at = (PAUSED if paused else RUNNING), None
    reschedule(resolution, at)
    return True


def customer_replied(clocks: TicketClocks, at: datetime) -> bool:
    """A customer's reply after the first response starts a next-response clock (unless one runs)."""
    ticket = clocks.ticket
    if ticket.first_response_at is None or not ticket.is_open or clocks.active([ClockKind.NEXT_RESPONSE]):
        return False
    policy = policy_for(ticket)
    if policy is None:
        return False
    last = clocks.latest(ClockKind.NEXT_RESPONSE)
    return _start(clocks, policy, ClockKind.NEXT_RESPONSE, at, sequence=(last.sequence + 1) if last else 0)


def apply_policy(clocks: TicketClocks, at: datetime) -> bool:
    """After a change of priority, service or type: the policy that now applies takes over the
    open clocks, its targets counted over the whole elapsed time (paused time stays paused).
    A clock whose kind the new policy sets no target for keeps the target it started with."""
    ticket = clocks.ticket
    policy = policy_for(ticket)
    if policy is None:
        return False
    if not clocks.clocks:
        return start_clocks(clocks, at)
    active = clocks.active()
    previous = active[0].policy if active else None
    always_open = _covered_always(ticket)
    changed = False
    for sla_clock in active:
        target = policy.target(sla_clock.kind)
        if not target or (sla_clock.policy_id, sla_clock.target_minutes, sla_clock.always_open) == (
            policy.pk,
            target,
            always_open,
        ):
            continue
        sla_clock.policy, sla_clock.target_minutes, sla_clock.always_open = policy, target, always_open
        paused = _paused_in(policy, ticket.status)
        if paused != (sla_clock.status == PAUSED):
            switch(sla_clock, at, counting=not paused, reason=ticket.status if paused else "resumed")
        reschedule(sla_clock, at)
        changed = True
    if changed and previous is not None and previous.pk != policy.pk:
        _record_policy(ticket, previous, policy, at)
    return changed


def _record_policy(ticket: Ticket, old: SlaPolicy | None, new: SlaPolicy, at: datetime) -> None:
    log = EventLog(ticket, None, SYSTEM, at)
    log.field_change("sla_policy", old, new, kind=EventKind.SLA_POLICY)
    log.save()
