"""A ticket's clocks as the engine moves them: loaded once per change, their segments opened and
closed, and what follows from the segments (elapsed time, due time, next check) worked out again."""

from datetime import datetime

from moked.tickets.models import Ticket

from .. import clock
from ..models import SlaClock, SlaSegment
from ..selectors import business_calendar, segment_rows, segments_of

RUNNING, PAUSED, STOPPED = SlaClock.Status.RUNNING, SlaClock.Status.PAUSED, SlaClock.Status.STOPPED


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


def warning_minutes(sla_clock: SlaClock) -> float:
    return sla_clock.target_minutes * sla_clock.policy.warning_percent / 100


def close_segment(sla_clock: SlaClock, at: datetime) -> None:
    for row in segment_rows(sla_clock):
        if row.ended_at is None:
            row.ended_at = at
            row.save(update_fields=["ended_at"])


def add_segment(sla_clock: SlaClock, start: datetime, *, counting: bool, reason: str, end=None) -> None:
    segment_rows(sla_clock).append(
        SlaSegment.objects.create(
            clock=sla_clock, started_at=start, ended_at=end, counting=counting, reason=reason
        )
    )


def switch(sla_clock: SlaClock, at: datetime, *, counting: bool, reason: str) -> None:
    close_segment(sla_clock, at)
    add_segment(sla_clock, at, counting=counting, reason=reason)
    sla_clock.status = RUNNING if counting else PAUSED


def reschedule(sla_clock: SlaClock, at: datetime) -> None:
    """Recompute what follows from the segments (elapsed time, due time, next check) and save."""
    compute_schedule(sla_clock, at)
    sla_clock.save()


def compute_schedule(sla_clock: SlaClock, at: datetime) -> None:
    calendar, segments = business_calendar(sla_clock), segments_of(sla_clock)
    sla_clock.elapsed_minutes = clock.elapsed_minutes(calendar, segments, sla_clock.stopped_at or at)
    sla_clock.due_at = clock.crossing_instant(calendar, segments, sla_clock.target_minutes)
    thresholds = []
    if sla_clock.warned_at is None and sla_clock.breached_at is None:
        thresholds.append(clock.crossing_instant(calendar, segments, warning_minutes(sla_clock)))
    if sla_clock.breached_at is None:
        thresholds.append(sla_clock.due_at)
    sla_clock.next_check_at = min((t for t in thresholds if t is not None), default=None)


def store_next_due(ticket: Ticket, due: datetime | None) -> None:
    """Keep Ticket.sla_due_at, the earliest due time of a running clock, for sorting by urgency."""
    Ticket.objects.filter(pk=ticket.pk).update(sla_due_at=due)
    ticket.sla_due_at = due
