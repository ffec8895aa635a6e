"""Reading SLA configuration and clocks, scoped to what the acting person may see."""

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet

from moked.businesstime import calendars
from moked.businesstime.models import Calendar
from moked.people.access import served_organisation_ids
from moked.people.models import Role

from . import clock
from .models import SlaClock, SlaPolicy, SlaSegment


def _organisation_scope(person) -> Q | None:
    """Provider-wide policies and those of the person's organisations; None: no limit (admins)."""
    if not person.is_active or person.role == Role.END_USER:
        return Q(pk__in=[])
    ids = served_organisation_ids(person)
    if ids is None:
        return None
    return Q(organisation__isnull=True) | Q(organisation_id__in=ids)


def visible_policies(person) -> QuerySet[SlaPolicy]:
    policies = SlaPolicy.objects.select_related("organisation", "service", "calendar", "escalation_group")
    if not (person.is_active and person.is_staff_member):  # the provider's contracts, for its staff
        return policies.none()
    scope = _organisation_scope(person)
    return policies if scope is None else policies.filter(scope)


def policy_for(ticket) -> SlaPolicy | None:
    """The most specific active policy matching the ticket: the organisation's own before the
    provider's defaults, then service, ticket type and priority matches; None when none applies."""
    candidates = [
        policy
        for policy in active_policies()
        if policy.organisation_id in (None, ticket.organisation_id)
        and policy.service_id in (None, ticket.service_id)
        and policy.ticket_type in ("", ticket.ticket_type)
        and policy.priority in (None, ticket.priority)
    ]
    return max(candidates, key=_specificity, default=None)


_policies: dict = {"version": None, "policies": []}


def active_policies() -> list[SlaPolicy]:
    """Every active policy with its calendar, read again only when a policy or calendar has changed
    (two cheap aggregate queries tell), since every new ticket asks."""
    version = _configuration_version()
    if version != _policies["version"]:
        _policies["policies"] = list(SlaPolicy.objects.filter(is_active=True).select_related("calendar"))
        _policies["version"] = version
    return _policies["policies"]


def _configuration_version() -> tuple:
    """Changes whenever a policy or calendar is added, edited or deleted; one plain statement, as
    the ORM's two aggregates cost more to build than to run."""
    policies, calendars = SlaPolicy._meta.db_table, Calendar._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            # only table names from the models go into the statement
            f"SELECT (SELECT MAX(updated_at) FROM {policies}), (SELECT MAX(id) FROM {policies}),"  # noqa: S608
            f" (SELECT COUNT(*) FROM {policies}), (SELECT MAX(updated_at) FROM {calendars}),"
            f" (SELECT MAX(id) FROM {calendars})"
        )
        return cursor.fetchone()


def _specificity(policy: SlaPolicy) -> tuple:
    return (
        policy.organisation_id is not None,
        policy.service_id is not None,
        bool(policy.ticket_type),
        policy.priority is not None,
        -policy.pk,  # among equals, the oldest
    )


def ticket_clocks(ticket) -> QuerySet[SlaClock]:
    """A ticket's clocks (the caller has already checked that the ticket may be seen)."""
    segments = SlaSegment.objects.order_by("started_at", "id")
    return (
        SlaClock.objects.filter(ticket=ticket)
        .select_related("policy__calendar")
        .prefetch_related(Prefetch("segments", queryset=segments, to_attr="loaded_segments"))
        .order_by("kind", "sequence")
    )


def business_calendar(sla_clock: SlaClock):
    """The calendar a clock counts on: its policy's, or 24x7 in the same time zone."""
    return calendars.business_calendar(sla_clock.policy.calendar, always_open=sla_clock.always_open)


def segment_rows(sla_clock: SlaClock) -> list[SlaSegment]:
    """The clock's segments in order, read once and kept on the clock (the engine appends to them)."""
    rows = getattr(sla_clock, "loaded_segments", None)
    if rows is None:
        rows = sla_clock.loaded_segments = list(sla_clock.segments.order_by("started_at", "id"))
    return rows


def load_segments(clocks: list[SlaClock]) -> None:
    """The segments of many clocks in one query, kept on each clock as segment_rows keeps them."""
    by_clock: dict[int, list[SlaSegment]] = {c.pk: [] for c in clocks}
    for row in SlaSegment.objects.filter(clock__in=clocks).order_by("started_at", "id"):
        by_clock[row.clock_id].append(row)
    for sla_clock in clocks:
        sla_clock.loaded_segments = by_clock[sla_clock.pk]


def segments_of(sla_clock: SlaClock) -> list[clock.Segment]:
    return [
        clock.Segment(row.started_at, row.ended_at, row.counting, row.reason)
        for row in segment_rows(sla_clock)
    ]


def clock_view(sla_clock: SlaClock, now) -> dict:
    """A clock as people read it: state, target, elapsed and remaining business minutes, due
    time and the timeline of what counted, what was out of hours and what was paused."""
    calendar = business_calendar(sla_clock)
    segments = segments_of(sla_clock)
    until = sla_clock.stopped_at or now
    elapsed = clock.elapsed_minutes(calendar, segments, until)
    return {
        "kind": sla_clock.kind,
        "sequence": sla_clock.sequence,
        "state": sla_clock.state,
        "counting": sla_clock.status == SlaClock.Status.RUNNING,
        "policy": sla_clock.policy,
        "calendar": "24x7" if sla_clock.always_open else sla_clock.policy.calendar.name,
        "target_minutes": sla_clock.target_minutes,
        "elapsed_minutes": round(elapsed, 2),
        "remaining_minutes": round(max(0.0, sla_clock.target_minutes - elapsed), 2),
        "started_at": sla_clock.started_at,
        "due_at": sla_clock.due_at,
        "warned_at": sla_clock.warned_at,
        "breached_at": sla_clock.breached_at,
        "stopped_at": sla_clock.stopped_at,
        "timeline": clock.timeline(calendar, segments, until),
    }
