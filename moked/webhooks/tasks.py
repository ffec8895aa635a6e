"""Background jobs of webhooks (run by `moked worker`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from . import services


@db_task(retries=2, retry_delay=60)
def deliver_webhook(pk: int) -> str:
    """One attempt; a failed attempt schedules the next one itself, with back-off. Huey's own
    retries are for the worker's troubles (the database away), not the receiver's."""
    return services.deliver(pk)


@db_periodic_task(crontab(minute="*"))
@lock_task("webhooks-due")
def send_due_webhooks() -> int:
    """Every minute: what is due and was not sent by its own task. The lock keeps two runs from
    overlapping; the claim of each attempt keeps two workers from sending it twice anyway."""
    return services.send_due()
