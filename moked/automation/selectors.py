"""Reading automation configuration, scoped to what the acting person may see: the provider's
staff see provider-wide records and those of the organisations they serve; clients see none."""

import rules
from django.db.models import Count, IntegerField, Max, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from moked.people.access import organisation_filter, served_organisation_ids
from moked.tickets.models import EventKind, TicketEvent

from .models import AutoClosePolicy, EmailTemplate, Macro, Rule


def _scoped(queryset: QuerySet, person) -> QuerySet:
    if not rules.has_perm("automation.view_configuration", person):
        return queryset.none()
    ids = served_organisation_ids(person)
    if ids is None:
        return queryset
    return queryset.filter(Q(organisation__isnull=True) | Q(organisation_id__in=ids))


def visible_rules(person) -> QuerySet[Rule]:
    return _scoped(Rule.objects.select_related("organisation"), person)


def visible_email_templates(person) -> QuerySet[EmailTemplate]:
    return _scoped(EmailTemplate.objects.select_related("organisation"), person)


def visible_macros(person) -> QuerySet[Macro]:
    return _scoped(Macro.objects.select_related("organisation"), person)


def macros_for_ticket(person, ticket) -> QuerySet[Macro]:
    """The active macros an agent can apply to this ticket."""
    return (
        visible_macros(person)
        .filter(is_active=True)
        .filter(Q(organisation__isnull=True) | Q(organisation_id=ticket.organisation_id))
    )


def visible_auto_close_policies(person) -> QuerySet[AutoClosePolicy]:
    return _scoped(AutoClosePolicy.objects.select_related("organisation"), person)


def rule_firing_counts(person) -> dict[int, dict]:
    """How often each rule has fired on the tickets `person` may see, by rule id: `times`,
    `failed` (its actions raised and were rolled back) and `last` (when it last fired), read from
    the events rules record on tickets, in one query."""
    if not rules.has_perm("automation.view_configuration", person):
        return {}
    rule_id = Cast(KeyTextTransform("rule", "data"), IntegerField())
    counted = (
        TicketEvent.objects.filter(kind=EventKind.RULE_APPLIED)
        .filter(organisation_filter(person, "ticket__organisation_id"))
        .annotate(rule_id=rule_id)
        .values("rule_id")
        .annotate(times=Count("id"), failed=Count("id", filter=~Q(data__error="")), last=Max("at"))
        .order_by()
    )
    return {row["rule_id"]: row for row in counted}
