"""What rule conditions test: a ticket, its requester and organisation, and the change that
triggered the rules, as the flat facts of automation.conditions; with the facts other apps
registered (moked.automation.registry)."""

from collections.abc import Mapping
from functools import partial

from django.utils import timezone

from moked.businesstime import business_days
from moked.businesstime.organisation_hours import organisation_calendar
from moked.tickets.models import EventKind, Ticket, TicketEvent

from . import registry

STATUS_EVENT = EventKind.STATUS_CHANGED


class Facts(Mapping):
    """Facts computed when a condition first asks for them: most rules never test the business
    hours or the tags, and each of those costs a query."""

    def __init__(self, values: dict, lazy: dict):
        self._values, self._lazy = values, lazy

    def __getitem__(self, key):
        if key not in self._values:
            if key not in self._lazy:
                raise KeyError(key)
            self._values[key] = self._lazy.pop(key)()
        return self._values[key]

    def __iter__(self):
        return iter([*self._values, *self._lazy])

    def __len__(self) -> int:
        return len(self._values) + len(self._lazy)


def ticket_facts(ticket: Ticket, *, events=(), comment=None, at=None) -> Facts:
    """The facts of `ticket` now; `events` (of the triggering change) say what changed, from what."""
    requester, organisation, service = ticket.requester, ticket.organisation, ticket.service
    comment_text = comment.body if comment is not None else ""
    changed, previous = set(), {}
    for event in events:
        if event.field:
            changed.add(event.field)
            previous.setdefault(event.field, _value(event.old_value))
    now = at or timezone.now()
    values = {
        "ticket_type": ticket.ticket_type,
        "status": ticket.status,
        "priority": ticket.priority,
        "impact": ticket.impact,
        "urgency": ticket.urgency,
        "tier": ticket.tier,
        "channel": ticket.channel,
        "group": ticket.group_id,
        "assignee": ticket.assignee_id,
        "service": ticket.service_id,
        "service_criticality": service.criticality if service else None,
        "service_model": service.service_model if service else None,
        "category": ticket.category_id,
        "subject": ticket.subject,
        "description": ticket.description,
        "comment": comment_text,
        "text": "\n".join(part for part in (ticket.subject, ticket.description, comment_text) if part),
        "reopen_count": ticket.reopen_count,
        "escalation_count": ticket.escalation_count,
        "language": requester.language or organisation.language,
        "organisation": organisation.code,
        "organisation_country": organisation.country,
        "organisation_tags": list(organisation.tags),
        "requester_email": requester.email,
        "requester_domain": requester.email.rpartition("@")[2].lower(),
        "requester_role": requester.role,
        "requester_language": requester.language,
        "changed": changed,
        "previous": previous,
    }
    lazy = {
        "tags": lambda: sorted(ticket.tag_links.values_list("name", flat=True)),
        "business_hours": lambda: business_days.is_open(organisation_calendar(organisation), now),
        "minutes_in_status": lambda: (now - status_since(ticket)).total_seconds() / 60,
    }
    for fact in registry.registered_facts():
        lazy[fact.name] = partial(fact.value, ticket, now)
    return Facts(values, lazy)


def _value(stored: str):
    """Event values are stored as text; numbers and ids compare as numbers."""
    return int(stored) if stored.isdigit() else (stored or None)


def status_since(ticket: Ticket):
    """When the ticket entered its current status (its creation, if it never changed)."""
    last = (
        TicketEvent.objects.filter(ticket=ticket, kind=STATUS_EVENT)
        .order_by("-at", "-id")
        .values_list("at", flat=True)
        .first()
    )
    return last or ticket.created_at
