"""/api/v1/rules/ (with the dry run), /api/v1/email-templates/, /api/v1/macros/ (applied through
/api/v1/tickets/{ref}/macros/) and /api/v1/auto-close/{CODE}/."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from moked.api.fields import CleanJSONField
from moked.api.tenancy import organisation_code_field
from moked.api.tickets.lookup import ticket_or_404
from moked.api.viewsets import ServiceBackedDeletableViewSet
from moked.automation import engine, selectors, services
from moked.automation.models import EmailTemplate, Macro, Rule, Trigger
from moked.people.selectors import visible_organisations
from moked.tickets.models import EventChannel


class RuleSerializer(serializers.ModelSerializer):
    organisation = organisation_code_field(required=False, allow_null=True)
    conditions = CleanJSONField(required=False)
    actions = CleanJSONField()

    class Meta:
        model = Rule
        fields = [
            "id",
            "organisation",
            "name",
            "description",
            "position",
            "is_active",
            "trigger",
            "time_anchor",
            "time_amount",
            "time_unit",
            "conditions",
            "actions",
            "stop_processing",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]


class DryRunRequestSerializer(serializers.Serializer):
    ticket = serializers.CharField(help_text=_("The ticket's reference, e.g. INC-000123."))
    trigger = serializers.ChoiceField(choices=Trigger.choices, required=False)
    rule = serializers.IntegerField(required=False, help_text=_("Only this saved rule."))
    conditions = CleanJSONField(required=False, help_text=_("An unsaved rule's conditions."))
    actions = CleanJSONField(required=False, help_text=_("An unsaved rule's actions."))


class FiringSerializer(serializers.Serializer):
    rule = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    matched = serializers.BooleanField()
    changes = serializers.ListField(child=serializers.DictField())
    error = serializers.CharField()
    conditions = serializers.ListField(child=serializers.DictField())


class RuleViewSet(ServiceBackedDeletableViewSet):
    """Rules run in order when their trigger happens and their conditions hold. Admins write them."""

    serializer_class = RuleSerializer
    filterset_fields = {"organisation__code": ["exact"], "trigger": ["exact"], "is_active": ["exact"]}
    create_with = staticmethod(services.create_rule)
    update_with = staticmethod(services.update_rule)
    delete_with = staticmethod(services.delete_rule)

    def get_queryset(self):
        return selectors.visible_rules(self.request.user)

    @extend_schema(request=DryRunRequestSerializer, responses=FiringSerializer(many=True))
    @action(detail=False, methods=["post"], url_path="dry-run")
    def dry_run(self, request):
        """Which rules would fire on a ticket now, and what they would change; nothing is written.

        Give `conditions` and `actions` to try a rule before saving it."""
        if not (request.user.is_active and request.user.is_staff_member):
            raise exceptions.PermissionDenied()
        query = DryRunRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        ticket = ticket_or_404(request, data["ticket"])
        rules = None
        if "rule" in data:
            rules = list(self.get_queryset().filter(pk=data["rule"]))
            if not rules:
                raise exceptions.NotFound()
        elif "actions" in data or "conditions" in data:
            draft = Rule(
                organisation=ticket.organisation,
                name=str(request.data.get("name") or "draft"),
                trigger=data.get("trigger") or Trigger.TICKET_UPDATED,
                conditions=data.get("conditions") or {},
                actions=data.get("actions") or [],
            )
            draft.clean()  # the same checks as saving: bad patterns and actions are a 400
            rules = [draft]
        firings = engine.dry_run(ticket, trigger=data.get("trigger"), rules=rules)
        return Response(FiringSerializer([firing.as_dict() for firing in firings], many=True).data)


class EmailTemplateSerializer(serializers.ModelSerializer):
    organisation = organisation_code_field(required=False, allow_null=True)
    translations = CleanJSONField(required=False)

    class Meta:
        model = EmailTemplate
        fields = ["id", "organisation", "name", "subject", "body", "translations", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]


class EmailTemplateViewSet(ServiceBackedDeletableViewSet):
    """Messages rules send, with placeholders, per language. Admins write them."""

    serializer_class = EmailTemplateSerializer
    filterset_fields = {"organisation__code": ["exact"]}
    create_with = staticmethod(services.create_email_template)
    update_with = staticmethod(services.update_email_template)
    delete_with = staticmethod(services.delete_email_template)

    def get_queryset(self):
        return selectors.visible_email_templates(self.request.user)


class MacroSerializer(serializers.ModelSerializer):
    organisation = organisation_code_field(required=False, allow_null=True)
    actions = CleanJSONField(required=False)

    class Meta:
        model = Macro
        fields = [
            "id",
            "organisation",
            "name",
            "description",
            "reply",
            "reply_is_public",
            "actions",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]


class MacroViewSet(ServiceBackedDeletableViewSet):
    """Canned responses: a reply with placeholders and actions. Admins and team leads keep them."""

    serializer_class = MacroSerializer
    filterset_fields = {"organisation__code": ["exact"], "is_active": ["exact"]}
    create_with = staticmethod(services.create_macro)
    update_with = staticmethod(services.update_macro)
    delete_with = staticmethod(services.delete_macro)

    def get_queryset(self):
        return selectors.visible_macros(self.request.user)


class ChangeSerializer(serializers.Serializer):
    action = serializers.CharField()
    description = serializers.CharField()


class TicketMacrosView(APIView):
    """The macros an agent can apply to this ticket."""

    @extend_schema(responses=MacroSerializer(many=True))
    def get(self, request, reference):
        ticket = ticket_or_404(request, reference)
        macros = selectors.macros_for_ticket(request.user, ticket)
        return Response(MacroSerializer(macros, many=True, context={"request": request}).data)


class ApplyMacroView(APIView):
    """Apply a macro to the ticket: its actions, then its reply, as the requesting agent."""

    @extend_schema(request=None, responses=ChangeSerializer(many=True))
    def post(self, request, reference, pk):
        ticket = ticket_or_404(request, reference)
        macro = selectors.macros_for_ticket(request.user, ticket).filter(pk=pk).first()
        if macro is None:
            raise exceptions.NotFound()
        changes = services.apply_macro(request.user, ticket, macro, channel=EventChannel.API)
        return Response(ChangeSerializer([change.as_dict() for change in changes], many=True).data)


class AutoCloseSerializer(serializers.Serializer):
    organisation = serializers.CharField(source="organisation.code", read_only=True)
    remind_after_business_days = serializers.IntegerField(min_value=0, max_value=365, required=False)
    close_after_business_days = serializers.IntegerField(min_value=0, max_value=365, required=False)
    close_resolved_after_days = serializers.IntegerField(min_value=0, max_value=365, required=False)


class AutoCloseView(APIView):
    """How long an organisation's tickets wait on the customer (reminder, close) and when resolved."""

    def _organisation(self, request, code):
        organisation = visible_organisations(request.user).filter(code=code).first()
        if organisation is None or not request.user.is_staff_member:
            raise exceptions.NotFound()
        return organisation

    @extend_schema(responses=AutoCloseSerializer)
    def get(self, request, code):
        from moked.automation.schedule import policy_of

        return Response(AutoCloseSerializer(policy_of(self._organisation(request, code))).data)

    @extend_schema(request=AutoCloseSerializer, responses=AutoCloseSerializer)
    def put(self, request, code):
        organisation = self._organisation(request, code)
        given = AutoCloseSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        policy = services.set_auto_close_policy(request.user, organisation, **given.validated_data)
        return Response(AutoCloseSerializer(policy).data)
