"""Who may configure automation and keep macros, as `rules` predicates (see people.permissions).

Admins configure everything; team leads also keep the macros of the organisations they serve.
"""

import rules

from moked.people.access import can_see_organisation
from moked.people.models import Role
from moked.people.permissions import is_active, is_active_admin, is_active_staff


@rules.predicate
def is_team_lead(person) -> bool:
    return getattr(person, "role", None) == Role.TEAM_LEAD


@rules.predicate
def serves_organisation(person, organisation) -> bool:
    """Serves this one organisation; `None` (every organisation) is served by admins only."""
    return organisation is not None and can_see_organisation(person, organisation.pk)


rules.add_perm("automation.configure", is_active_admin)
# Reading rules, templates, macros and policies (those of the organisations served, as scoped).
rules.add_perm("automation.view_configuration", is_active_staff)
# Some macros: the admins' and team leads' own area of the administration.
rules.add_perm("automation.keep_macros", is_active_admin | (is_active & is_team_lead))
# The macros of one organisation (or, given None, those for every organisation).
rules.add_perm(
    "automation.keep_macros_of", is_active_admin | (is_active & is_team_lead & serves_organisation)
)
