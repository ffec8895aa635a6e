from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "moked.webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from moked.tickets.events import ticket_events_recorded

        from . import permissions, rule_actions, services  # noqa: F401  (permissions registers the rules predicates)

        ticket_events_recorded.connect(services.on_ticket_events, dispatch_uid="webhooks")
        rule_actions.register()
