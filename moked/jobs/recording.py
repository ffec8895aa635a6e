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
            task=task.name[:200],
            task_id=str(task.id)[:64],
            arguments=repr((task.args, task.kwargs))[:5000],
            error=f"{type(exc).__name__}: {exc}"[:5000] if exc is not None else "",
            traceback="".join(tracebacks.format_exception(exc))[-20000:] if exc is not None else "",
        )
    except Exception:  # the worker must go on even when the database is what failed
        logger.exception("Could not record the failure of task %s", task.id)
