from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceRequestsConfig(AppConfig):
    name = "moked.servicerequests"
    verbose_name = _("Service catalogue")

    def ready(self):
        from . import flow, permissions  # noqa: F401  (registers the rules predicates)

        flow.connect()
