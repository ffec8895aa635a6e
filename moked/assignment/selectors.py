"""Reading assignment configuration: the provider's internal business, for its staff only."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .models import Absence, AgentProfile


def visible_absences(person) -> QuerySet[Absence]:
    if not (person.is_active and person.is_staff_member):
        return Absence.objects.none()
    return Absence.objects.select_related("person")


def profile_of(person, agent) -> AgentProfile | None:
    if not (person.is_active and person.is_staff_member):
        return None
    return AgentProfile.objects.filter(person=agent).select_related("calendar").first()


def calendars_with_usage(calendars: QuerySet) -> QuerySet:
    """The calendars, each with `policy_count` (SLA policies counted on it) and `agent_count`
    (agents whose working hours follow it): while either is above zero it cannot be deleted."""
    agents = (
        AgentProfile.objects.filter(calendar=OuterRef("pk"))
        .order_by()
        .values("calendar")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return calendars.annotate(
        policy_count=Count("policies", distinct=True),
        agent_count=Coalesce(Subquery(agents, output_field=IntegerField()), 0),
    )
