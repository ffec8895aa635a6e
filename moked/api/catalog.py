"""/api/v1/services/ and /api/v1/categories/."""

from rest_framework import serializers

from moked.api.fields import VisiblePrimaryKeyField
from moked.api.tenancy import organisation_code_field
from moked.api.viewsets import ServiceBackedViewSet
from moked.catalog import selectors, services
from moked.catalog.models import Category, Service


class ServiceSerializer(serializers.ModelSerializer):
    organisation = organisation_code_field()

    class Meta:
        model = Service
        fields = [
            "id",
            "organisation",
            "name",
            "description",
            "criticality",
            "coverage",
            "service_model",
            "runbook",
            "dispatch_team",
            "dispatch_contact",
            "is_active",
        ]
        validators = []  # uniqueness is checked with the model's own rules by the service

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context["request"].user.is_staff_member:
            data.pop("runbook")  # how the provider works is internal
        return data


class CategorySerializer(serializers.ModelSerializer):
    organisation = organisation_code_field(
        required=False,
        allow_null=True,
    )
    parent = VisiblePrimaryKeyField(
        selectors.visible_categories, queryset=Category.objects, required=False, allow_null=True
    )
    path = serializers.CharField(read_only=True)

    class Meta:
        model = Category
        fields = ["id", "organisation", "parent", "name", "path", "is_active"]


class ServiceViewSet(ServiceBackedViewSet):
    serializer_class = ServiceSerializer
    filterset_fields = {
        "organisation__code": ["exact"],
        "criticality": ["exact"],
        "coverage": ["exact"],
        "service_model": ["exact"],
        "is_active": ["exact"],
    }
    create_with = staticmethod(services.create_service)
    update_with = staticmethod(services.update_service)

    def get_queryset(self):
        return selectors.visible_services(self.request.user)


class CategoryViewSet(ServiceBackedViewSet):
    serializer_class = CategorySerializer
    filterset_fields = {
        "organisation__code": ["exact"],
        "parent": ["exact", "isnull"],
        "is_active": ["exact"],
    }
    create_with = staticmethod(services.create_category)
    update_with = staticmethod(services.update_category)

    def get_queryset(self):
        return selectors.visible_categories(self.request.user)
