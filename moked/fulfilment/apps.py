from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FulfilmentConfig(AppConfig):
    name = "moked.fulfilment"
    verbose_name = _("Fulfilment")

    def ready(self):
        from moked.tickets.events import ticket_events_recorded

        from . import permissions, services, tasks  # noqa: F401  (rules and the worker's tasks)

        ticket_events_recorded.connect(services.on_ticket_events, dispatch_uid="fulfilment")
