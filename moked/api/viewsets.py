"""The shape most endpoints share: list, read, create and update, writes going through a service function."""

from rest_framework import mixins, status, viewsets
from rest_framework.response import Response


class ServiceBackedViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Validates input with the serializer, then writes with `create_with(actor, **fields)` and
    `update_with(actor, record, changes)`, the domain's service functions (set as staticmethods)."""

    lookup_value_regex = r"\d+"
    create_with = update_with = None

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = type(self).create_with(request.user, **serializer.validated_data)
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        record = self.get_object()
        serializer = self.get_serializer(record, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        record = type(self).update_with(request.user, record, dict(serializer.validated_data))
        return Response(self.get_serializer(record).data)


class ServiceBackedDeletableViewSet(mixins.DestroyModelMixin, ServiceBackedViewSet):
    """…and delete with `delete_with(actor, record)`, which refuses what is still in use."""

    delete_with = None

    def perform_destroy(self, instance):
        type(self).delete_with(self.request.user, instance)
