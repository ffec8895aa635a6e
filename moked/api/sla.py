"""/api/v1/sla-policies/, /api/v1/tickets/{ref}/sla/ and /api/v1/sla-report/."""

import re

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from moked.api.fields import VisiblePrimaryKeyField
from moked.api.tenancy import organisation_code_field
from moked.api.tickets.lookup import ticket_or_404
from moked.api.viewsets import ServiceBackedDeletableViewSet
from moked.businesstime.models import Calendar
from moked.businesstime.selectors import visible_calendars
from moked.catalog.models import Service
from moked.catalog.selectors import visible_services
from moked.people.access import can_see_organisation
from moked.people.models import Role, SupportGroup
from moked.people.selectors import visible_groups
from moked.sla import clock, reports, selectors, services
from moked.sla.models import ClockKind, SlaPolicy
from moked.tenancy.models import Organisation

TIMELINE_KINDS = [
    (clock.COUNTED, _("Counted")),
    (clock.OUT_OF_HOURS, _("Out of hours")),
    (clock.PAUSED, _("Paused")),
]


class SlaPolicySerializer(serializers.ModelSerializer):
    organisation = organisation_code_field(required=False, allow_null=True)
    service = VisiblePrimaryKeyField(
        visible_services, queryset=Service.objects, required=False, allow_null=True
    )
    calendar = VisiblePrimaryKeyField(visible_calendars, queryset=Calendar.objects)
    escalation_group = VisiblePrimaryKeyField(
        visible_groups, queryset=SupportGroup.objects, required=False, allow_null=True
    )
    pause_statuses = serializers.ListField(
        child=serializers.CharField(max_length=24), required=False, max_length=6
    )

    class Meta:
        model = SlaPolicy
        fields = [
            "id",
            "organisation",
            "name",
            "priority",
            "service",
            "ticket_type",
            "calendar",
            "first_response_minutes",
            "next_response_minutes",
            "resolution_minutes",
            "warning_percent",
            "pause_statuses",
            "escalation_group",
            "is_active",
            "updated_at",
        ]
        read_only_fields = ["id", "updated_at"]


class SlaPolicyViewSet(ServiceBackedDeletableViewSet):
    """SLA policies: targets per organisation (or provider-wide), priority, service and type."""

    serializer_class = SlaPolicySerializer
    filterset_fields = {"organisation__code": ["exact"], "priority": ["exact"], "is_active": ["exact"]}
    create_with = staticmethod(services.create_policy)
    update_with = staticmethod(services.update_policy)
    delete_with = staticmethod(services.delete_policy)

    def get_queryset(self):
        return selectors.visible_policies(self.request.user)


# --- a ticket's clocks ------------------------------------------------------------------------


class TimelinePartSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=TIMELINE_KINDS)
    reason = serializers.CharField()
    business_minutes = serializers.FloatField()


class ClockSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ClockKind.choices)
    cycle = serializers.IntegerField(source="sequence")
    state = serializers.ChoiceField(choices=["running", "paused", "met", "breached"])
    counting = serializers.BooleanField()
    policy = serializers.CharField(source="policy.name")
    calendar = serializers.CharField()
    target_minutes = serializers.IntegerField()
    elapsed_minutes = serializers.FloatField()
    remaining_minutes = serializers.FloatField()
    started_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(allow_null=True)
    warned_at = serializers.DateTimeField(allow_null=True)
    breached_at = serializers.DateTimeField(allow_null=True)
    stopped_at = serializers.DateTimeField(allow_null=True)
    timeline = TimelinePartSerializer(many=True)


class TicketSlaSerializer(serializers.Serializer):
    reference = serializers.CharField()
    sla_due_at = serializers.DateTimeField(allow_null=True)
    clocks = ClockSerializer(many=True)


class TicketSlaView(APIView):
    """A ticket's SLA clocks: state, due time, elapsed and remaining business minutes, and the
    timeline of what counted, what fell outside business hours and what was paused, and why."""

    @extend_schema(responses=TicketSlaSerializer)
    def get(self, request, reference):
        ticket = ticket_or_404(request, reference)
        now = timezone.now()
        clocks = [selectors.clock_view(c, now) for c in selectors.ticket_clocks(ticket)]
        data = {"reference": ticket.reference, "sla_due_at": ticket.sla_due_at, "clocks": clocks}
        return Response(TicketSlaSerializer(data).data)


# --- monthly figures --------------------------------------------------------------------------


class TargetFiguresSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ClockKind.choices)
    met = serializers.IntegerField()
    breached = serializers.IntegerField()
    compliance_percent = serializers.FloatField(allow_null=True)
    mean_minutes = serializers.FloatField(allow_null=True)
    p90_minutes = serializers.FloatField(allow_null=True)


class SlaReportSerializer(serializers.Serializer):
    organisation = serializers.CharField()
    month = serializers.CharField()
    targets = TargetFiguresSerializer(many=True)


class SlaReportView(APIView):
    """An organisation's SLA figures for a month: for the provider's staff who serve it and the
    organisation's client managers."""

    @extend_schema(
        parameters=[
            OpenApiParameter("organisation", str, required=True, description="The organisation's code."),
            OpenApiParameter(
                "month", str, required=True, description="YYYY-MM, in the organisation's time zone."
            ),
        ],
        responses=SlaReportSerializer,
    )
    def get(self, request):
        code, month = request.query_params.get("organisation", ""), request.query_params.get("month", "")
        match = re.fullmatch(r"(\d{4})-(\d{2})", month)
        if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
            raise exceptions.ValidationError({"month": [_("Give the month as YYYY-MM.")]})
        organisation = Organisation.objects.filter(code=code.strip().upper()).first()
        person = request.user
        allowed = organisation is not None and (
            (person.is_staff_member and can_see_organisation(person, organisation.pk))
            or (person.role == Role.CLIENT_MANAGER and person.organisation_id == organisation.pk)
        )
        if not allowed:
            raise exceptions.NotFound()
        figures = reports.monthly_figures(organisation, int(match.group(1)), int(match.group(2)))
        return Response(
            SlaReportSerializer({"organisation": organisation.code, "month": month, "targets": figures}).data
        )
