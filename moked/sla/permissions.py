"""Who may do what to SLA policies, as `rules` predicates (see people.permissions)."""

import rules

from moked.people.permissions import is_active_admin

rules.add_perm("sla.configure", is_active_admin)
