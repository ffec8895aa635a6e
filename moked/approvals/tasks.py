"""Background jobs of approvals (run by `moked worker`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import services


@db_periodic_task(crontab(minute="*"))
@lock_task("approvals-sweep")
def sweep_approvals() -> dict:
    """Every minute: remind the approvers whose reminder is due and expire the steps whose time is up."""
    return services.sweep()
