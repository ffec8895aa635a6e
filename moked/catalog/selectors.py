"""Reading services and categories, scoped to the organisations a person may see."""

from django.db.models import Q, QuerySet

from moked.people.access import organisation_filter, served_organisation_ids

from .models import Category, Service


def visible_services(person) -> QuerySet[Service]:
    if not person.is_active:
        return Service.objects.none()
    return Service.objects.select_related("organisation").filter(organisation_filter(person))


def visible_categories(person) -> QuerySet[Category]:
    """Global categories and those of the organisations `person` may see."""
    if not person.is_active:
        return Category.objects.none()
    categories = Category.objects.select_related("parent", "organisation")
    ids = served_organisation_ids(person)
    if ids is None:
        return categories
    return categories.filter(Q(organisation__isnull=True) | Q(organisation_id__in=ids))
