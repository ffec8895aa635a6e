"""/api/v1/people/, /api/v1/groups/ and /api/v1/client-groups/."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from moked.api.fields import EmailAddressField, VisiblePrimaryKeyField
from moked.api.tenancy import organisation_code_field
from moked.api.viewsets import ServiceBackedViewSet
from moked.people import selectors, services
from moked.people.models import ClientGroup, Person, SupportGroup


class PersonSerializer(serializers.ModelSerializer):
    organisation = organisation_code_field(
        required=False,
        allow_null=True,
    )
    organisations = organisation_code_field(many=True, required=False)
    email = EmailAddressField(max_length=254, required=False, allow_blank=True)  # internationalised too
    username = serializers.CharField(max_length=150, required=False)
    manager = VisiblePrimaryKeyField(
        selectors.visible_people,
        queryset=Person.objects,
        required=False,
        allow_null=True,
        help_text="The person's manager (same organisation), who approves where an item asks.",
    )
    password = serializers.CharField(
        write_only=True, required=False, min_length=10, max_length=128, style={"input_type": "password"}
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "username",
            "name",
            "email",
            "phone",
            "role",
            "organisation",
            "manager",
            "tier",
            "language",
            "timezone",
            "organisations",
            "is_service_manager",
            "is_active",
            "password",
            "date_joined",
            "last_login",
        ]
        read_only_fields = ["id", "date_joined", "last_login"]
        extra_kwargs = {"email": {"validators": []}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        viewer = self.context["request"].user
        if not viewer.is_staff_member:
            for staff_only in ("organisations", "tier", "last_login", "is_service_manager"):
                data.pop(staff_only, None)
        if not instance.is_staff_member:
            data.pop("organisations", None)
        return data


class GroupSerializer(serializers.ModelSerializer):
    members = VisiblePrimaryKeyField(
        selectors.assignable_agents, queryset=Person.objects, many=True, required=False
    )
    leads = VisiblePrimaryKeyField(
        selectors.assignable_agents, queryset=Person.objects, many=True, required=False
    )

    class Meta:
        model = SupportGroup
        fields = ["id", "name", "tier", "email", "description", "members", "leads", "is_active"]
        extra_kwargs = {"name": {"validators": []}}


class ClientGroupSerializer(serializers.ModelSerializer):
    organisation = organisation_code_field()
    members = VisiblePrimaryKeyField(
        selectors.visible_people, queryset=Person.objects, many=True, required=False
    )

    class Meta:
        model = ClientGroup
        fields = ["id", "organisation", "name", "members"]
        validators = []  # the name's uniqueness is checked with the model's own rules by the service


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("q", str, description="Name, e-mail or phone number (any formatting).")]
    )
)
class PersonViewSet(ServiceBackedViewSet):
    serializer_class = PersonSerializer
    filterset_fields = {"role": ["exact"], "organisation__code": ["exact"], "is_active": ["exact"]}
    create_with = staticmethod(services.create_person)
    update_with = staticmethod(services.update_person)

    def get_queryset(self):
        people = selectors.find_people(self.request.user, self.request.query_params.get("q", ""))
        return people.prefetch_related("organisations")

    @action(detail=False, methods=["get"])
    def me(self, request):
        """The person the token belongs to."""
        return Response(self.get_serializer(request.user).data)


class GroupViewSet(ServiceBackedViewSet):
    serializer_class = GroupSerializer
    filterset_fields = ["tier", "is_active"]
    create_with = staticmethod(services.create_group)
    update_with = staticmethod(services.update_group)

    def get_queryset(self):
        return selectors.visible_groups(self.request.user)


class ClientGroupViewSet(ServiceBackedViewSet):
    """A client organisation's groups (departments, teams): who may request a catalogue item,
    who approves a step. Managed by admins, the staff serving the organisation and its client
    managers; end users see the groups they belong to."""

    serializer_class = ClientGroupSerializer
    filterset_fields = {"organisation__code": ["exact"]}
    create_with = staticmethod(services.create_client_group)
    update_with = staticmethod(services.update_client_group)

    def get_queryset(self):
        return selectors.visible_client_groups(self.request.user)
