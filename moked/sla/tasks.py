"""Background jobs of the SLA engine (run by `moked worker`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import services


@db_periodic_task(crontab(minute="*"))
@lock_task("sla-check")
def check_sla_clocks() -> int:
    """Every minute: warn and breach the clocks whose next check has come."""
    return services.check_due_clocks()
