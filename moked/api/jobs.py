"""/api/v1/failed-tasks/: what the worker could not do, for admins."""

from rest_framework import mixins, serializers, viewsets

from moked.jobs import selectors
from moked.jobs.models import FailedTask


class FailedTaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = FailedTask
        fields = ["id", "task", "task_id", "arguments", "error", "traceback", "retries", "failed_at"]
        read_only_fields = fields


class FailedTaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Background tasks that failed for good (admins only)."""

    serializer_class = FailedTaskSerializer
    filterset_fields = {"task": ["exact"]}

    def get_queryset(self):
        return selectors.visible_failed_tasks(self.request.user)
