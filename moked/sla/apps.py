from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "moked.sla"
    verbose_name = _("Service levels")

    def ready(self):
        from moked.tickets.events import ticket_events_recorded
        from moked.tickets.models import name_event_field

        from . import permissions  # noqa: F401  (registers the rules predicates)
        from .services import follow_ticket

        ticket_events_recorded.connect(follow_ticket, dispatch_uid="moked.sla.follow_ticket")
        name_event_field("sla_policy", _("SLA policy"))
