"""Reading organisations: a person sees the organisations they belong to or serve."""

from django.db.models import QuerySet

from moked.people.access import served_organisation_ids

from .models import Organisation


def visible_organisations(person) -> QuerySet[Organisation]:
    organisations = Organisation.objects.prefetch_related("email_domains")
    ids = served_organisation_ids(person)
    return organisations if ids is None else organisations.filter(pk__in=ids)


def visible_organisation_for_domain(person, domain: str) -> Organisation | None:
    """The organisation owning an e-mail domain, if `person` may see it."""
    organisations = Organisation.objects.filter(email_domains__domain=domain.strip().lower())
    ids = served_organisation_ids(person)
    return (organisations if ids is None else organisations.filter(pk__in=ids)).first()
