"""Who may configure fulfilment (connectors, dry runs of plans), as `rules` predicates: the
provider's admins. Tasks and actions follow their ticket's permissions (tickets.work_ticket)."""

import rules

from moked.people.permissions import is_active_admin

rules.add_perm("fulfilment.configure", is_active_admin)
