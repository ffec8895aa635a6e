"""Background jobs of the knowledge base (run by `moked worker`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task, on_startup

from . import deflection
from .indexing import warm_up_in_background
from .search_model import train_search_model


@on_startup()
def warm_up_search() -> None:
    """When the worker starts: build the search index in the background (mail suggests articles)."""
    warm_up_in_background()


@db_periodic_task(crontab(minute="41"))
@lock_task("deflection-sweep")
def sweep_abandoned_requests() -> int:
    """Every hour: a request form shown articles that has had no step for some hours, and no
    outcome, was abandoned."""
    return deflection.sweep_abandoned()


@db_periodic_task(crontab(day_of_week="0", hour="3", minute="17"))
@lock_task("knowledge-train-search")
def train_search() -> str | None:
    """Every Sunday night: retrain the search's semantic model on the articles as they now are."""
    return train_search_model()
