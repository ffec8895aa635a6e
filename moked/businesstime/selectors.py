"""Reading business calendars, scoped to what the acting person may see."""

from django.db.models import Q, QuerySet

from moked.people.access import served_organisation_ids
from moked.people.models import Role

from .models import Calendar


def _organisation_scope(person) -> Q | None:
    """Provider-wide calendars and those of the person's organisations; None: no limit (admins)."""
    if not person.is_active or person.role == Role.END_USER:
        return Q(pk__in=[])
    ids = served_organisation_ids(person)
    if ids is None:
        return None
    return Q(organisation__isnull=True) | Q(organisation_id__in=ids)


def visible_calendars(person) -> QuerySet[Calendar]:
    calendars = Calendar.objects.select_related("organisation").prefetch_related("exceptions")
    scope = _organisation_scope(person)
    return calendars if scope is None else calendars.filter(scope)
