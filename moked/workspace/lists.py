"""The workspace's built-in lists of tickets and the orders a list sorts by: the names saved views
start from and keep, and the pages show (moked/web/workspace/desk.py applies them)."""

from django.utils.translation import gettext_lazy as _

VIEWS = {
    "mine": _("My open tickets"),
    "unassigned": _("Unassigned in my groups"),
    "breaching": _("Breaching soon"),
    "waiting": _("Waiting on the customer"),
    "all": _("All open tickets"),
}
# The title of "all" when its status filter reaches past the open tickets.
ALL_TICKETS = _("All tickets")
# an order's name → the ticket field it sorts by
SORTS = {
    "number": "id",
    "priority": "priority",
    "status": "status",
    "due": "sla_due_at",
    "updated": "updated_at",
    "subject": "subject",
    "organisation": "organisation__name",
}
