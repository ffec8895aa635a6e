from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FulfilmentConfig(AppConfig):
    name = "moked.fulfilment"
    verbose_name = _("Fulfilment")

    def ready(self):
        from . import permissions, tasks  # noqa: F401  (rules and the worker's tasks)
