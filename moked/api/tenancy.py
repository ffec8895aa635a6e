"""/api/v1/organisations/: everyone lists what they may see; admins create and change."""

from rest_framework import serializers

from moked.api.fields import CleanJSONField, VisibleSlugField
from moked.api.viewsets import ServiceBackedViewSet
from moked.people.selectors import visible_organisations
from moked.tenancy import services
from moked.tenancy.models import Organisation
from moked.tenancy.validators import validate_email_domain


def organisation_code_field(**kwargs) -> VisibleSlugField:
    """An organisation named by its code, among those the requesting person may see."""
    return VisibleSlugField(visible_organisations, queryset=Organisation.objects, slug_field="code", **kwargs)


class EmailDomainsField(serializers.ListField):
    """Domains as a list of names; written as a whole (the new list replaces the old)."""

    def to_representation(self, domains):
        return sorted(d.domain for d in domains.all())


class OrganisationSerializer(serializers.ModelSerializer):
    email_domains = EmailDomainsField(
        child=serializers.CharField(max_length=253, validators=[validate_email_domain]),
        required=False,
        max_length=100,
    )
    priority_matrix = CleanJSONField(required=False, allow_null=True)
    tags = serializers.ListField(child=serializers.CharField(max_length=50), required=False, max_length=20)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "code",
            "name",
            "language",
            "timezone",
            "country",
            "status",
            "email_domains",
            "reopen_window_days",
            "priority_matrix",
            "auto_create_requesters",
            "articles_in_acknowledgement",
            "tags",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        # Uniqueness is checked by the service, inside its transaction.
        extra_kwargs = {"code": {"validators": []}}


class OrganisationViewSet(ServiceBackedViewSet):
    serializer_class = OrganisationSerializer
    filterset_fields = ["status", "country", "language"]
    create_with = staticmethod(services.create_organisation)
    update_with = staticmethod(services.update_organisation)

    def get_queryset(self):
        return visible_organisations(self.request.user)
