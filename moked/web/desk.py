"""The agent workspace's views of tickets: named lists, scoped to what the agent may see."""

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moked.tickets import lifecycle
from moked.tickets.selectors import ticket_list

VIEWS = {
    "mine": _("My open tickets"),
    "unassigned": _("Unassigned in my groups"),
    "breaching": _("Breaching soon"),
    "waiting": _("Waiting on the customer"),
    "all": _("All open tickets"),
}
PAGE = 50
SORTS = {
    "number": "id",
    "priority": "priority",
    "status": "status",
    "due": "sla_due_at",
    "updated": "updated_at",
}


def ordered(tickets: QuerySet, sort: str) -> QuerySet:
    """Tickets in the order asked for (`priority`, `-due`...); unknown orders are ignored."""
    field = SORTS.get(sort.removeprefix("-"))
    if field is None:
        return tickets
    return tickets.order_by(f"-{field}" if sort.startswith("-") else field, "id")


def view_tickets(person, name: str, q: str = "") -> QuerySet:
    """The tickets of one named view (those matching `q`, when given), in the order that view
    reads best."""
    tickets = ticket_list(person, q=q).filter(status__in=lifecycle.OPEN_STATUSES)
    if name == "mine":
        return tickets.filter(assignee=person).order_by("sla_due_at", "-id")
    if name == "unassigned":  # in my groups, or not routed to any group yet
        groups = person.support_groups.values("pk")
        return tickets.filter(Q(group__in=groups) | Q(group__isnull=True), assignee__isnull=True).order_by(
            "priority", "id"
        )
    if name == "breaching":
        soon = timezone.now() + timezone.timedelta(hours=4)
        return tickets.filter(sla_due_at__lte=soon).order_by("sla_due_at", "id")
    if name == "waiting":
        return tickets.filter(status=lifecycle.PENDING_CUSTOMER).order_by("updated_at", "id")
    return tickets.order_by("-id")


def counted_views(person) -> list[tuple[str, str, int]]:
    """Each view's name, label and number of tickets."""
    return [(name, label, view_tickets(person, name).count()) for name, label in VIEWS.items()]


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
