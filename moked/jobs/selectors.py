"""Reading the failed tasks: for admins only (arguments and tracebacks are the installation's insides)."""

import rules
from django.db.models import QuerySet

from .models import FailedTask


def visible_failed_tasks(person) -> QuerySet[FailedTask]:
    if rules.has_perm("jobs.view_failed_tasks", person):
        return FailedTask.objects.all()
    return FailedTask.objects.none()
