"""Background jobs of the knowledge base (run by `moked worker`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from .search_model import train_search_model


@db_periodic_task(crontab(day_of_week="0", hour="3", minute="17"))
@lock_task("knowledge-train-search")
def train_search() -> str | None:
    """Every Sunday night: retrain the search's semantic model on the articles as they now are."""
    return train_search_model()
