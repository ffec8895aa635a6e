"""The agent workspace's views of tickets: named lists, scoped to what the agent may see."""

import datetime as dt

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moked.people.access import served_organisation_ids
from moked.tickets import lifecycle, search
from moked.tickets.selectors import only_open, ticket_list
from moked.workspace.lists import SORTS, VIEWS

PAGE = 50
# A view holding more tickets shows "999+": the counts of every view are on every page of the
# workspace and refresh every 30 seconds, and counting further would read every open ticket each time.
COUNT_CAP = 999
SOON = timezone.timedelta(hours=4)
# The counts' SQL, compiled once per person and scope (see _counts_query).
_COUNTS_QUERIES: dict[tuple, tuple[str, list, list[int]]] = {}
_COUNTS_QUERIES_KEPT = 1000
_COMPILED_AT = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def ordered(tickets: QuerySet, sort: str) -> QuerySet:
    """Tickets in the order asked for (`priority`, `-due`...); unknown orders are ignored.

    Ties go by number in the same direction, so that one index over open tickets (Ticket.Meta)
    serves each order both ways. A ticket without an SLA due time is never due: last going up,
    first going down, on either database (SQLite alone would put it first going up).
    """
    field = SORTS.get(sort.removeprefix("-"))
    if field is None:
        return tickets
    descending = sort.startswith("-")
    if descending:
        key = F(field).desc(nulls_first=True) if field == "sla_due_at" else F(field).desc()
    else:
        key = F(field).asc(nulls_last=True) if field == "sla_due_at" else F(field).asc()
    return tickets.order_by(key, "-id" if descending else "id")


def view_tickets(person, name: str, q: str = "", *, now=None) -> QuerySet:
    """The tickets of one named view (those matching `q`, when given), in the order that view
    reads best. `now`: the moment "breaching soon" counts from (the present by default)."""
    if name == "waiting":
        # Its one status alone: beside the open statuses, SQLite read the (organisation, status)
        # index through every status of that list before this one (a count grew with N).
        tickets = ticket_list(person).filter(status=lifecycle.PENDING_CUSTOMER)
    else:
        tickets = only_open(ticket_list(person))
    if q.strip():
        tickets = search.matching(tickets, q, open_only=True)
    if name == "mine":
        return ordered(tickets.filter(assignee=person), "due")
    if name == "unassigned":  # in my groups, or not routed to any group yet
        groups = person.support_groups.values("pk")
        return tickets.filter(Q(group__in=groups) | Q(group__isnull=True), assignee__isnull=True).order_by(
            "priority", "id"
        )
    if name == "breaching":  # no ticket without a due time is here: the plain order reads the index
        soon = (now or timezone.now()) + SOON
        return tickets.filter(sla_due_at__lte=soon).order_by("sla_due_at", "id")
    if name == "waiting":
        return tickets.order_by("updated_at", "id")
    return tickets.order_by("-id")


def _counts_query(person) -> tuple[str, list, list[int]]:
    """The SQL counting every view for `person`, its parameters, and the positions among them of
    the moment "breaching soon" counts to (the only one that changes from one request to the next).

    Building and compiling the five querysets cost about 2.5 ms of Django a page, on every page of
    the workspace; the SQL depends only on what the key holds (the groups are a subquery), so it is
    compiled once per person and scope, with a fixed moment whose place is then filled in."""
    key = (
        connection.alias,
        person.pk,
        person.role,
        person.is_active,
        served_organisation_ids(person),
        COUNT_CAP,
    )
    cached = _COUNTS_QUERIES.get(key)
    if cached is not None:
        return cached
    counts, params = [], []
    for name in VIEWS:
        capped = view_tickets(person, name, now=_COMPILED_AT).order_by().values("pk")[: COUNT_CAP + 1]
        try:
            sql, view_params = capped.query.sql_with_params()
        except EmptyResultSet:  # the view can hold nothing (an agent who serves no organisation)
            counts.append("0")
            continue
        # Django's own SQL for the view, its values as parameters; names from VIEWS.
        counts.append(f"(SELECT COUNT(*) FROM ({sql}) AS {name}_view)")  # noqa: S608
        params.extend(view_params)
    marker = _due_value(_COMPILED_AT + SOON)
    moments = [position for position, value in enumerate(params) if value == marker]
    if len(_COUNTS_QUERIES) >= _COUNTS_QUERIES_KEPT:
        _COUNTS_QUERIES.clear()
    _COUNTS_QUERIES[key] = cached = (f"SELECT {', '.join(counts)}", params, moments)
    return cached


def _due_value(moment):
    """`moment` as the database receives it in a comparison with the SLA due time."""
    from moked.tickets.models import Ticket

    return Ticket._meta.get_field("sla_due_at").get_db_prep_value(moment, connection)


def counted_views(person) -> list[tuple[str, str, int | str]]:
    """Each view's name, label and number of tickets, or "999+" past COUNT_CAP (the template's
    `number` filter writes either in the reader's digits). One query for all the views."""
    sql, params, moments = _counts_query(person)
    params = list(params)
    soon = _due_value(timezone.now() + SOON)
    for position in moments:
        params[position] = soon
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        numbers = cursor.fetchone()
    return [
        (name, label, f"{COUNT_CAP}+" if count > COUNT_CAP else count)
        for (name, label), count in zip(VIEWS.items(), numbers, strict=True)
    ]


CLOCK_STATES = {
    "running": _("running"),
    "paused": _("paused"),
    "met": _("met"),
    "breached": _("breached"),
}
TIMELINE_KINDS = {"counted": _("counted"), "out_of_hours": _("out of business hours"), "paused": _("paused")}


def sla_clocks(ticket) -> list[dict]:
    """The ticket's SLA clocks as the ticket page shows them, with labels for people."""
    from moked.sla.models import ClockKind
    from moked.sla.selectors import clock_view, ticket_clocks
    from moked.tickets.models import Status

    now = timezone.now()
    statuses = dict(Status.choices)
    shown = []
    for sla_clock in ticket_clocks(ticket):
        view = clock_view(sla_clock, now)
        view["label"] = ClockKind(view["kind"]).label
        view["state_label"] = CLOCK_STATES.get(view["state"], view["state"])
        if view["state"] == "running" and view["remaining_minutes"] == 0:
            view["state"], view["state_label"] = "breached", _("overdue")  # before the check records it
        elif view["state"] == "running" and (
            view["warned_at"]
            or view["elapsed_minutes"] >= view["target_minutes"] * sla_clock.policy.warning_percent / 100
        ):
            view["state"], view["state_label"] = "soon", _("due soon")  # past the policy's warning share
        view["parts"] = [
            {
                "start": part.start,
                "end": part.end,
                "kind": part.kind,
                "label": TIMELINE_KINDS.get(part.kind, part.kind),
                "reason": statuses.get(part.reason, part.reason),
                "minutes": part.business_minutes,
            }
            for part in view["timeline"]
        ]
        shown.append(view)
    return shown
