"""What counts on each business calendar, for the calendar pages: SLA policies and agents' working
hours. It lives here because assignment sits above both sla and businesstime and may read both."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .models import AgentProfile


def with_usage(calendars: QuerySet) -> QuerySet:
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
