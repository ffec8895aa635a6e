"""Reading organisations: a person sees the organisations they belong to or serve."""

from django.db.models import QuerySet

from moked.people.access import served_organisation_ids

from .models import Organisation


def visible_organisations(person) -> QuerySet[Organisation]:
    organisations = Organisation.objects.prefetch_related("email_domains")
    ids = served_organisation_ids(person)
    return organisations if ids is None else organisations.filter(pk__in=ids)


def organisation_for_email_domain(domain: str) -> Organisation | None:
    return Organisation.objects.filter(email_domains__domain=domain.strip().lower()).first()
