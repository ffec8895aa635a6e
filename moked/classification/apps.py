from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassificationConfig(AppConfig):
    name = "moked.classification"
    verbose_name = _("Classification")

    def ready(self):
        from moked.tickets.classifying import register_classifier
        from moked.tickets.events import ticket_events_recorded

        from . import outcomes, permissions, services, tasks  # noqa: F401  (rules, worker tasks)

        register_classifier(services.classify_new_ticket)
        ticket_events_recorded.connect(outcomes.on_ticket_events, dispatch_uid="classification-outcomes")
