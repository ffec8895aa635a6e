from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "moked.workspace"
    verbose_name = _("Agent workspace")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules predicates)
