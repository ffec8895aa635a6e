"""Reading fulfilment, scoped to what the person may see: a request's tasks for whoever may see
the request (its requester follows them in the portal), its action runs for the staff who work it
(account and group names are the provider's business), connectors for admins."""

import rules
from django.db.models import QuerySet

from moked.people.access import organisation_filter
from moked.people.models import Person
from moked.tickets.models import Ticket

from .models import ActionRun, Connector, Task


def tasks_of(person: Person, ticket: Ticket) -> QuerySet[Task]:
    tasks = Task.objects.filter(ticket=ticket).select_related("group", "done_by", "assignee")
    return tasks if rules.has_perm("tickets.view_ticket", person, ticket) else tasks.none()


def action_runs_of(person: Person, ticket: Ticket) -> QuerySet[ActionRun]:
    runs = ActionRun.objects.filter(ticket=ticket).select_related("connector", "target", "actor")
    return runs if rules.has_perm("tickets.work_ticket", person, ticket) else runs.none()


def tasks_for(person: Person) -> QuerySet[Task]:
    """The open tasks of the groups `person` belongs to, on tickets of the organisations they serve."""
    if not person.is_active or not person.is_staff_member:
        return Task.objects.none()
    return (
        Task.objects.filter(
            status=Task.Status.OPEN,
            group__in=person.support_groups.all(),
        )
        .filter(organisation_filter(person, "ticket__organisation_id"))
        .select_related("ticket", "group")
        .order_by("opened_at", "pk")
    )


def visible_tasks(person: Person) -> QuerySet[Task]:
    """Every task `person` may work (the staff, on the organisations they serve), for lookups."""
    if not person.is_active or not person.is_staff_member:
        return Task.objects.none()
    tasks = Task.objects.filter(organisation_filter(person, "ticket__organisation_id"))
    return tasks.select_related("ticket")


def visible_runs(person: Person) -> QuerySet[ActionRun]:
    if not person.is_active or not person.is_staff_member:
        return ActionRun.objects.none()
    return ActionRun.objects.filter(organisation_filter(person, "ticket__organisation_id")).select_related(
        "ticket", "connector"
    )


def visible_connectors(person: Person) -> QuerySet[Connector]:
    connectors = Connector.objects.select_related("organisation")
    return connectors if rules.has_perm("fulfilment.configure", person) else connectors.none()
