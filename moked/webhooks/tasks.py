"""Background jobs of webhooks (run by `moked worker`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from . import services


@db_task()
def deliver_webhook(pk: int) -> str:
    """One attempt; a failure schedules the next one itself, with back-off."""
    return services.deliver(pk)


@db_periodic_task(crontab(minute="*"))
@lock_task("webhooks-due")
def send_due_webhooks() -> int:
    """Every minute: what is due and was not sent by its own task."""
    return services.send_due()
