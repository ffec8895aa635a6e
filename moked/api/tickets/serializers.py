import re
from html import unescape

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from moked.api.fields import VisiblePrimaryKeyField
from moked.api.serializers import ResponseSerializer
from moked.api.tenancy import organisation_code_field
from moked.catalog.models import Category, Service
from moked.catalog.selectors import visible_categories, visible_services
from moked.people.models import Person, SupportGroup, Tier
from moked.people.selectors import assignable_agents, visible_groups, visible_people
from moked.tickets import lifecycle, numbering
from moked.tickets.models import (
    ENABLED_TYPE_CHOICES,
    MAX_DESCRIPTION_LENGTH,
    Attachment,
    Channel,
    Comment,
    Escalation,
    Level,
    Priority,
    ResolutionCode,
    Status,
    TicketEvent,
    TicketType,
)

# --- what a ticket shows ----------------------------------------------------------------------


# Read-only shapes are plain Serializers with their fields spelled out: a ModelSerializer
# rebuilds its fields from the model on every use, which costs more than the data itself.


class OrganisationSummary(ResponseSerializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class PersonSummary(ResponseSerializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    email = serializers.EmailField(read_only=True)


class GroupSummary(ResponseSerializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    tier = serializers.ChoiceField(choices=Tier.choices, read_only=True)


class ServiceSummary(ResponseSerializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    criticality = serializers.ChoiceField(choices=Service.Criticality.choices, read_only=True)
    coverage = serializers.ChoiceField(choices=Service.Coverage.choices, read_only=True)
    service_model = serializers.ChoiceField(choices=Service.ServiceModel.choices, read_only=True)


class CategorySummary(ResponseSerializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    path = serializers.CharField(read_only=True)


# Fields about the provider's internal queues, which the client side does not see.
STAFF_ONLY_FIELDS = (
    "group",
    "assignee",
    "tier",
    "functional_escalations",
    "hierarchical_escalations",
    "escalated_to",
)


class TicketSerializer(ResponseSerializer):
    reference = serializers.CharField(read_only=True)
    ticket_type = serializers.ChoiceField(choices=TicketType.choices, read_only=True)
    organisation = OrganisationSummary(read_only=True)
    requester = PersonSummary(read_only=True)
    service = ServiceSummary(read_only=True, allow_null=True)
    category = CategorySummary(read_only=True, allow_null=True)
    subject = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    impact = serializers.ChoiceField(choices=Level.choices, read_only=True)
    urgency = serializers.ChoiceField(choices=Level.choices, read_only=True)
    priority = serializers.ChoiceField(choices=Priority.choices, read_only=True)
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    group = GroupSummary(read_only=True, allow_null=True)
    assignee = PersonSummary(read_only=True, allow_null=True)
    tier = serializers.ChoiceField(choices=Tier.choices, read_only=True)
    channel = serializers.ChoiceField(choices=Channel.choices, read_only=True)
    tags = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    first_response_at = serializers.DateTimeField(read_only=True, allow_null=True)
    resolved_at = serializers.DateTimeField(read_only=True, allow_null=True)
    closed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    resolution_code = serializers.ChoiceField(
        choices=ResolutionCode.choices, read_only=True, allow_blank=True
    )
    resolution_text = serializers.CharField(read_only=True)
    reopen_count = serializers.IntegerField(read_only=True)
    functional_escalations = serializers.IntegerField(read_only=True)
    hierarchical_escalations = serializers.IntegerField(read_only=True)
    escalated_to = PersonSummary(read_only=True, allow_null=True)
    sla_due_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=_("When the earliest running SLA clock runs out.")
    )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_tags(self, ticket) -> list[str]:
        links = getattr(ticket, "tags_by_name", None)  # prefetched by the selectors
        if links is None:
            links = ticket.tag_links.order_by("name")
        return [link.name for link in links]

    def to_representation(self, ticket):
        """The declared fields above, written out by hand: DRF's generic walk over them costs
        several times more for a page of tickets. `declared_representation` is the generic walk;
        tests/api/test_ticket_representation.py holds the two to the same output."""
        data = {
            "reference": ticket.reference,
            "ticket_type": ticket.ticket_type,
            "organisation": _organisation(ticket.organisation),
            "requester": _person(ticket.requester),
            "service": _service(ticket.service),
            "category": _category(ticket.category),
            "subject": ticket.subject,
            "description": ticket.description,
            "impact": ticket.impact,
            "urgency": ticket.urgency,
            "priority": ticket.priority,
            "status": ticket.status,
            "group": _group(ticket.group),
            "assignee": _person(ticket.assignee),
            "tier": ticket.tier,
            "channel": ticket.channel,
            "tags": self.get_tags(ticket),
            "created_at": _when(ticket.created_at),
            "updated_at": _when(ticket.updated_at),
            "first_response_at": _when(ticket.first_response_at),
            "resolved_at": _when(ticket.resolved_at),
            "closed_at": _when(ticket.closed_at),
            "resolution_code": ticket.resolution_code,
            "resolution_text": ticket.resolution_text,
            "reopen_count": ticket.reopen_count,
            "functional_escalations": ticket.functional_escalations,
            "hierarchical_escalations": ticket.hierarchical_escalations,
            "escalated_to": _person(ticket.escalated_to),
            "sla_due_at": _when(ticket.sla_due_at),
        }
        return self._for_viewer(data)

    def declared_representation(self, ticket):
        return self._for_viewer(super().to_representation(ticket))

    def _for_viewer(self, data):
        if not self.context["request"].user.is_staff_member:
            for field in STAFF_ONLY_FIELDS:
                data.pop(field)
        return data


_DATETIME = serializers.DateTimeField()


def _when(value):
    return None if value is None else _DATETIME.to_representation(value)


def _person(person):
    return None if person is None else {"id": person.pk, "name": person.name, "email": person.email}


def _organisation(organisation):
    return {"id": organisation.pk, "code": organisation.code, "name": organisation.name}


def _group(group):
    return None if group is None else {"id": group.pk, "name": group.name, "tier": group.tier}


def _category(category):
    return None if category is None else {"id": category.pk, "name": category.name, "path": category.path}


def _service(service):
    if service is None:
        return None
    return {
        "id": service.pk,
        "name": service.name,
        "criticality": service.criticality,
        "coverage": service.coverage,
        "service_model": service.service_model,
    }


# --- what a ticket takes ----------------------------------------------------------------------


class TicketWriteFields(serializers.Serializer):
    """The fields shared by creating and changing a ticket."""

    service = VisiblePrimaryKeyField(
        visible_services, queryset=Service.objects, required=False, allow_null=True
    )
    category = VisiblePrimaryKeyField(
        visible_categories, queryset=Category.objects, required=False, allow_null=True
    )
    subject = serializers.CharField(max_length=300, required=False)
    description = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text=format_lazy(
            _("At most {limit} characters; attach longer texts as files."), limit=MAX_DESCRIPTION_LENGTH
        ),
    )
    impact = serializers.ChoiceField(choices=Level.choices, required=False)
    urgency = serializers.ChoiceField(choices=Level.choices, required=False)
    priority = serializers.ChoiceField(
        choices=Priority.choices, required=False, help_text=_("Overrides the priority matrix (staff only).")
    )
    group = VisiblePrimaryKeyField(
        visible_groups, queryset=SupportGroup.objects, required=False, allow_null=True
    )
    assignee = VisiblePrimaryKeyField(
        assignable_agents, queryset=Person.objects, required=False, allow_null=True
    )
    tier = serializers.ChoiceField(choices=Tier.choices, required=False)
    tags = serializers.ListField(child=serializers.CharField(max_length=50), required=False, max_length=20)


class TicketCreateSerializer(TicketWriteFields):
    ticket_type = serializers.ChoiceField(
        choices=ENABLED_TYPE_CHOICES,
        required=False,
        help_text=_(
            "An incident unless given, or unless classification sets it (automatic mode); likewise "
            "category, service, group, impact and urgency left out may be set by classification."
        ),
    )
    organisation = organisation_code_field(
        required=False,
        help_text=_("The organisation's code; taken from the requester when left out."),
    )
    requester = VisiblePrimaryKeyField(
        visible_people,
        queryset=Person.objects,
        required=False,
        help_text=_("Defaults to the person calling the API."),
    )
    requester_email = serializers.EmailField(
        required=False,
        help_text=_(
            "Instead of requester: a person found by e-mail, or created as an end user when the address "
            "is in one of the organisation's e-mail domains."
        ),
    )
    subject = serializers.CharField(max_length=300)
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.API)
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        required=False,
        max_length=20,
        default=list,
        help_text=_(
            "Files sent with the ticket (multipart form data): if one is refused, no ticket is opened."
        ),
    )

    def validate_channel(self, channel):
        if channel not in (Channel.API, Channel.PORTAL) and not self.context["request"].user.is_staff_member:
            raise serializers.ValidationError(
                _("Only the service desk records tickets that came through other channels."),
                code="not_allowed",
            )
        return channel

    def validate(self, attrs):
        if "requester" in attrs and "requester_email" in attrs:
            raise serializers.ValidationError(
                {"requester_email": _("Give either requester or requester_email.")}
            )
        return attrs


class TicketUpdateSerializer(TicketWriteFields):
    requester = VisiblePrimaryKeyField(visible_people, queryset=Person.objects, required=False)
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    resolution_code = serializers.ChoiceField(choices=ResolutionCode.choices, required=False)
    resolution_text = serializers.CharField(max_length=20_000, required=False, allow_blank=True)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError(_("Send at least one field to change."), code="empty")
        if ("resolution_code" in attrs or "resolution_text" in attrs) and attrs.get(
            "status"
        ) != lifecycle.RESOLVED:
            raise serializers.ValidationError(
                {"resolution_code": _("A resolution is given when setting the status to resolved.")}
            )
        return attrs


class TransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices)
    resolution_code = serializers.ChoiceField(choices=ResolutionCode.choices, required=False, default="")
    resolution_text = serializers.CharField(max_length=20_000, required=False, allow_blank=True, default="")
    reason = serializers.CharField(max_length=5_000, required=False, allow_blank=True, default="")


class AllowedTransitionsSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    allowed = serializers.ListField(child=serializers.ChoiceField(choices=Status.choices), read_only=True)


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5_000, required=False, allow_blank=True, default="")


class EscalationSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Escalation.Kind.choices)
    reason = serializers.CharField(max_length=5_000)
    group = VisiblePrimaryKeyField(
        visible_groups,
        queryset=SupportGroup.objects,
        required=False,
        help_text=_("Functional: the higher-tier group to hand the ticket to."),
    )
    manager = VisiblePrimaryKeyField(
        assignable_agents,
        queryset=Person.objects,
        required=False,
        help_text=_("Hierarchical: the team lead to flag it to (default: a lead of the ticket's group)."),
    )

    def validate(self, attrs):
        if attrs["kind"] == Escalation.Kind.FUNCTIONAL and "group" not in attrs:
            raise serializers.ValidationError({"group": _("Name the group to escalate to.")}, code="required")
        return attrs


class RelatedTicketSerializer(serializers.Serializer):
    ticket = serializers.RegexField(
        rf"^{numbering.REFERENCE_PATTERN}$", help_text=_("The other ticket's reference, e.g. INC-000123.")
    )


class TicketLinkSerializer(serializers.Serializer):
    relation = serializers.CharField(read_only=True)
    ticket = serializers.CharField(read_only=True)
    subject = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)


class MergeSerializer(serializers.Serializer):
    into = serializers.RegexField(
        rf"^{numbering.REFERENCE_PATTERN}$", help_text=_("The ticket to merge this duplicate into.")
    )
    tell_requester = serializers.BooleanField(
        required=False, default=True, help_text=_("Tell the duplicate's requester where it goes on.")
    )


# --- conversation and history -----------------------------------------------------------------


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()
    uploaded_by = PersonSummary(read_only=True)

    class Meta:
        model = Attachment
        fields = [
            "id",
            "filename",
            "content_type",
            "size",
            "sha256",
            "is_public",
            "comment",
            "uploaded_by",
            "created_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, attachment) -> str:
        return self.context["request"].build_absolute_uri(f"/api/v1/attachments/{attachment.pk}/download/")


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True)
    is_public = serializers.BooleanField(default=True)


_CID_SOURCE = re.compile(r'src="cid:([^"]+)"')


class CommentSerializer(serializers.ModelSerializer):
    author = PersonSummary(read_only=True, allow_null=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    html = serializers.SerializerMethodField(
        help_text=_(
            "The e-mail as formatted by its sender (sanitised, with its quoted history); images shown "
            "inside it point to their attachments' download URLs. Empty unless written by e-mail."
        )
    )

    class Meta:
        model = Comment
        fields = ["id", "author", "body", "html", "is_public", "channel", "created_at", "attachments"]
        read_only_fields = fields

    def get_html(self, comment) -> str:
        if not comment.html:
            return ""
        inline = {a.content_id: a for a in comment.attachments.all() if a.content_id}

        def download_url(match: re.Match) -> str:
            attachment = inline.get(unescape(match.group(1)))
            if attachment is None:
                return match.group(0)
            return f'src="{AttachmentSerializer(context=self.context).get_download_url(attachment)}"'

        return _CID_SOURCE.sub(download_url, comment.html)


class CommentCreateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=100_000, allow_blank=True, trim_whitespace=False, default="")
    is_public = serializers.BooleanField(
        default=True, help_text=_("False for an internal note (staff only).")
    )
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        required=False,
        default=list,
        help_text=_(
            "At most MOKED_ATTACHMENTS_PER_COMMENT files (10), of MOKED_ATTACHMENTS_TOTAL_BYTES "
            "together (50 MB)."
        ),
    )


# Event details the client side may see; the rest names internal groups and people.
PUBLIC_EVENT_DATA = ("reason", "reopen", "filename", "size", "attachment")


class TicketEventSerializer(serializers.ModelSerializer):
    actor = PersonSummary(read_only=True, allow_null=True)

    class Meta:
        model = TicketEvent
        fields = [
            "id",
            "kind",
            "actor",
            "at",
            "channel",
            "field",
            "old_value",
            "new_value",
            "old_label",
            "new_label",
            "is_public",
            "comment",
            "data",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context["request"].user.is_staff_member:
            data["data"] = {k: v for k, v in data["data"].items() if k in PUBLIC_EVENT_DATA}
        return data


# --- phone ------------------------------------------------------------------------------------


class CallSerializer(TicketWriteFields):
    caller = VisiblePrimaryKeyField(visible_people, queryset=Person.objects)
    notes = serializers.CharField(max_length=100_000, help_text=_("What the caller said and what was done."))
    ticket = serializers.CharField(
        required=False,
        help_text=_("An existing ticket (INC-000123) to log the call on, instead of a new one."),
    )
    ticket_type = serializers.ChoiceField(choices=ENABLED_TYPE_CHOICES, required=False)
    direction = serializers.ChoiceField(
        choices=[("inbound", _("Inbound")), ("outbound", _("Outbound"))], default="inbound"
    )
    duration_seconds = serializers.IntegerField(min_value=0, max_value=86_400, required=False)

    def validate(self, attrs):
        if "ticket" not in attrs and not attrs.get("subject", "").strip():
            raise serializers.ValidationError(
                {"subject": _("A new ticket needs a subject.")}, code="required"
            )
        return attrs
