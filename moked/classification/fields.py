"""The fields classification predicts: how each is read from a ticket as a label, and how a
label becomes a value that fits a ticket of a given organisation again.

Labels are text, as the models keep them: the code of a type, the number of an impact or
urgency level, the id of a category, service or group. A label that no longer fits (a category
deactivated since training, another organisation's service) gives no value: no suggestion.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from moked.catalog.models import Category, Service
from moked.people.models import SupportGroup
from moked.tickets.models import ENABLED_TYPES, Level, Ticket, TicketType

from . import process_cache
from .models import PredictedField

FIELDS: tuple[str, ...] = tuple(PredictedField.values)
RELATION_FIELDS = frozenset({"category", "service", "group"})
# Fields an agent can change after the ticket is opened (a ticket's type fixes its number).
CHANGEABLE_FIELDS = frozenset(FIELDS) - {"ticket_type"}
# Fields the provider-wide model learns: their labels mean the same for every organisation.
# A service is always one organisation's; a category may be, and then is left out.
PROVIDER_WIDE_FIELDS = frozenset({"ticket_type", "category", "group", "impact", "urgency"})


def label_of(ticket: Ticket, field: str) -> str:
    """The ticket's value of `field` as a label ("" when it has none)."""
    if field in RELATION_FIELDS:
        value = getattr(ticket, f"{field}_id")
        return str(value) if value else ""
    value = getattr(ticket, field)
    return str(value) if value not in (None, "") else ""


def labels_of_values(field: str, values: dict) -> str:
    """A label from a row of `values(...)` (relation fields as `<field>_id`)."""
    value = values[f"{field}_id"] if field in RELATION_FIELDS else values[field]
    return str(value) if value not in (None, "") else ""


def values_for(field: str, labels: Iterable[str], organisation_id: int) -> dict[str, object]:
    """The values of the `labels` that fit a ticket of the organisation now, by label."""
    wanted = {label for label in labels if label}
    if not wanted:
        return {}
    if field == "ticket_type":
        return {label: TicketType(label) for label in wanted if label in ENABLED_TYPES}
    if field in ("impact", "urgency"):
        return {label: int(label) for label in wanted if label.isdigit() and int(label) in Level.values}
    ids = [int(label) for label in wanted if label.isdigit()]
    if field == "category":
        found = Category.objects.filter(pk__in=ids, is_active=True)
        return {str(item.pk): item for item in found if item.is_usable_by(organisation_id)}
    if field == "service":
        services = Service.objects.filter(pk__in=ids, is_active=True, organisation_id=organisation_id)
        return {str(item.pk): item for item in services}
    if field == "group":
        return {str(item.pk): item for item in SupportGroup.objects.filter(pk__in=ids, is_active=True)}
    raise ValueError(f"not a predicted field: {field}")


def fitting_labels(field: str, organisation_id: int) -> frozenset[str]:
    """Every label that fits a ticket of the organisation, as this process last read them
    (`process_cache`): to choose among a model's likeliest labels without a query per ticket."""
    return process_cache.remembered(
        ("labels", field, organisation_id), lambda: _read_fitting(field, organisation_id)
    )


def _read_fitting(field: str, organisation_id: int) -> frozenset[str]:
    if field == "ticket_type":
        return frozenset(str(value) for value in ENABLED_TYPES)
    if field in ("impact", "urgency"):
        return frozenset(str(value) for value in Level.values)
    if field == "category":
        found = Category.objects.filter(is_active=True).filter(
            Q(organisation__isnull=True) | Q(organisation_id=organisation_id)
        )
    elif field == "service":
        found = Service.objects.filter(is_active=True, organisation_id=organisation_id)
    elif field == "group":
        found = SupportGroup.objects.filter(is_active=True)
    else:
        raise ValueError(f"not a predicted field: {field}")
    return frozenset(str(pk) for pk in found.values_list("pk", flat=True))


def shown(field: str, value: object) -> str:
    """The value as people read it (the level's or type's name, the record's own)."""
    if field == "ticket_type":
        return str(TicketType(value).label)
    if field in ("impact", "urgency"):
        return str(Level(value).label)
    return str(value)


def provider_wide_label(field: str, values: dict, shared_categories: frozenset[int]) -> str:
    """The label the provider-wide model learns from a row, "" for values that are one
    organisation's own (its categories)."""
    label = labels_of_values(field, values)
    if field == "category" and label and int(label) not in shared_categories:
        return ""
    return label
