from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "moked.approvals"
    verbose_name = _("Approvals")

    def ready(self):
        from moked.tickets.events import ticket_events_recorded
        from moked.tickets.selectors import END_USER_TICKETS

        from . import permissions  # widens tickets.view_ticket to approvers
        from .services import follow_ticket

        ticket_events_recorded.connect(follow_ticket, dispatch_uid="moked.approvals.follow_ticket")
        if permissions.tickets_asked_about not in END_USER_TICKETS:
            END_USER_TICKETS.append(permissions.tickets_asked_about)
