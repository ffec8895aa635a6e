from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "moked.tickets"
    verbose_name = _("Tickets")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules predicates)

        connection_created.connect(_register_sqlite_functions)


def _register_sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        from .search.sqlite import register_functions

        register_functions(connection.connection, connection)
