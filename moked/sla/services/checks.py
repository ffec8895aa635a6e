"""The periodic check (`check_due_clocks`, run by the worker every minute): it reads only the
clocks whose next check is due and records warnings and breaches; a breach raises the ticket to P1,
escalates it to the policy's group and notifies the team leads and service managers.
"""

from datetime import datetime
from functools import partial

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moked.notifications.models import Notification
from moked.notifications.services import may_see, notify, prepare
from moked.people.models import Person
from moked.tickets import services as tickets
from moked.tickets.events import EventLog
from moked.tickets.models import EventChannel, EventKind, Ticket

from .. import clock
from ..models import ClockKind, SlaClock
from ..selectors import business_calendar, load_segments, segments_of
from .ticket_clocks import (
    STOPPED,
    TicketClocks,
    compute_schedule,
    reschedule,
    store_next_due,
    warning_minutes,
)

SYSTEM = EventChannel.SYSTEM
CHECK_BATCH = 500


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
            load_segments(clocks)
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
        compute_schedule(sla_clock, now)
    _write_schedules(warned + quiet)
    for sla_clock in breached:
        with transaction.atomic():
            _breach(sla_clock)
            # The breach may have changed the ticket and, through it, this clock: read both afresh.
            ticket_clocks = TicketClocks(sla_clock.ticket)
            for fresh in ticket_clocks.clocks:
                if fresh.pk == sla_clock.pk:
                    reschedule(fresh, now)
            store_next_due(sla_clock.ticket, ticket_clocks.next_due())


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
