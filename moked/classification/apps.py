from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ClassificationConfig(AppConfig):
    name = "moked.classification"
    verbose_name = _("Classification")

    def ready(self):
        from moked.tickets.classifying import register_classifier
        from moked.tickets.events import ticket_events_recorded

        from . import outcomes, permissions, services, tasks  # noqa: F401  (rules, worker tasks)

        register_classifier(services.classify_new_ticket)
        # A flushed or migrated database holds none of the models this process remembers.
        post_migrate.connect(_forget_models, dispatch_uid="classification-forget-models")
        ticket_events_recorded.connect(outcomes.on_ticket_events, dispatch_uid="classification-outcomes")


def _forget_models(sender, **kwargs) -> None:
    from . import model_files, process_cache

    process_cache.forget_all()
    model_files.forget_loaded()
