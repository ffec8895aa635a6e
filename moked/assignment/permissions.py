"""Who keeps the configuration of assignment, as `rules` predicates (see people.permissions):
admins, and the team leads of the group concerned; agents also record their own absences.
"""

import rules

from moked.people.models import SupportGroup
from moked.people.permissions import is_active_admin, is_active_staff, leads_group


@rules.predicate
def leads_a_group_of(person, member) -> bool:
    return SupportGroup.objects.filter(members=member, leads=person).exists()


@rules.predicate
def is_self(person, other) -> bool:
    return person.pk == other.pk


# Reading strategies, profiles and absences: the provider's internal business.
rules.add_perm("assignment.view_configuration", is_active_staff)

configures_agent = is_active_admin | (is_active_staff & leads_a_group_of)

# A group's strategy.
rules.add_perm("assignment.configure_group", is_active_admin | (is_active_staff & leads_group))
# An agent's skills and working hours.
rules.add_perm("assignment.configure_agent", configures_agent)
# An agent's absences: also the agent's own.
rules.add_perm("assignment.keep_absences", (is_active_staff & is_self) | configures_agent)
