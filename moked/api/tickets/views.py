from django.db import transaction
from django.http import FileResponse
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from moked.api.pagination import OldestFirstCursorPagination
from moked.people.selectors import visible_organisation_for_domain
from moked.people.services import requester_for_email
from moked.tickets import numbering, selectors, services
from moked.tickets.models import Attachment, Escalation, EventChannel, Ticket
from moked.tickets.services import linking

from .filters import TicketFilter
from .lookup import ticket_or_404
from .serializers import (
    AllowedTransitionsSerializer,
    AttachmentSerializer,
    AttachmentUploadSerializer,
    CallSerializer,
    CommentCreateSerializer,
    CommentSerializer,
    EscalationSerializer,
    MergeSerializer,
    RelatedTicketSerializer,
    ReopenSerializer,
    TicketCreateSerializer,
    TicketEventSerializer,
    TicketLinkSerializer,
    TicketSerializer,
    TicketUpdateSerializer,
    TransitionSerializer,
)

CHANNEL = EventChannel.API
CALL_FIELDS = ("caller", "notes", "subject", "direction", "duration_seconds")


def _requester_and_organisation(actor, data: dict):
    """Work out who a new ticket is for and which organisation it belongs to."""
    organisation = data.pop("organisation", None)
    requester = data.pop("requester", None)
    email = data.pop("requester_email", None)
    if requester is None and email is None:
        if not actor.is_client:
            raise exceptions.ValidationError(
                {"requester": [_("Say whom the ticket is for: requester or requester_email.")]}
            )
        requester = actor
    if organisation is None and requester is not None:
        organisation = requester.organisation
    if organisation is None:
        organisation = visible_organisation_for_domain(actor, email.rpartition("@")[2])
        if organisation is None:
            raise exceptions.ValidationError(
                {"organisation": [_("Say which organisation the ticket is for.")]}
            )
    if requester is None:
        requester = requester_for_email(actor, organisation, email)
    return requester, organisation


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "q", str, description="Words to find in subject or description, or a reference."
            ),
            OpenApiParameter(
                "ordering",
                str,
                enum=[
                    "id",
                    "-id",
                    "created_at",
                    "-created_at",
                    "updated_at",
                    "-updated_at",
                    "priority",
                    "-priority",
                ],
            ),
        ]
    ),
    create=extend_schema(
        request={"application/json": TicketCreateSerializer, "multipart/form-data": TicketCreateSerializer},
        responses={201: TicketSerializer},
    ),
    partial_update=extend_schema(request=TicketUpdateSerializer, responses={200: TicketSerializer}),
)
class TicketViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Tickets the caller may see. Each action records events on the ticket's timeline."""

    serializer_class = TicketSerializer
    lookup_field = "reference"
    lookup_value_regex = numbering.REFERENCE_PATTERN
    filterset_class = TicketFilter
    ordering_fields = ["id", "created_at", "updated_at", "priority"]
    ordering = "-id"
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    http_method_names = ["get", "post", "patch", "head", "options"]

    filter_backends = [DjangoFilterBackend, OrderingFilter]

    def get_queryset(self):
        return selectors.ticket_list(self.request.user, q=self.request.query_params.get("q", ""))

    def get_object(self) -> Ticket:
        ticket = ticket_or_404(self.request, self.kwargs["reference"])
        self.check_object_permissions(self.request, ticket)
        return ticket

    def _respond(self, ticket: Ticket, status_code=status.HTTP_200_OK) -> Response:
        fresh = selectors.get_ticket(self.request.user, ticket.reference)
        return Response(
            TicketSerializer(fresh, context=self.get_serializer_context()).data, status=status_code
        )

    def create(self, request, *args, **kwargs):
        serializer = TicketCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        with transaction.atomic():
            requester, organisation = _requester_and_organisation(request.user, data)
            ticket = services.create_ticket(
                request.user, organisation=organisation, requester=requester, event_channel=CHANNEL, **data
            )
        # The new ticket holds every record it refers to already: no need to read it back.
        return Response(self.get_serializer(ticket).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        ticket = self.get_object()
        serializer = TicketUpdateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        transition = {
            key: changes.pop(key)
            for key in ("status", "resolution_code", "resolution_text")
            if key in changes
        }
        with transaction.atomic():
            if changes:
                ticket = services.update_ticket(request.user, ticket, changes, channel=CHANNEL)
            if "status" in transition and transition["status"] != ticket.status:
                ticket = services.change_status(
                    request.user, ticket, transition.pop("status"), channel=CHANNEL, **transition
                )
        return self._respond(ticket)

    @extend_schema(responses=AllowedTransitionsSerializer)
    @action(detail=True, methods=["get"])
    def transitions(self, request, reference=None):
        """The statuses the caller may move this ticket to now."""
        ticket = self.get_object()
        return Response({"status": ticket.status, "allowed": services.allowed_statuses(request.user, ticket)})

    @extend_schema(request=TransitionSerializer, responses=TicketSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, reference=None):
        """Move the ticket to another status (resolving needs a resolution code)."""
        ticket = self.get_object()
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ticket = services.change_status(
            request.user,
            ticket,
            data["status"],
            resolution_code=data["resolution_code"],
            resolution_text=data["resolution_text"],
            reason=data["reason"],
            channel=CHANNEL,
        )
        return self._respond(ticket)

    @extend_schema(request=ReopenSerializer, responses=TicketSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, reference=None):
        """Reopen a resolved ticket (or a closed one within the reopen window)."""
        ticket = self.get_object()
        serializer = ReopenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ticket = services.reopen_ticket(
            request.user, ticket, reason=serializer.validated_data["reason"], channel=CHANNEL
        )
        return self._respond(ticket)

    @extend_schema(request=EscalationSerializer, responses=TicketSerializer)
    @action(detail=True, methods=["post"])
    def escalate(self, request, reference=None):
        """Escalate functionally (to a higher-tier group) or hierarchically (flag to a team lead)."""
        ticket = self.get_object()
        serializer = EscalationSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["kind"] == Escalation.Kind.FUNCTIONAL:
            ticket = services.escalate_ticket(
                request.user, ticket, group=data["group"], reason=data["reason"], channel=CHANNEL
            )
        else:
            ticket = services.flag_to_manager(
                request.user, ticket, reason=data["reason"], manager=data.get("manager"), channel=CHANNEL
            )
        return self._respond(ticket)

    def _other(self, reference: str) -> Ticket:
        return ticket_or_404(self.request, reference)

    def _links(self, ticket: Ticket) -> Response:
        links = [
            {
                "relation": relation,
                "ticket": other.reference,
                "subject": other.subject,
                "status": other.status,
            }
            for relation, other in selectors.ticket_links(self.request.user, ticket)
        ]
        return Response(TicketLinkSerializer(links, many=True).data)

    @extend_schema(methods=["get"], responses=TicketLinkSerializer(many=True))
    @extend_schema(
        methods=["post"], request=RelatedTicketSerializer, responses=TicketLinkSerializer(many=True)
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def links(self, request, reference=None):
        """Tickets related to this one; post another ticket's reference to relate them."""
        ticket = self.get_object()
        if request.method == "POST":
            serializer = RelatedTicketSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            other = self._other(serializer.validated_data["ticket"])
            linking.link_tickets(request.user, ticket, other, channel=CHANNEL)
        return self._links(ticket)

    @extend_schema(request=RelatedTicketSerializer, responses=TicketLinkSerializer(many=True))
    @action(detail=True, methods=["post"], filter_backends=[])
    def unlink(self, request, reference=None):
        """Remove the "related" link between this ticket and another."""
        ticket = self.get_object()
        serializer = RelatedTicketSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        linking.unlink_tickets(
            request.user, ticket, self._other(serializer.validated_data["ticket"]), channel=CHANNEL
        )
        return self._links(ticket)

    @extend_schema(request=MergeSerializer, responses=TicketSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def merge(self, request, reference=None):
        """Merge this ticket, a duplicate, into another one; answers with the surviving ticket."""
        ticket = self.get_object()
        serializer = MergeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        target = linking.merge_tickets(
            request.user,
            ticket,
            self._other(data["into"]),
            tell_requester=data["tell_requester"],
            channel=CHANNEL,
        )
        return self._respond(target)

    def _paginated(self, queryset, serializer_class):
        paginator = OldestFirstCursorPagination()
        page = paginator.paginate_queryset(queryset, self.request, view=self)
        data = serializer_class(page, many=True, context=self.get_serializer_context()).data
        return paginator.get_paginated_response(data)

    @extend_schema(methods=["get"], responses=CommentSerializer(many=True))
    @extend_schema(
        methods=["post"],
        request={"application/json": CommentCreateSerializer, "multipart/form-data": CommentCreateSerializer},
        responses={201: CommentSerializer},
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def comments(self, request, reference=None):
        """The conversation: public replies and (for staff) internal notes, oldest first."""
        ticket = self.get_object()
        if request.method == "GET":
            return self._paginated(selectors.ticket_comments(request.user, ticket), CommentSerializer)
        serializer = CommentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        comment = services.add_comment(
            request.user, ticket, data["body"], public=data["is_public"], files=data["files"], channel=CHANNEL
        )
        comment = selectors.ticket_comments(request.user, ticket).get(pk=comment.pk)
        return Response(
            CommentSerializer(comment, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(methods=["get"], responses=AttachmentSerializer(many=True))
    @extend_schema(
        methods=["post"],
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: AttachmentSerializer},
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def attachments(self, request, reference=None):
        """Files of the ticket; upload one as multipart form data (`file`, `is_public`)."""
        ticket = self.get_object()
        if request.method == "GET":
            return self._paginated(selectors.ticket_attachments(request.user, ticket), AttachmentSerializer)
        serializer = AttachmentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attachment = services.add_attachment(
            request.user,
            ticket,
            serializer.validated_data["file"],
            public=serializer.validated_data["is_public"],
            channel=CHANNEL,
        )
        return Response(
            AttachmentSerializer(attachment, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(responses=TicketEventSerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[])
    def events(self, request, reference=None):
        """The ticket's timeline: every change, who made it, when and through which channel."""
        ticket = self.get_object()
        return self._paginated(selectors.ticket_events(request.user, ticket), TicketEventSerializer)


class AttachmentViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """An attachment's details and its file, for people who may see the ticket (and the file)."""

    serializer_class = AttachmentSerializer
    lookup_value_regex = r"\d{1,18}"

    def get_object(self) -> Attachment:
        try:
            return selectors.get_attachment(self.request.user, int(self.kwargs["pk"]))
        except Attachment.DoesNotExist:
            raise exceptions.NotFound() from None

    def get_queryset(self):  # for the schema; get_object does the scoped lookup
        return Attachment.objects.none()

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(description="The file.")})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        attachment = self.get_object()
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.filename,
            content_type=attachment.content_type,
        )
        response["Content-Security-Policy"] = "sandbox"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class CallView(APIView):
    """Log a phone call: a new ticket for the caller, or a note of the call on one of their tickets."""

    @extend_schema(request=CallSerializer, responses={201: TicketSerializer, 200: TicketSerializer})
    def post(self, request):
        serializer = CallSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reference = data.pop("ticket", None)
        ticket = None
        if reference:
            try:
                ticket = selectors.get_ticket(request.user, reference)
            except Ticket.DoesNotExist:
                raise exceptions.ValidationError({"ticket": [_("There is no such ticket.")]}) from None
        ticket_fields = {k: data.pop(k) for k in list(data) if k not in CALL_FIELDS}
        if ticket is not None and ticket_fields:
            raise exceptions.ValidationError(
                {
                    field: [_("Only a new ticket takes this field; change the existing ticket instead.")]
                    for field in ticket_fields
                }
            )
        ticket = services.log_call(request.user, ticket=ticket, **data, **ticket_fields)
        fresh = selectors.get_ticket(request.user, ticket.reference)
        return Response(
            TicketSerializer(fresh, context={"request": request}).data,
            status=status.HTTP_200_OK if reference else status.HTTP_201_CREATED,
        )
