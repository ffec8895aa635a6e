"""Background jobs of the knowledge base (run by `moked worker`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import deflection


@db_periodic_task(crontab(minute="41"))
@lock_task("deflection-sweep")
def sweep_abandoned_requests() -> int:
    """Every hour: a request form shown articles that has had no step for some hours, and no
    outcome, was abandoned."""
    return deflection.sweep_abandoned()
