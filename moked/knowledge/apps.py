from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "moked.knowledge"
    verbose_name = _("Knowledge base")

    def ready(self):
        from moked.tickets.models import name_event_field

        from . import permissions  # noqa: F401  (registers the rules predicates)
        from .indexing import renew_epoch
        from .models import ARTICLES_FIELD, Article, ArticleVariant

        name_event_field(ARTICLES_FIELD, _("knowledge articles"))
        # Deleting an article or a variant deletes its search documents, which no generation tells.
        for model in (Article, ArticleVariant):
            post_delete.connect(renew_epoch, sender=model, dispatch_uid=f"knowledge-search-{model.__name__}")
