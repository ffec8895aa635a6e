"""/api/v1/calendars/: business calendars (office hours, holidays, exceptions) and their due-time
arithmetic."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from moked.api.tenancy import organisation_code_field
from moked.api.viewsets import ServiceBackedDeletableViewSet
from moked.businesstime import services as businesstime
from moked.businesstime.models import Calendar
from moked.businesstime.selectors import visible_calendars

MAX_MINUTES = 10_000_000  # about 19 years of 24x7: beyond any contract


class CalendarExceptionSerializer(serializers.Serializer):
    date = serializers.DateField()
    hours = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField(max_length=5), min_length=2, max_length=2),
        default=list,
        max_length=12,
        help_text=_('[["09:00", "13:00"]]; empty: closed all day.'),
    )
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class CalendarSerializer(serializers.ModelSerializer):
    organisation = organisation_code_field(required=False, allow_null=True)
    exceptions = CalendarExceptionSerializer(many=True, required=False)
    timezone = serializers.CharField(
        max_length=64, required=False, help_text=_("Default: the organisation's.")
    )
    country = serializers.CharField(
        max_length=2, required=False, allow_blank=True, help_text=_("Default: the organisation's.")
    )

    class Meta:
        model = Calendar
        fields = [
            "id",
            "organisation",
            "name",
            "timezone",
            "always_open",
            "country",
            "subdivision",
            "weekly_hours",
            "exceptions",
            "updated_at",
        ]
        read_only_fields = ["id", "updated_at"]

    def validate(self, attrs):
        if self.instance is None and not attrs.get("timezone") and not attrs.get("organisation"):
            raise serializers.ValidationError(
                {"timezone": _("Give a time zone (or an organisation to take it from).")}
            )
        return attrs


class DueRequestSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    minutes = serializers.FloatField(min_value=-MAX_MINUTES, max_value=MAX_MINUTES)


class DueSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    minutes = serializers.FloatField()
    due = serializers.DateTimeField()


class CalendarViewSet(ServiceBackedDeletableViewSet):
    """Business calendars: office hours, holidays and exceptions. Admins configure them."""

    serializer_class = CalendarSerializer
    filterset_fields = {"organisation__code": ["exact"], "always_open": ["exact"]}
    create_with = staticmethod(businesstime.create_calendar)
    update_with = staticmethod(businesstime.update_calendar)
    delete_with = staticmethod(businesstime.delete_calendar)

    def get_queryset(self):
        return visible_calendars(self.request.user)

    @extend_schema(request=DueRequestSerializer, responses=DueSerializer)
    @action(detail=True, methods=["post"])
    def due(self, request, pk=None):
        """When is `start` + `minutes` business minutes on this calendar."""
        calendar = self.get_object()
        query = DueRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        start, minutes = query.validated_data["start"], query.validated_data["minutes"]
        try:
            due = calendar.business_calendar().add_business_minutes(start, minutes)
        except ValueError as error:
            raise exceptions.ValidationError({"minutes": [str(error)]}) from error
        return Response(DueSerializer({"start": start, "minutes": minutes, "due": due}).data)
