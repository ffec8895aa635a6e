"""Which organisations a person may see: the one rule every selector builds on."""

from django.db.models import Q

from .models import Person, Role


def served_organisation_ids(person: Person) -> frozenset[int] | None:
    """Ids of the organisations whose data `person` may see; None means every organisation (admins).

    Client people see their own organisation only (end users see only part of it: selectors
    narrow further). Agents and team leads see the organisations they serve. Cached on `person`
    for the length of a request.
    """
    if not person.is_active:
        return frozenset()
    if person.role == Role.ADMIN:
        return None
    cached = getattr(person, "_served_organisation_ids", None)
    if cached is None:
        if person.is_client:
            cached = frozenset({person.organisation_id})
        else:
            cached = frozenset(person.organisations.values_list("id", flat=True))
        person._served_organisation_ids = cached
    return cached


def organisation_filter(person: Person, field: str = "organisation_id") -> Q:
    """A Q limiting rows whose `field` is an organisation id to those `person` may see."""
    ids = served_organisation_ids(person)
    if ids is None:
        return Q()
    return Q(**{f"{field}__in": ids})


def can_see_organisation(person: Person, organisation_id: int) -> bool:
    ids = served_organisation_ids(person)
    return ids is None or organisation_id in ids
