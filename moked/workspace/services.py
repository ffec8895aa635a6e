"""Keeping saved views: an agent saves, renames, re-filters, shares and deletes their own."""

import rules
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from moked.people.models import Person, SupportGroup
from moked.people.permissions import require
from moked.records import save_changes, save_new

from . import filters
from .lists import SORTS, VIEWS
from .models import SavedView
from .selectors import filter_choices

EDITABLE = frozenset({"name", "base", "filters", "q", "sort", "shared_with"})


def _require_staff(actor: Person) -> None:
    require(actor, "workspace.keep_views", message=_("Only the provider's staff keep views of tickets."))


def _require_owner(actor: Person, view: SavedView) -> None:
    _require_staff(actor)
    require(
        actor,
        "workspace.change_view",
        view,
        message=_("Only the person who saved a view changes or deletes it."),
    )


def _checked(actor: Person, fields: dict) -> dict:
    """The fields as they are stored; raises ValidationError naming each one that is wrong."""
    errors = {}
    checked = dict(fields)
    if "name" in fields:
        checked["name"] = " ".join(str(fields["name"]).split())
    if "base" in fields and fields["base"] not in VIEWS:
        errors["base"] = _("Choose one of the views to start from.")
    if "filters" in fields:
        parsed = filters.parse(fields["filters"] or {}, filter_choices())
        if parsed.errors:
            errors["filters"] = _("These filters are not understood: %(names)s.") % {
                "names": ", ".join(f"{name}={value}" for name, value in parsed.errors.items())
            }
        checked["filters"] = parsed.filter.as_params()
    if fields.get("sort") and fields["sort"].removeprefix("-") not in SORTS:
        errors["sort"] = _("This is not an order the list knows.")
    if "q" in fields:
        checked["q"] = str(fields["q"] or "").strip()
    group = fields.get("shared_with")
    if group is not None:
        if not isinstance(group, SupportGroup):
            errors["shared_with"] = _("Choose a group.")
        elif not rules.has_perm("workspace.share_view_with", actor, group):
            errors["shared_with"] = _("You can share a view only with a group you belong to.")
    if errors:
        raise ValidationError(errors)
    return checked


def create_saved_view(actor: Person, **fields) -> SavedView:
    """Save a view of tickets for `actor` (staff): `name`, `base` (one of lists.VIEWS), `filters` (query
    values as filters.parse reads them), `q`, `sort`, and optionally `shared_with` a group of theirs."""
    _require_staff(actor)
    unknown = set(fields) - EDITABLE
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in sorted(unknown)})
    return save_new(SavedView, {**_checked(actor, fields), "owner": actor})


def update_saved_view(actor: Person, view: SavedView, changes: dict) -> SavedView:
    """Change a saved view of one's own; the same rules as saving it."""
    _require_owner(actor, view)
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    return save_changes(view, _checked(actor, changes))


def delete_saved_view(actor: Person, view: SavedView) -> None:
    _require_owner(actor, view)
    view.delete()
