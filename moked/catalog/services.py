"""Creating and changing services and categories: the provider's admins only."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from moked.people.permissions import require
from moked.records import save_changes, save_new

from .models import Category, Service


def _require_admin(actor) -> None:
    require(actor, "catalog.configure", message=_("Only admins configure services and categories."))


def create_service(actor, **fields) -> Service:
    _require_admin(actor)
    return save_new(Service, fields)


def update_service(actor, service: Service, changes: dict) -> Service:
    _require_admin(actor)
    if "organisation" in changes and changes["organisation"].pk != service.organisation_id:
        raise ValidationError({"organisation": _("A service cannot move to another organisation.")})
    return save_changes(service, changes)


def create_category(actor, **fields) -> Category:
    _require_admin(actor)
    return save_new(Category, fields)


def update_category(actor, category: Category, changes: dict) -> Category:
    _require_admin(actor)
    if "organisation" in changes and getattr(changes["organisation"], "pk", None) != category.organisation_id:
        if category.children.exists() or category.tickets.exists():
            raise ValidationError(
                {"organisation": _("A category in use cannot move to another organisation.")}
            )
    return save_changes(category, changes)
