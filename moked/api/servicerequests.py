"""/api/v1/catalog/items/ and /api/v1/catalog/requests/: the service catalogue.

Items: what the acting person may request (`?q=` searches names and descriptions in the four
languages; the provider's staff pick the caller's organisation with `?organisation=<code>`),
each with its current form; `forms/` lists an item's form versions. Admins create and change
items and write new form versions (moked.servicerequests.services).

Requests: `POST` submits one (JSON, or multipart with the answers as a JSON text and the files
as `attachments`, each attachment answer naming a file); `GET` lists the acting person's own
(made by or for them) and reads one by its ticket's reference, its answers labelled in the
reader's language from the form version it was made with.
"""

import json

from django.utils import translation
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from moked.api.fields import CleanJSONField, VisiblePrimaryKeyField
from moked.api.pagination import NewestFirstCursorPagination
from moked.api.serializers import ResponseSerializer
from moked.api.tenancy import organisation_code_field
from moked.catalog.models import Category, Service
from moked.catalog.selectors import visible_categories, visible_services
from moked.multilingual import in_language
from moked.people.models import ClientGroup, Person, SupportGroup
from moked.people.selectors import (
    visible_client_groups,
    visible_groups,
    visible_organisations,
)
from moked.servicerequests import selectors, services
from moked.servicerequests.models import ICONS, CatalogItem, ServiceRequest
from moked.tickets import numbering
from moked.tickets.models import ENABLED_CHANNELS, Channel

CONFIGURATION = (
    "approval_steps",
    "fulfilment_plan",
    "groups",
    "fulfilment_group",
    "created_at",
    "updated_at",
)


class FormSerializer(ResponseSerializer):
    version = serializers.IntegerField()
    fields = serializers.JSONField(help_text="The form's fields (moked.catalog.request_forms).")
    created_at = serializers.DateTimeField()


class CatalogItemSerializer(serializers.ModelSerializer):
    organisation = organisation_code_field(required=False, allow_null=True)
    service = VisiblePrimaryKeyField(
        visible_services, queryset=Service.objects, required=False, allow_null=True
    )
    category = VisiblePrimaryKeyField(
        visible_categories, queryset=Category.objects, required=False, allow_null=True
    )
    groups = VisiblePrimaryKeyField(
        visible_client_groups, queryset=ClientGroup.objects, many=True, required=False
    )
    fulfilment_group = VisiblePrimaryKeyField(
        visible_groups, queryset=SupportGroup.objects, required=False, allow_null=True
    )
    name = CleanJSONField(
        help_text='Per language: {"en": ..., "he": ..., "fa": ..., "fi": ...}; English required.'
    )
    description = CleanJSONField(required=False)
    approval_steps = CleanJSONField(
        required=False, help_text="The approval chain (see docs/using/catalogue.md)."
    )
    fulfilment_plan = CleanJSONField(required=False, help_text="Tasks and automated actions once approved.")
    icon = serializers.ChoiceField(choices=ICONS, required=False)
    form = CleanJSONField(
        write_only=True, required=False, help_text="The form's fields: a new version if changed."
    )
    current_form = serializers.SerializerMethodField()

    class Meta:
        model = CatalogItem
        fields = ["id", *services.ITEM_FIELDS, "form", "current_form", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        validators = []  # the code's uniqueness is checked with the model's own rules by the service

    @extend_schema_field(FormSerializer(allow_null=True))
    def get_current_form(self, item):
        form = selectors.current_form(item)
        return FormSerializer(form).data if form is not None else None

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context["request"].user.is_admin:
            for configuration in CONFIGURATION:  # how the provider works is the provider's
                data.pop(configuration, None)
        return data


class ItemQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    organisation = serializers.CharField(required=False, max_length=20)


ITEM_LIST_PARAMETERS = [
    OpenApiParameter(
        "q", str, description="Words found in the name or description, in any of the four languages."
    ),
    OpenApiParameter(
        "organisation",
        str,
        description="Staff: the code of the caller's organisation (one they serve).",
    ),
]


@extend_schema_view(list=extend_schema(parameters=ITEM_LIST_PARAMETERS))
class CatalogItemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The catalogue items the acting person may request; admins configure them."""

    serializer_class = CatalogItemSerializer
    lookup_value_regex = r"\d{1,18}"
    parser_classes = [JSONParser]

    def get_queryset(self):
        person = self.request.user
        if self.action != "list":
            return selectors.with_current_forms(selectors.readable_items(person))
        query = ItemQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        organisation = None
        code = query.validated_data.get("organisation")
        if code:
            organisation = visible_organisations(person).filter(code=code).first()
            if organisation is None:
                return CatalogItem.objects.none()
        items = selectors.items_for(
            person, query=query.validated_data.get("q", ""), organisation=organisation
        )
        return selectors.with_current_forms(items)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = services.save_item(request.user, None, **serializer.validated_data)
        return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        item = self.get_object()
        serializer = self.get_serializer(item, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        item = services.save_item(request.user, item, **serializer.validated_data)
        return Response(self.get_serializer(item).data)

    @extend_schema(
        methods=["get"],
        responses=FormSerializer(many=True),
        description="The item's form versions, newest first.",
    )
    @extend_schema(
        methods=["post"],
        request={"application/json": {"type": "array", "items": {"type": "object"}}},
        responses={201: FormSerializer},
        description="Admins: a new version of the item's form (the fields as a list).",
    )
    @action(detail=True, methods=["get", "post"])
    def forms(self, request, pk=None):
        item = self.get_object()
        if request.method == "GET":
            return Response(FormSerializer(selectors.form_versions(request.user, item), many=True).data)
        form = services.new_form_version(request.user, item, request.data)
        return Response(FormSerializer(form).data, status=status.HTTP_201_CREATED)


class AnswersField(CleanJSONField):
    """The answers, {field key: value}: an object, or (in a multipart body) its JSON text."""

    default_error_messages = {"not_object": gettext_lazy("Give the answers as an object of field keys.")}

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                self.fail("not_object")
        value = super().to_internal_value(data)
        if not isinstance(value, dict):
            self.fail("not_object")
        return value


class CatalogRequestCreateSerializer(serializers.Serializer):
    item = VisiblePrimaryKeyField(selectors.items_for, queryset=CatalogItem.objects)
    answers = AnswersField(required=False, default=dict)
    requested_for = VisiblePrimaryKeyField(
        selectors.requestable_people,
        queryset=Person.objects,
        required=False,
        allow_null=True,
        help_text="A person of the same organisation (default: the person who asks).",
    )
    requested_by = VisiblePrimaryKeyField(
        selectors.requestable_people,
        queryset=Person.objects,
        required=False,
        allow_null=True,
        help_text="Staff: the caller who asks (default: the person it is for).",
    )
    channel = serializers.ChoiceField(
        choices=[c for c in ENABLED_CHANNELS if c != Channel.EMAIL], required=False, default=Channel.API
    )
    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class AnswerSerializer(ResponseSerializer):
    key = serializers.CharField()
    type = serializers.CharField()
    label = serializers.CharField(help_text="In the reader's language, from the request's form version.")
    value = serializers.JSONField()
    text = serializers.CharField(help_text="The value as read: a choice's label, yes or no, a person's name.")


class CatalogRequestSerializer(ResponseSerializer):
    reference = serializers.CharField(source="ticket.reference")
    status = serializers.CharField(source="ticket.status")
    subject = serializers.CharField(source="ticket.subject")
    item = serializers.IntegerField(source="item_id")
    item_code = serializers.CharField(source="item.code")
    item_name = serializers.SerializerMethodField()
    form_version = serializers.IntegerField(source="form.version")
    requested_by = serializers.IntegerField(source="requested_by_id")
    requested_for = serializers.IntegerField(source="requested_for_id")
    created_at = serializers.DateTimeField()
    answers = serializers.SerializerMethodField()

    def get_item_name(self, request) -> str:
        return in_language(request.item.name, translation.get_language() or "en")

    @extend_schema_field(AnswerSerializer(many=True))
    def get_answers(self, request):
        language = translation.get_language() or "en"
        return [
            row.__dict__ for row in selectors.labelled_answers(request.form.fields, request.answers, language)
        ]


class NewestRequestFirst(NewestFirstCursorPagination):
    ordering = "-ticket_id"  # a request is keyed by its ticket


REFERENCE = OpenApiParameter(
    "reference", str, OpenApiParameter.PATH, description="The request's ticket reference."
)


@extend_schema_view(
    retrieve=extend_schema(parameters=[REFERENCE]),
    create=extend_schema(
        request={
            "application/json": CatalogRequestCreateSerializer,
            "multipart/form-data": CatalogRequestCreateSerializer,
        },
        responses={201: CatalogRequestSerializer},
    ),
)
class ServiceRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The acting person's catalogue requests (made by or for them); one by its ticket's reference."""

    serializer_class = CatalogRequestSerializer
    lookup_field = "reference"
    lookup_value_regex = numbering.REFERENCE_PATTERN
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    pagination_class = NewestRequestFirst

    def get_queryset(self):
        return selectors.requests_of(self.request.user)

    def get_object(self) -> ServiceRequest:
        try:
            return selectors.request_by_reference(self.request.user, self.kwargs["reference"])
        except ServiceRequest.DoesNotExist:
            raise exceptions.NotFound() from None

    def create(self, request, *args, **kwargs):
        serializer = CatalogRequestCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        made = services.submit_request(
            request.user,
            data["item"],
            data["answers"],
            requested_for=data.get("requested_for"),
            requested_by=data.get("requested_by"),
            channel=data["channel"],
            files=data["attachments"],
        )
        return Response(self.get_serializer(made).data, status=status.HTTP_201_CREATED)
