from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "moked.people"
    verbose_name = _("People and groups")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules predicates)
