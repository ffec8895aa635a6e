"""Who may do what to services and categories, as `rules` predicates (see people.permissions)."""

import rules

from moked.people.permissions import is_active_admin

rules.add_perm("catalog.configure", is_active_admin)
