"""Who may do what to business calendars, as `rules` predicates (see people.permissions)."""

import rules

from moked.people.permissions import is_active_admin

rules.add_perm("businesstime.configure", is_active_admin)
