"""Who may see whom, for one person at a time (the selectors apply the same rule to lists)."""

import rules

from .access import can_see_organisation
from .models import Role


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
