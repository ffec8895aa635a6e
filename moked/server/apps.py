from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServerConfig(AppConfig):
    name = "moked.server"
    verbose_name = _("Server")

    def ready(self):
        from . import checks  # noqa: F401 (registers Moked's checks)
