from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "moked.mail"
    verbose_name = _("E-mail")

    def ready(self):
        from moked.tickets.events import ticket_events_recorded

        from . import permissions, rule_actions  # noqa: F401  (permissions registers the rules predicates)
        from .outbound import on_ticket_events

        ticket_events_recorded.connect(on_ticket_events, dispatch_uid="moked.mail.on_ticket_events")
        rule_actions.register()
