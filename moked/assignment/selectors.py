"""Reading assignment configuration: the provider's internal business, for its staff only."""

import rules
from django.db.models import QuerySet

from .models import Absence, AgentProfile


def visible_absences(person) -> QuerySet[Absence]:
    if not rules.has_perm("assignment.view_configuration", person):
        return Absence.objects.none()
    return Absence.objects.select_related("person")


def profile_of(person, agent) -> AgentProfile | None:
    if not rules.has_perm("assignment.view_configuration", person):
        return None
    return AgentProfile.objects.filter(person=agent).select_related("calendar").first()
