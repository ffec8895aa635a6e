"""Recording the tasks that fail for good, from the worker's error signal."""

import logging
import traceback as tracebacks

from huey.contrib.djhuey import HUEY
from huey.signals import SIGNAL_ERROR

from .models import FailedTask

logger = logging.getLogger(__name__)


@HUEY.signal(SIGNAL_ERROR)
def record_failure(signal, task, exc=None):
    """Keep a task that raised with no retries left (one that will be retried is not a failure)."""
    if task.retries:
        return
    try:
        FailedTask.objects.create(
            task=f"{type(task).__module__}.{task.name}"[:200],  # as the worker's log names it
            task_id=str(task.id)[:64],
            arguments=repr((task.args, task.kwargs))[:5000],
            error=f"{type(exc).__name__}: {exc}"[:5000] if exc is not None else "",
            traceback="".join(tracebacks.format_exception(exc))[-20000:] if exc is not None else "",
            retries=getattr(task, "default_retries", 0) or 0,  # how many retries it had, all spent
        )
    except Exception:  # the worker must go on even when the database is what failed
        logger.exception("Could not record the failure of task %s", task.id)
