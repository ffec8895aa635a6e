"""Who may configure webhooks and read their delivery log, as `rules` predicates (see
people.permissions): the provider's admins, nobody else (a webhook's secret and what it is sent are
integration details, not ticket data).
"""

import rules

from moked.people.permissions import is_active_admin

rules.add_perm("webhooks.configure", is_active_admin)
rules.add_perm("webhooks.view_webhooks", is_active_admin)
