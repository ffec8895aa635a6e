"""Reading saved views and applying ticket filters, for the person looking."""

from datetime import timedelta

import rules
from django.db.models import Q, QuerySet
from django.utils import timezone

from moked.people.models import Person
from moked.people.selectors import visible_organisations
from moked.tickets.models import Channel, Status, TicketType

from . import filters
from .models import SavedView


def filter_choices() -> filters.Choices:
    return filters.Choices(
        statuses=frozenset(Status.values),
        types=frozenset(TicketType.values),
        channels=frozenset(Channel.values),
    )


def saved_views_for(person: Person) -> QuerySet[SavedView]:
    """The views `person` saved and those shared with a group they belong to or lead."""
    if not rules.has_perm("workspace.keep_views", person):
        return SavedView.objects.none()
    groups = Q(shared_with__members=person) | Q(shared_with__leads=person)
    return (
        SavedView.objects.filter(Q(owner=person) | groups).distinct().select_related("owner", "shared_with")
    )


def organisation_named(person: Person, value: str, known=None) -> int | None:
    """The id of the organisation `person` may see that a filter names by id or by code; None if
    there is none. `known`: (id, code) pairs of the organisations `person` may see, when the caller
    has them already (no query then)."""
    value = str(value or "")
    if not value:
        return None
    if known is None:
        known = visible_organisations(person).values_list("pk", "code")
    known = list(known)
    by_id = {str(pk): pk for pk, _ in known}
    by_code = {code.upper(): pk for pk, code in known}
    return by_id.get(value) or by_code.get(value.upper())


def apply_filter(
    person: Person, tickets: QuerySet, ticket_filter: filters.TicketFilter, *, organisation_id=None
) -> QuerySet:
    """`tickets` narrowed by the filter; "me" is `person`. Narrowing only: it never widens what
    the person may see, since it applies to a queryset already scoped to them.

    An organisation named by the filter that `person` may not see matches nothing; the caller
    that has looked it up already (organisation_named) gives its id as `organisation_id`.
    """
    f = ticket_filter
    if f.statuses:
        tickets = tickets.filter(status__in=f.statuses)
    if f.priorities:
        tickets = tickets.filter(priority__in=f.priorities)
    if f.types:
        tickets = tickets.filter(ticket_type__in=f.types)
    if f.channels:
        tickets = tickets.filter(channel__in=f.channels)
    if f.assignee == filters.ME:
        tickets = tickets.filter(assignee=person)
    elif f.assignee == filters.NOBODY:
        tickets = tickets.filter(assignee__isnull=True)
    elif f.assignee:
        tickets = tickets.filter(assignee_id=int(f.assignee))
    if f.group == filters.NOBODY:
        tickets = tickets.filter(group__isnull=True)
    elif f.group:
        tickets = tickets.filter(group_id=int(f.group))
    if f.organisation:
        # By id, not through a join on the code: the indexes that start with the organisation apply.
        if organisation_id is None:
            organisation_id = organisation_named(person, f.organisation)
        tickets = tickets.filter(organisation_id=organisation_id) if organisation_id else tickets.none()
    if f.tag:
        tickets = tickets.filter(tag_links__name=f.tag)
    if f.due_within_hours is not None:
        tickets = tickets.filter(sla_due_at__lte=timezone.now() + timedelta(hours=f.due_within_hours))
    return tickets
