from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "moked.knowledge"
    verbose_name = _("Knowledge base")

    def ready(self):
        from moked.tickets.models import name_event_field

        from . import permissions  # noqa: F401  (registers the rules predicates)
        from .models import ARTICLES_FIELD

        name_event_field(ARTICLES_FIELD, _("knowledge articles"))
