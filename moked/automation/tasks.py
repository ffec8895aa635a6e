"""Background jobs of automation (run by `moked worker`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import schedule


@db_periodic_task(crontab(minute="*/5"))
@lock_task("automation-time-rules")
def time_rules() -> int:
    """Every five minutes: the rules with a time condition."""
    return schedule.run_time_rules()


@db_periodic_task(crontab(minute="*/15"))
@lock_task("automation-auto-close")
def auto_close() -> dict:
    """Every quarter of an hour: reminders and closing of waiting and resolved tickets."""
    return schedule.run_auto_close()
