"""The SLA engine's writes.

Clocks follow the ticket's timeline (`ticket_events_recorded`): they start when the ticket is
created, pause in the policy's pause statuses, resume, stop when the response is given or the
ticket is resolved, and resume when it is reopened. A change of priority, service or type may
bring another policy, whose targets and calendar then apply to the whole elapsed time: the
segments are kept, the arithmetic is redone. The periodic check (`check_due_clocks`) reads only
the clocks whose next check is due and records warnings and breaches; a breach raises the ticket
to P1, escalates it to the policy's group and notifies the team leads and service managers.
"""

from datetime import datetime
from functools import partial

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moked.notifications.models import Notification
from moked.notifications.services import may_see, notify, prepare
from moked.people.models import Person
from moked.tickets import lifecycle
from moked.tickets import services as tickets
from moked.tickets.events import EventLog
from moked.tickets.models import EventChannel, EventKind, Ticket

from . import calendars, clock
from .models import ClockKind, SlaClock, SlaPolicy, SlaSegment
from .selectors import policy_for

RUNNING, PAUSED, STOPPED = SlaClock.Status.RUNNING, SlaClock.Status.PAUSED, SlaClock.Status.STOPPED
SYSTEM = EventChannel.SYSTEM
CHECK_BATCH = 500
_FOLLOWED_FIELDS = frozenset({"priority", "service", "ticket_type", "first_response_at"})


# --- a ticket's clocks, loaded once per change ------------------------------------------------


class TicketClocks:
    """The clocks of one ticket with their segments, read once and written back as they move."""

    def __init__(self, ticket: Ticket, *, new: bool = False):
        self.ticket = ticket
        # A ticket just created has none yet. Segments are read per clock when first needed: most
        # changes move no clock at all.
        clocks = SlaClock.objects.filter(ticket=ticket).select_related("policy__calendar")
        self.clocks = [] if new else list(clocks.order_by("kind", "sequence"))

    def active(self, kinds=None) -> list[SlaClock]:
        return [c for c in self.clocks if c.status != STOPPED and (kinds is None or c.kind in kinds)]

    def latest(self, kind: str) -> SlaClock | None:
        return max((c for c in self.clocks if c.kind == kind), key=lambda c: c.sequence, default=None)

    def next_due(self) -> datetime | None:
        return min((c.due_at for c in self.clocks if c.status == RUNNING and c.due_at), default=None)


def business_calendar(sla_clock: SlaClock):
    return calendars.business_calendar(sla_clock.policy.calendar, always_open=sla_clock.always_open)


def _segment_rows(sla_clock: SlaClock) -> list[SlaSegment]:
    rows = getattr(sla_clock, "loaded_segments", None)
    if rows is None:
        rows = sla_clock.loaded_segments = list(sla_clock.segments.order_by("started_at", "id"))
    return rows


def segments_of(sla_clock: SlaClock) -> list[clock.Segment]:
    return [
        clock.Segment(row.started_at, row.ended_at, row.counting, row.reason)
        for row in _segment_rows(sla_clock)
    ]


def warning_minutes(sla_clock: SlaClock) -> float:
    return sla_clock.target_minutes * sla_clock.policy.warning_percent / 100


def _close_segment(sla_clock: SlaClock, at: datetime) -> None:
    for row in _segment_rows(sla_clock):
        if row.ended_at is None:
            row.ended_at = at
            row.save(update_fields=["ended_at"])


def _add_segment(sla_clock: SlaClock, start: datetime, *, counting: bool, reason: str, end=None) -> None:
    _segment_rows(sla_clock).append(
        SlaSegment.objects.create(
            clock=sla_clock, started_at=start, ended_at=end, counting=counting, reason=reason
        )
    )


def _switch(sla_clock: SlaClock, at: datetime, *, counting: bool, reason: str) -> None:
    _close_segment(sla_clock, at)
    _add_segment(sla_clock, at, counting=counting, reason=reason)
    sla_clock.status = RUNNING if counting else PAUSED


def _reschedule(sla_clock: SlaClock, at: datetime) -> None:
    """Recompute what follows from the segments (elapsed time, due time, next check) and save."""
    _compute_schedule(sla_clock, at)
    sla_clock.save()


def _compute_schedule(sla_clock: SlaClock, at: datetime) -> None:
    calendar, segments = business_calendar(sla_clock), segments_of(sla_clock)
    sla_clock.elapsed_minutes = clock.elapsed_minutes(calendar, segments, sla_clock.stopped_at or at)
    sla_clock.due_at = clock.crossing_instant(calendar, segments, sla_clock.target_minutes)
    thresholds = []
    if sla_clock.warned_at is None and sla_clock.breached_at is None:
        thresholds.append(clock.crossing_instant(calendar, segments, warning_minutes(sla_clock)))
    if sla_clock.breached_at is None:
        thresholds.append(sla_clock.due_at)
    sla_clock.next_check_at = min((t for t in thresholds if t is not None), default=None)


# --- following a ticket -----------------------------------------------------------------------


def follow_ticket(sender, ticket: Ticket, events, **kwargs) -> None:
    """Receiver of `ticket_events_recorded`: move the ticket's clocks along with its changes."""
    followed = [event for event in events if _followed(event)]
    if not followed:
        return
    clocks = TicketClocks(ticket, new=followed[0].kind == EventKind.CREATED)
    if any([_follow(clocks, event) for event in followed]):
        _store_next_due(ticket, clocks.next_due())


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
    return status in policy.pause_statuses


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
    _reschedule(sla_clock, at)  # saves the clock with its due time in one INSERT
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
        _switch(sla_clock, at, counting=not paused, reason=new if paused else "resumed")
        _reschedule(sla_clock, at)
        changed = True
    return changed


def _stop(clocks: TicketClocks, kinds, at: datetime) -> bool:
    stopping = clocks.active(kinds)
    for sla_clock in stopping:
        _close_segment(sla_clock, at)
        sla_clock.status, sla_clock.stopped_at = STOPPED, at
        _reschedule(sla_clock, at)
    return bool(stopping)


def _resume_after_reopen(clocks: TicketClocks, status: str, at: datetime) -> bool:
    """Reopening resumes the resolution clock where it stopped: the time since resolution was a
    pause, the time before it still counts."""
    resolution = clocks.latest(ClockKind.RESOLUTION)
    if resolution is None or resolution.status != STOPPED:
        return False
    _add_segment(resolution, resolution.stopped_at, end=at, counting=False, reason=lifecycle.RESOLVED)
    paused = _paused_in(resolution.policy, status)
    _add_segment(resolution, at, counting=not paused, reason=status if paused else "reopened")
    resolution.status, resolution.stopped_at = (PAUSED if paused else RUNNING), None
    _reschedule(resolution, at)
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
            _switch(sla_clock, at, counting=not paused, reason=ticket.status if paused else "resumed")
        _reschedule(sla_clock, at)
        changed = True
    if changed and previous is not None and previous.pk != policy.pk:
        _record_policy(ticket, previous, policy, at)
    return changed


def _record_policy(ticket: Ticket, old: SlaPolicy | None, new: SlaPolicy, at: datetime) -> None:
    log = EventLog(ticket, None, SYSTEM, at)
    log.field_change("sla_policy", old, new, kind=EventKind.SLA_POLICY)
    log.save()


def _store_next_due(ticket: Ticket, due: datetime | None) -> None:
    """Keep Ticket.sla_due_at, the earliest due time of a running clock, for sorting by urgency."""
    Ticket.objects.filter(pk=ticket.pk).update(sla_due_at=due)
    ticket.sla_due_at = due


# --- the periodic check -----------------------------------------------------------------------


def check_due_clocks(now: datetime | None = None, *, batch: int = CHECK_BATCH) -> int:
    """Warn and breach every clock whose next check has come; returns how many were checked.

    Reads only clocks with next_check_at <= now (an index), a batch per transaction, locked with
    SKIP LOCKED on PostgreSQL so that several workers share the work without doubling it.
    Warnings and reschedules are written for the whole batch at once; each breach goes through
    the ticket services (raise, escalate), in a savepoint of its own.
    """
    now = now or timezone.now()
    checked = 0
    while True:
        with transaction.atomic():
            clocks = list(
                SlaClock.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(next_check_at__lte=now)
                .select_related(
                    "ticket__assignee",
                    "ticket__group",
                    "ticket__organisation",
                    "policy__calendar",
                    "policy__escalation_group",
                )
                .order_by("next_check_at")[:batch]
            )
            _load_segments(clocks)
            _check_batch(clocks, now)
        checked += len(clocks)
        if len(clocks) < batch:
            return checked


def _write_schedules(clocks: list[SlaClock]) -> None:
    """One UPDATE per clock through executemany: Django's bulk_update builds a CASE expression per
    row and field, which costs more than the rest of the check."""
    when = connection.ops.adapt_datetimefield_value
    table = SlaClock._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET warned_at = %s, elapsed_minutes = %s, due_at = %s, next_check_at = %s "  # noqa: S608
            "WHERE id = %s",
            [
                (when(c.warned_at), c.elapsed_minutes, when(c.due_at), when(c.next_check_at), c.pk)
                for c in clocks
            ],
        )


def _load_segments(clocks: list[SlaClock]) -> None:
    by_clock: dict[int, list[SlaSegment]] = {c.pk: [] for c in clocks}
    for row in SlaSegment.objects.filter(clock__in=clocks).order_by("started_at", "id"):
        by_clock[row.clock_id].append(row)
    for sla_clock in clocks:
        sla_clock.loaded_segments = by_clock[sla_clock.pk]


def _check_batch(clocks: list[SlaClock], now: datetime) -> None:
    warned, breached, quiet = [], [], []
    for sla_clock in clocks:
        calendar, segments = business_calendar(sla_clock), segments_of(sla_clock)
        due_at = clock.crossing_instant(calendar, segments, sla_clock.target_minutes)
        if sla_clock.breached_at is None and due_at is not None and due_at <= now:
            sla_clock.breached_at = due_at
            breached.append(sla_clock)
            continue
        warn_at = clock.crossing_instant(calendar, segments, warning_minutes(sla_clock))
        if sla_clock.warned_at is None and warn_at is not None and warn_at <= now:
            sla_clock.warned_at = warn_at
            warned.append(sla_clock)
        else:
            quiet.append(sla_clock)
    _warn_all(warned)
    for sla_clock in warned + quiet:
        _compute_schedule(sla_clock, now)
    _write_schedules(warned + quiet)
    for sla_clock in breached:
        with transaction.atomic():
            _breach(sla_clock)
            # The breach may have changed the ticket and, through it, this clock: read both afresh.
            ticket_clocks = TicketClocks(sla_clock.ticket)
            for fresh in ticket_clocks.clocks:
                if fresh.pk == sla_clock.pk:
                    _reschedule(fresh, now)
            _store_next_due(sla_clock.ticket, ticket_clocks.next_due())


def _describe(sla_clock: SlaClock) -> dict:
    return {
        "clock": sla_clock.kind,
        "cycle": sla_clock.sequence,
        "target_minutes": sla_clock.target_minutes,
        "policy": sla_clock.policy.name,
    }


def _warn_all(clocks: list[SlaClock]) -> None:
    """A warning event on each ticket, and a notification to its assignee (else its group's leads)."""
    logs = []
    for sla_clock in clocks:
        log = EventLog(sla_clock.ticket, None, SYSTEM, sla_clock.warned_at)
        log.add(EventKind.SLA_WARNING, is_public=False, data=_describe(sla_clock))
        logs.append(log)
    EventLog.save_all(logs)
    notifications = []
    for sla_clock in clocks:
        ticket = sla_clock.ticket
        assignee = ticket.assignee if ticket.assignee_id else None
        recipients = [assignee] if assignee and may_see(assignee, ticket) else _leads(ticket.group)
        notifications += prepare(
            recipients,
            kind=Notification.Kind.SLA_WARNING,
            ticket=ticket,
            at=sla_clock.warned_at,
            message=partial(_message, sla_clock, _("SLA warning")),
        )
    Notification.objects.bulk_create(notifications)


def _breach(sla_clock: SlaClock) -> None:
    """Record the breach; while the clock still counts, also raise, escalate and tell the managers."""
    at = sla_clock.breached_at
    SlaClock.objects.filter(pk=sla_clock.pk).update(breached_at=at)
    ticket = sla_clock.ticket
    log = EventLog(ticket, None, SYSTEM, at)
    log.add(EventKind.SLA_BREACHED, is_public=False, data=_describe(sla_clock))
    log.save()
    group = sla_clock.policy.escalation_group
    if sla_clock.status != STOPPED and ticket.is_open:
        ticket = _raise_and_escalate(ticket, group, sla_clock)
    managers = Person.objects.filter(is_service_manager=True, is_active=True)
    notify(
        [*_leads(group or ticket.group), *managers],
        kind=Notification.Kind.SLA_BREACHED,
        ticket=ticket,
        message=lambda: _message(sla_clock, _("SLA breached")),
        at=at,
    )


def _raise_and_escalate(ticket: Ticket, group, sla_clock: SlaClock) -> Ticket:
    ticket = Ticket.objects.get(pk=ticket.pk)
    if ticket.priority != 1:
        ticket = tickets.update_ticket(None, ticket, {"priority": 1}, channel=SYSTEM)
    if group is not None and group.is_active and ticket.group_id != group.pk:
        reason = _("SLA breached: %(clock)s target of %(minutes)d business minutes.") % {
            "clock": ClockKind(sla_clock.kind).label,
            "minutes": sla_clock.target_minutes,
        }
        if group.tier > ticket.tier:
            ticket = tickets.escalate_ticket(None, ticket, group=group, reason=reason, channel=SYSTEM)
        else:
            ticket = tickets.update_ticket(None, ticket, {"group": group, "assignee": None}, channel=SYSTEM)
    return ticket


def _leads(group) -> list:
    return list(group.leads.filter(is_active=True)) if group is not None else []


def _message(sla_clock: SlaClock, headline: str) -> tuple[str, str]:
    ticket = sla_clock.ticket
    subject = f"{headline}: {ticket.reference} {ticket.subject}"
    body = _(
        "%(clock)s target: %(minutes)d business minutes (policy “%(policy)s”). Ticket %(reference)s of "
        "%(organisation)s."
    ) % {
        "clock": ClockKind(sla_clock.kind).label,
        "minutes": sla_clock.target_minutes,
        "policy": sla_clock.policy.name,
        "reference": ticket.reference,
        "organisation": ticket.organisation.name,
    }
    return subject, body
