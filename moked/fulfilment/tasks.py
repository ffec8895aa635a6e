"""Background jobs of fulfilment (run by `moked worker`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


@db_task(retries=2, retry_delay=60)
def run_fulfilment_actions(ticket_pk: int) -> int:
    """The request's pending actions, in order (each claimed before it runs: never twice)."""
    return len(services.run_pending(ticket_pk))


@db_periodic_task(crontab(minute="17"))
def forget_expired_secrets() -> int:
    """Every hour: the one-time secrets nobody read in time are emptied."""
    return services.forget_expired_secrets()
