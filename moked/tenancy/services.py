"""Creating and changing organisations: the provider's admins only."""

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from moked.records import save_changes

from .models import EmailDomain, Organisation

ORGANISATION_FIELDS = frozenset(
    {
        "name",
        "code",
        "language",
        "timezone",
        "country",
        "status",
        "reopen_window_days",
        "priority_matrix",
        "auto_create_requesters",
        "articles_in_acknowledgement",
        "tags",
    }
)


def _require_admin(actor) -> None:
    # people.permissions.require, which tenancy (below people) cannot import
    if not rules.has_perm("tenancy.configure", actor):
        raise PermissionDenied(_("Only admins configure organisations."))


def _normalised_domains(domains) -> list[str]:
    return sorted({domain.strip().lower() for domain in domains if domain.strip()})


def _set_domains(organisation: Organisation, domains: list[str]) -> None:
    errors = []
    for domain in domains:
        owner = EmailDomain.objects.filter(domain=domain).exclude(organisation=organisation).first()
        if owner is not None:
            errors.append(
                ValidationError(
                    _("%(domain)s already belongs to another organisation."),
                    code="domain_taken",
                    params={"domain": domain},
                )
            )
    if errors:
        raise ValidationError({"email_domains": errors})
    organisation.email_domains.exclude(domain__in=domains).delete()
    existing = set(organisation.email_domains.values_list("domain", flat=True))
    for domain in domains:
        if domain not in existing:
            email_domain = EmailDomain(organisation=organisation, domain=domain)
            email_domain.full_clean(exclude=["organisation"])
            email_domain.save()


def create_organisation(actor, *, email_domains=(), **fields) -> Organisation:
    _require_admin(actor)
    organisation = Organisation(**{k: v for k, v in fields.items() if k in ORGANISATION_FIELDS})
    organisation.full_clean()
    with transaction.atomic():
        organisation.save()
        _set_domains(organisation, _normalised_domains(email_domains))
    return organisation


def update_organisation(actor, organisation: Organisation, changes: dict) -> Organisation:
    _require_admin(actor)
    changes = dict(changes)
    email_domains = changes.pop("email_domains", None)
    unknown = set(changes) - ORGANISATION_FIELDS
    if unknown:
        raise ValidationError({field: _("This field cannot be changed here.") for field in sorted(unknown)})
    after_save = None
    if email_domains is not None:

        def after_save(saved):
            _set_domains(saved, _normalised_domains(email_domains))

    return save_changes(organisation, changes, after_save=after_save)
