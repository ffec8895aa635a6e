"""Who may see and steer classification, as `rules` predicates (see people.permissions)."""

import rules

from moked.people.access import can_see_organisation
from moked.people.permissions import is_active_admin, is_active_staff


@rules.predicate
def serves_organisation(person, organisation) -> bool:
    """`None` (the provider-wide model) is every admin's; an organisation, those who serve it."""
    return organisation is None or can_see_organisation(person, organisation.pk)


# Modes, target precisions and training on demand: the provider's admins, for organisations they serve.
rules.add_perm("classification.configure", is_active_admin & serves_organisation)
# The figures (precision, coverage, models and their evaluations): the provider's staff who serve
# the organisation, as they see its suggestions on the ticket page.
rules.add_perm("classification.view", is_active_staff & serves_organisation)
