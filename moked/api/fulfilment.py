"""Fulfilment in the API: a request's tasks (completed by the staff who work it) and its automatic
actions (retried by them), and the connectors (admins only; a connector's secret is write-only and
never returned). Whoever may not see a ticket, task or run gets the same 404 as for none."""

from django.urls import path, re_path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from moked.api.fields import MAX_ID, CleanJSONField, VisiblePrimaryKeyField
from moked.api.tenancy import organisation_code_field
from moked.api.tickets.lookup import ticket_or_404
from moked.api.viewsets import ServiceBackedDeletableViewSet
from moked.fulfilment import selectors, services
from moked.fulfilment.models import ActionRun, Connector, Task
from moked.fulfilment.wording import run_summary
from moked.people.models import Person
from moked.people.selectors import visible_people
from moked.tickets import numbering


class ChecklistItemSerializer(serializers.Serializer):
    text = serializers.DictField(child=serializers.CharField(), help_text=_("Per language."))
    done = serializers.BooleanField()


class TaskSerializer(serializers.ModelSerializer):
    ticket = serializers.CharField(source="ticket.reference", read_only=True)
    title = serializers.DictField(child=serializers.CharField(), help_text=_("Per language."))
    checklist = ChecklistItemSerializer(many=True)
    group_name = serializers.CharField(source="group.name", read_only=True, default=None)

    class Meta:
        model = Task
        fields = [
            "id",
            "ticket",
            "stage",
            "position",
            "title",
            "checklist",
            "group",
            "group_name",
            "assignee",
            "status",
            "opened_at",
            "done_by",
            "done_at",
        ]
        read_only_fields = fields


class ActionRunSerializer(serializers.ModelSerializer):
    ticket = serializers.CharField(source="ticket.reference", read_only=True)
    connector = serializers.CharField(source="connector_code", read_only=True)
    outcome = serializers.SerializerMethodField(help_text=_("The outcome, in the reader's language."))

    class Meta:
        model = ActionRun
        fields = [
            "id",
            "ticket",
            "position",
            "connector",
            "action",
            "target",
            "parameters",
            "approval_id",
            "approved_by",
            "dry_run",
            "status",
            "outcome",
            "summary",
            "error",
            "attempts",
            "actor",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_outcome(self, run) -> str:
        return run_summary(run)


class ItemSerializer(serializers.Serializer):
    item = serializers.IntegerField(min_value=0, max_value=100)
    done = serializers.BooleanField(default=True)


class TicketTasksView(APIView):
    """A request's tasks, stage by stage, for whoever may see the request."""

    @extend_schema(responses=TaskSerializer(many=True))
    def get(self, request, reference):
        ticket = ticket_or_404(request, reference)
        return Response(TaskSerializer(selectors.tasks_of(request.user, ticket), many=True).data)


class MyTasksView(APIView):
    """The open tasks of the caller's groups, on requests of the organisations they serve, the
    longest open first."""

    @extend_schema(responses=TaskSerializer(many=True))
    def get(self, request):
        return Response(TaskSerializer(selectors.tasks_for(request.user)[:500], many=True).data)


def _task_or_404(request, pk) -> Task:
    task = selectors.visible_tasks(request.user).filter(pk=pk).first() if 0 < int(pk) <= MAX_ID else None
    if task is None:
        raise exceptions.NotFound()
    return task


class TaskCompleteView(APIView):
    """Mark an open task done (its whole checklist with it); the next stage opens when its stage is
    done, and the request resolves when everything is."""

    @extend_schema(request=None, responses=TaskSerializer)
    def post(self, request, pk):
        task = services.complete_task(request.user, _task_or_404(request, pk))
        return Response(TaskSerializer(task).data)


class TaskChecklistView(APIView):
    """Tick (or untick, with `done: false`) one item of an open task's checklist, counted from 0."""

    @extend_schema(request=ItemSerializer, responses=TaskSerializer)
    def post(self, request, pk):
        task = _task_or_404(request, pk)
        given = ItemSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        task = services.check_item(
            request.user, task, given.validated_data["item"], done=given.validated_data["done"]
        )
        return Response(TaskSerializer(task).data)


class TicketActionsView(APIView):
    """A request's automatic actions and their outcomes (the staff who work it; others see none)."""

    @extend_schema(responses=ActionRunSerializer(many=True))
    def get(self, request, reference):
        ticket = ticket_or_404(request, reference)
        return Response(ActionRunSerializer(selectors.action_runs_of(request.user, ticket), many=True).data)


class ActionRetryView(APIView):
    """Run a failed action again (then the ones waiting after it), in the background."""

    @extend_schema(request=None, responses=ActionRunSerializer)
    def post(self, request, pk):
        run = selectors.visible_runs(request.user).filter(pk=pk).first() if 0 < int(pk) <= MAX_ID else None
        if run is None:
            raise exceptions.NotFound()
        return Response(ActionRunSerializer(services.retry_action(request.user, run)).data, status=202)


# --- connectors and dry runs: admins ---------------------------------------------------------------


class ConnectorSerializer(serializers.ModelSerializer):
    organisation = organisation_code_field()
    settings = CleanJSONField(
        required=False,
        help_text=_(
            "LDAP: url, bind_dn, people_base, groups_base and optional user_id_attribute, "
            "group_id_attribute, member_attribute, mfa_attribute, start_tls, verify_certificate, "
            "ca_certificates_file, force_password_change, user_object_classes, timeout. "
            "Webhook: url, timeout. Never a secret."
        ),
    )
    secret = serializers.CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        max_length=500,
        trim_whitespace=False,
        help_text=_("Write-only: the LDAP bind password or the webhook's signing key; never returned."),
    )
    has_secret = serializers.SerializerMethodField()

    class Meta:
        model = Connector
        fields = [
            "id",
            "organisation",
            "code",
            "name",
            "kind",
            "settings",
            "secret",
            "has_secret",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "has_secret", "created_at", "updated_at"]

    def get_has_secret(self, connector) -> bool:
        return bool(connector.secret) or hasattr(connector.secret, "ciphertext")


class ConnectorViewSet(ServiceBackedDeletableViewSet):
    """The directories each organisation's requests are fulfilled in (admins only)."""

    serializer_class = ConnectorSerializer
    filterset_fields = {"organisation__code": ["exact"], "kind": ["exact"], "is_active": ["exact"]}
    create_with = staticmethod(services.create_connector)
    update_with = staticmethod(services.update_connector)
    delete_with = staticmethod(services.delete_connector)

    def get_queryset(self):
        return selectors.visible_connectors(self.request.user)


class DryRunSerializer(serializers.Serializer):
    organisation = organisation_code_field()
    plan = CleanJSONField(help_text=_('A fulfilment plan: {"tasks": [...], "actions": [...]}.'))
    answers = CleanJSONField(required=False, default=dict)
    requested_for = VisiblePrimaryKeyField(visible_people, queryset=Person.objects)


class DryRunOutcomeSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    action = serializers.CharField()
    connector = serializers.CharField()
    parameters = serializers.DictField()
    status = serializers.CharField()
    summary = serializers.CharField()
    error = serializers.CharField()


class DryRunView(APIView):
    """What each action of a plan would do for a person, changing nothing (admins only)."""

    @extend_schema(request=DryRunSerializer, responses=DryRunOutcomeSerializer(many=True))
    def post(self, request):
        given = DryRunSerializer(data=request.data, context={"request": request})
        given.is_valid(raise_exception=True)
        data = given.validated_data
        if data["requested_for"].organisation_id != data["organisation"].pk:
            raise exceptions.ValidationError(
                {"requested_for": [_("This person is not of the organisation.")]}
            )
        outcome = services.dry_run_plan(
            request.user,
            data["plan"],
            organisation=data["organisation"],
            answers=data["answers"] if isinstance(data["answers"], dict) else {},
            requested_for=data["requested_for"],
        )
        return Response(DryRunOutcomeSerializer(outcome, many=True).data)


urlpatterns = [
    re_path(
        rf"^tickets/(?P<reference>{numbering.REFERENCE_PATTERN})/tasks/$",
        TicketTasksView.as_view(),
        name="ticket-tasks",
    ),
    re_path(
        rf"^tickets/(?P<reference>{numbering.REFERENCE_PATTERN})/actions/$",
        TicketActionsView.as_view(),
        name="ticket-actions",
    ),
    path("tasks/", MyTasksView.as_view(), name="my-tasks"),
    path("tasks/<int:pk>/complete/", TaskCompleteView.as_view(), name="task-complete"),
    path("tasks/<int:pk>/checklist/", TaskChecklistView.as_view(), name="task-checklist"),
    path("actions/<int:pk>/retry/", ActionRetryView.as_view(), name="action-retry"),
    path("fulfilment/dry-run/", DryRunView.as_view(), name="fulfilment-dry-run"),
]
