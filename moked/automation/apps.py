from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AutomationConfig(AppConfig):
    name = "moked.automation"
    verbose_name = _("Automation")

    def ready(self):
        from moked.tickets.events import ticket_events_recorded

        from . import actions, permissions, prediction_facts, triggers  # noqa: F401  (permissions registers the rules predicates)

        ticket_events_recorded.connect(triggers.on_ticket_events, dispatch_uid="automation-rules")
        actions.register_own_actions()
        prediction_facts.register_prediction_facts()
