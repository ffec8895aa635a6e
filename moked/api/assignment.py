"""/api/v1/groups/{id}/assignment/, /api/v1/people/{id}/assignment-profile/, /api/v1/absences/
and /api/v1/tickets/{ref}/assign-by-strategy/."""

import django_filters
import rules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from moked.api.fields import VisiblePrimaryKeyField
from moked.api.filters import UtcIsoDateTimeFilter
from moked.api.tickets.lookup import ticket_or_404
from moked.api.viewsets import ServiceBackedDeletableViewSet
from moked.assignment import selectors, services
from moked.assignment.models import Absence, Strategy
from moked.businesstime.models import Calendar
from moked.businesstime.selectors import visible_calendars
from moked.people.models import Person, SupportGroup
from moked.people.selectors import assignable_agents, visible_groups
from moked.tickets.models import EventChannel


def _group(request, pk) -> SupportGroup:
    group = visible_groups(request.user).filter(pk=pk).first()
    if group is None:
        raise exceptions.NotFound()
    return group


class StrategySerializer(serializers.Serializer):
    strategy = serializers.ChoiceField(choices=Strategy.choices)


class GroupAssignmentView(APIView):
    """How the group hands out its tickets."""

    @extend_schema(responses=StrategySerializer)
    def get(self, request, pk):
        return Response({"strategy": services.strategy_of(_group(request, pk))})

    @extend_schema(request=StrategySerializer, responses=StrategySerializer)
    def put(self, request, pk):
        group = _group(request, pk)
        given = StrategySerializer(data=request.data)
        given.is_valid(raise_exception=True)
        config = services.set_strategy(request.user, group, given.validated_data["strategy"])
        return Response({"strategy": config.strategy})


class ProfileSerializer(serializers.Serializer):
    skills = serializers.ListField(child=serializers.CharField(max_length=50), max_length=50, required=False)
    calendar = VisiblePrimaryKeyField(
        visible_calendars, queryset=Calendar.objects, required=False, allow_null=True
    )


class ProfileAnswerSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    skills = serializers.ListField(child=serializers.CharField())
    calendar = serializers.IntegerField(allow_null=True)
    on_shift = serializers.BooleanField(help_text=gettext_lazy("Within the agent's working hours now."))
    absent = serializers.BooleanField(help_text=gettext_lazy("Away now."))


class AssignmentProfileView(APIView):
    """An agent's skills (tags of the tickets they take) and working hours (a calendar)."""

    def _agent(self, request, pk) -> Person:
        agent = assignable_agents(request.user).filter(pk=pk).first()
        if agent is None or not request.user.is_staff_member:
            raise exceptions.NotFound()
        return agent

    def _answer(self, request, agent):
        profile = selectors.profile_of(request.user, agent)
        return Response(
            {
                "person": agent.pk,
                "skills": profile.skills if profile else [],
                "calendar": profile.calendar_id if profile else None,
                "on_shift": services.is_on_shift(agent),
                "absent": services.is_absent(agent),
            }
        )

    @extend_schema(responses=ProfileAnswerSerializer)
    def get(self, request, pk):
        return self._answer(request, self._agent(request, pk))

    @extend_schema(request=ProfileSerializer, responses=ProfileAnswerSerializer)
    def put(self, request, pk):
        agent = self._agent(request, pk)
        given = ProfileSerializer(data=request.data, context={"request": request})
        given.is_valid(raise_exception=True)
        services.update_profile(request.user, agent, dict(given.validated_data))
        return self._answer(request, agent)


class AbsenceSerializer(serializers.ModelSerializer):
    person = VisiblePrimaryKeyField(assignable_agents, queryset=Person.objects)

    class Meta:
        model = Absence
        fields = ["id", "person", "starts_at", "ends_at", "reason"]
        read_only_fields = ["id"]


class AbsenceFilter(django_filters.FilterSet):
    ends_after = UtcIsoDateTimeFilter(field_name="ends_at", lookup_expr="gte")
    starts_before = UtcIsoDateTimeFilter(field_name="starts_at", lookup_expr="lte")

    class Meta:
        model = Absence
        fields = ["person"]


class AbsenceViewSet(ServiceBackedDeletableViewSet):
    """Agents away: never given tickets then. Agents record their own; team leads and admins any."""

    serializer_class = AbsenceSerializer
    filterset_class = AbsenceFilter
    create_with = staticmethod(services.create_absence)
    update_with = staticmethod(services.update_absence)
    delete_with = staticmethod(services.delete_absence)

    def get_queryset(self):
        return selectors.visible_absences(self.request.user)


class AssignByStrategyRequest(serializers.Serializer):
    group = VisiblePrimaryKeyField(visible_groups, queryset=SupportGroup.objects, required=False)


class AssignedSerializer(serializers.Serializer):
    assigned = serializers.BooleanField(
        help_text=gettext_lazy("Whether the strategy gave the ticket to someone now.")
    )
    assignee = serializers.IntegerField(allow_null=True, help_text=gettext_lazy("The ticket's assignee now."))
    name = serializers.CharField(allow_blank=True, help_text=gettext_lazy("The assignee's name."))
    group = serializers.IntegerField()
    strategy = serializers.ChoiceField(choices=Strategy.choices)
    message = serializers.CharField(allow_blank=True, help_text=gettext_lazy("Why nobody was chosen."))


class AssignByStrategyView(APIView):
    """Give the ticket to whoever its group's strategy picks now (or another group's)."""

    @extend_schema(request=AssignByStrategyRequest, responses=AssignedSerializer)
    def post(self, request, reference):
        ticket = ticket_or_404(request, reference)
        if not rules.has_perm("tickets.work_ticket", request.user, ticket):
            raise exceptions.PermissionDenied(_("You may not do this to this ticket."))
        given = AssignByStrategyRequest(data=request.data, context={"request": request})
        given.is_valid(raise_exception=True)
        group = given.validated_data.get("group") or ticket.group
        if group is None:
            raise exceptions.ValidationError({"group": [_("The ticket has no group: say which group.")]})
        agent = services.assign_by_strategy(request.user, ticket, group, channel=EventChannel.API)
        strategy = services.strategy_of(group)
        if agent is not None:
            message = ""
        elif strategy == Strategy.MANUAL:
            message = _("%(group)s assigns its tickets by hand: choose an assignee.") % {"group": group}
        else:
            message = _("Nobody in %(group)s is available now: the ticket waits in the group.") % {
                "group": group
            }
        return Response(
            {
                "assigned": agent is not None,
                "assignee": ticket.assignee_id,
                "name": ticket.assignee.name if ticket.assignee_id else "",
                "group": group.pk,
                "strategy": strategy,
                "message": message,
            }
        )
