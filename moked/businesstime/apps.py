from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BusinessTimeConfig(AppConfig):
    name = "moked.businesstime"
    verbose_name = _("Business calendars")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules predicates)
