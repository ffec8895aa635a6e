"""/api/v1/webhooks/ (with a test message) and /api/v1/webhook-deliveries/ (with redelivery):
for admins only; everybody else finds none."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from moked.api.fields import MAX_ID, CleanJSONField
from moked.api.tenancy import organisation_code_field
from moked.api.viewsets import ServiceBackedDeletableViewSet
from moked.tickets import numbering
from moked.webhooks import selectors, services
from moked.webhooks.models import Webhook, WebhookDelivery


class WebhookSerializer(serializers.ModelSerializer):
    organisation = organisation_code_field(required=False, allow_null=True)
    events = CleanJSONField(required=False)
    secret = serializers.CharField(
        required=False,
        write_only=True,
        max_length=100,
        min_length=16,
        help_text=_("Write-only; generated when not given, and shown once, in the answer to the creation."),
    )

    class Meta:
        model = Webhook
        fields = [
            "id",
            "organisation",
            "name",
            "url",
            "secret",
            "events",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if self.context.get("show_secret"):
            data["secret"] = instance.secret
        return data


class DeliverySerializer(serializers.ModelSerializer):
    webhook_name = serializers.CharField(source="webhook.name", read_only=True)
    ticket = serializers.CharField(source="ticket.reference", read_only=True, default=None)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "webhook",
            "webhook_name",
            "ticket",
            "event",
            "payload",
            "status",
            "attempts",
            "response_status",
            "response_body",
            "last_error",
            "created_at",
            "next_attempt_at",
            "delivered_at",
        ]
        read_only_fields = fields


class DeliveryFilter(django_filters.FilterSet):
    webhook = django_filters.NumberFilter(field_name="webhook_id", min_value=1, max_value=MAX_ID)
    status = django_filters.ChoiceFilter(choices=WebhookDelivery.Status.choices)
    event = django_filters.CharFilter(max_length=40)
    ticket = django_filters.CharFilter(
        method="filter_ticket", max_length=20, help_text=_("A ticket's reference, e.g. INC-000123.")
    )

    class Meta:
        model = WebhookDelivery
        fields = []

    def filter_ticket(self, queryset, name, value):
        parsed = numbering.parse_reference(value)
        if parsed is None:  # not a reference: no ticket has it
            return queryset.none()
        ticket_type, number = parsed
        return queryset.filter(ticket__ticket_type=ticket_type, ticket__number=number)


class WebhookViewSet(ServiceBackedDeletableViewSet):
    """Addresses sent ticket events and what rules send them; the secret is shown once, on creation."""

    serializer_class = WebhookSerializer
    filterset_fields = {"organisation__code": ["exact"], "is_active": ["exact"]}
    create_with = staticmethod(services.create_webhook)
    update_with = staticmethod(services.update_webhook)
    delete_with = staticmethod(services.delete_webhook)

    def get_queryset(self):
        return selectors.visible_webhooks(self.request.user)

    def create(self, request, *args, **kwargs):
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        webhook = services.create_webhook(request.user, **given.validated_data)
        shown = self.get_serializer(webhook, context={"request": request, "show_secret": True})
        return Response(shown.data, status=201)

    @extend_schema(request=None, responses=DeliverySerializer)
    @action(detail=True, methods=["post"])
    def test(self, request, pk=None):
        """Send a `ping` message now, to check the receiving end."""
        return Response(DeliverySerializer(services.ping(request.user, self.get_object())).data, status=202)


class DeliveryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Every message to a webhook, with its attempts, the last answer and the last error."""

    serializer_class = DeliverySerializer
    filterset_class = DeliveryFilter

    def get_queryset(self):
        return selectors.visible_deliveries(self.request.user)

    @extend_schema(request=None, responses=DeliverySerializer)
    @action(detail=True, methods=["post"])
    def redeliver(self, request, pk=None):
        """Send the same message again, as a new delivery."""
        return Response(
            DeliverySerializer(services.redeliver(request.user, self.get_object())).data, status=202
        )
