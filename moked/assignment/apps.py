from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentConfig(AppConfig):
    name = "moked.assignment"
    verbose_name = _("Assignment")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules predicates)
