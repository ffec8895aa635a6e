from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "moked.jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        # permissions registers the rules predicates; recording connects to the worker's signals
        from . import permissions, recording  # noqa: F401
