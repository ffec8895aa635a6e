from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "moked.jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        from . import recording  # noqa: F401 (connects to the worker's signals)
