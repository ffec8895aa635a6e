"""Who may configure mail and read it, as `rules` predicates (see people.permissions).

Mailboxes, the messages they take and the quarantine are the provider's admins' business; the mail
of a ticket is visible to the staff (who may see the ticket, as the caller checks).
"""

import rules

from moked.people.permissions import is_active_admin, is_active_staff

rules.add_perm("mail.configure", is_active_admin)
rules.add_perm("mail.look_after_quarantine", is_active_admin)
rules.add_perm("mail.view_mailboxes", is_active_admin)
rules.add_perm("mail.view_ticket_mail", is_active_staff)
