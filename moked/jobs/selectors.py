"""Reading the failed tasks: for admins only (arguments and tracebacks are the installation's insides)."""

from django.db.models import QuerySet

from .models import FailedTask


def visible_failed_tasks(person) -> QuerySet[FailedTask]:
    if person.is_active and person.is_admin:
        return FailedTask.objects.all()
    return FailedTask.objects.none()
