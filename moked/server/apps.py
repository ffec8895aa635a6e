from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ServerConfig(AppConfig):
    name = "moked.server"
    verbose_name = _("Server")

    def ready(self):
        from . import checks  # noqa: F401 (registers Moked's checks)

        # sent once for each app with models (this one has none); making the table is idempotent
        post_migrate.connect(create_cache_table, dispatch_uid="moked.server.create_cache_table")


def create_cache_table(using="default", **kwargs) -> None:
    """`moked migrate` also makes the cache's table when the cache is the database (the default
    without Redis); nothing otherwise, and nothing when it exists."""
    call_command("createcachetable", database=using, verbosity=0)
