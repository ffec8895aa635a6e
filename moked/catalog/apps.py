from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "moked.catalog"
    verbose_name = _("Services and categories")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules predicates)
