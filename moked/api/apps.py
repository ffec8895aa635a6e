from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "moked.api"
    verbose_name = _("API")

    def ready(self):
        from . import credentials

        credentials.connect()
