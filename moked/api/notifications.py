"""/api/v1/notifications/: the calling person's own notifications."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from moked.notifications import selectors, services
from moked.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    ticket = serializers.CharField(source="ticket.reference", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Notification
        fields = ["id", "kind", "ticket", "subject", "body", "created_at", "sent_at", "read_at"]
        read_only_fields = fields


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = NotificationSerializer
    lookup_value_regex = r"\d{1,18}"
    filterset_fields = {"kind": ["exact"], "read_at": ["isnull"]}

    def get_queryset(self):
        return selectors.notifications_for(self.request.user)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark the notification as read."""
        notification = services.mark_read(request.user, self.get_object())
        return Response(self.get_serializer(notification).data)
