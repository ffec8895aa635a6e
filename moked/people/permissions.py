"""Who may see whom, and the one way Moked checks a permission (see `require`).

Every app keeps its permissions as `rules` predicates in its own `permissions.py`, registered
with `rules.add_perm("<app>.<action>", predicate)` and imported by its `AppConfig.ready`.
Services check them with `require(actor, "<app>.<action>", obj, message)`; pages and templates
use the same names through `rules.has_perm` / `{% has_perm %}`.
"""

import rules
from django.core.exceptions import PermissionDenied

from .access import can_see_organisation
from .models import Role


def require(actor, permission: str, obj=None, message=None) -> None:
    """Raise PermissionDenied (with `message`, shown to the person) unless `actor` has it."""
    if not rules.has_perm(permission, actor, obj):
        raise PermissionDenied(message) if message is not None else PermissionDenied


@rules.predicate
def is_active(person) -> bool:
    return bool(getattr(person, "is_active", False))


@rules.predicate
def is_admin(person) -> bool:
    return getattr(person, "role", None) == Role.ADMIN


is_active_admin = is_active & is_admin


@rules.predicate
def is_staff_member(person) -> bool:
    """An agent, team lead or admin: the provider's staff."""
    return bool(getattr(person, "is_staff_member", False))


is_active_staff = is_active & is_staff_member


@rules.predicate
def leads_group(person, group) -> bool:
    """A team lead of this group (`None`, a group not yet made, has none)."""
    return group is not None and group.leads.filter(pk=person.pk).exists()


# The administration pages: the provider's active admins (each service checks its own name too).
rules.add_perm("people.administer", is_active_admin)
rules.add_perm("people.set_passwords", is_active_admin)
# Creating a group (given None), or changing its members and description: also its team leads.
rules.add_perm("people.manage_group", is_active_admin | (is_active & leads_group))
# A group's name, leads and the rest, and loosening its two-factor requirement.
rules.add_perm("people.configure_groups", is_active_admin)


@rules.predicate
def can_see_person(viewer, person) -> bool:
    """Mirrors selectors.visible_people: admins everyone; agents the people of organisations they
    serve and all staff; client managers their organisation; end users themselves."""
    if not viewer.is_active:
        return False
    if viewer.role == Role.END_USER:
        return person.pk == viewer.pk
    if viewer.role == Role.CLIENT_MANAGER:
        return person.organisation_id == viewer.organisation_id
    if person.is_staff_member:
        return True
    return can_see_organisation(viewer, person.organisation_id)


rules.add_perm("people.view_person", can_see_person)


@rules.predicate
def may_manage_client_groups_of(person, organisation) -> bool:
    """Admins, the staff serving the organisation, and its own client managers (`organisation`
    None: any organisation the person could manage groups of)."""
    if person.role == Role.CLIENT_MANAGER:
        return organisation is None or person.organisation_id == organisation.pk
    if not person.is_staff_member:
        return False
    return organisation is None or can_see_organisation(person, organisation.pk)


# A client organisation's groups (departments, teams): who may request catalogue items, approve.
rules.add_perm("people.manage_client_groups", is_active & may_manage_client_groups_of)
