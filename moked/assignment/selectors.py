"""Reading assignment configuration: the provider's internal business, for its staff only."""

from django.db.models import QuerySet

from .models import Absence, AgentProfile


def visible_absences(person) -> QuerySet[Absence]:
    if not (person.is_active and person.is_staff_member):
        return Absence.objects.none()
    return Absence.objects.select_related("person")


def profile_of(person, agent) -> AgentProfile | None:
    if not (person.is_active and person.is_staff_member):
        return None
    return AgentProfile.objects.filter(person=agent).select_related("calendar").first()
