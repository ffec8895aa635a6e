"""/api/v1/mailboxes/, /api/v1/mail/inbound/ (with reprocess and the raw message) and the mail sent
about a ticket, /api/v1/tickets/{ref}/mail/."""

from django.http import FileResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from moked.api.fields import EmailAddressField
from moked.api.tenancy import organisation_code_field
from moked.api.tickets.lookup import ticket_or_404
from moked.api.viewsets import ServiceBackedViewSet
from moked.mail import configuration, quarantine, selectors
from moked.mail.models import InboundMessage, Mailbox, OutboundMessage


class MailboxSerializer(serializers.ModelSerializer):
    organisation = organisation_code_field()
    address = EmailAddressField(max_length=254)
    imap_password = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=255)

    class Meta:
        model = Mailbox
        fields = [
            "id",
            "organisation",
            "address",
            "name",
            "is_active",
            "unknown_senders",
            "sender_limit_per_hour",
            "tagged_reply_address",
            "imap_host",
            "imap_port",
            "imap_security",
            "imap_username",
            "imap_password",
            "imap_folder",
            "imap_processed_folder",
            "imap_last_uid",
            "imap_polled_at",
            "imap_error",
        ]
        read_only_fields = ["id", "imap_last_uid", "imap_polled_at", "imap_error"]
        extra_kwargs = {"address": {"validators": []}}


class MailboxViewSet(ServiceBackedViewSet):
    """Inbound addresses per organisation, and how their mail is read (admins only)."""

    serializer_class = MailboxSerializer
    create_with = staticmethod(configuration.create_mailbox)
    update_with = staticmethod(configuration.update_mailbox)

    def get_queryset(self):
        return selectors.visible_mailboxes(self.request.user)


class InboundMessageSerializer(serializers.ModelSerializer):
    mailbox = serializers.CharField(source="mailbox.address", read_only=True, default=None)
    ticket = serializers.CharField(source="ticket.reference", read_only=True, default=None)

    class Meta:
        model = InboundMessage
        fields = [
            "id",
            "received_at",
            "source",
            "mailbox",
            "envelope_to",
            "envelope_from",
            "sender",
            "subject",
            "message_id",
            "size",
            "sha256",
            "status",
            "outcome",
            "reason",
            "ticket",
            "attempts",
            "processed_at",
        ]
        read_only_fields = fields


class ResultSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=InboundMessage.Outcome.choices)
    ticket = serializers.CharField(allow_null=True)
    subject = serializers.CharField()
    reason = serializers.CharField()


class InboundMessageViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Every message received and what became of it; the quarantine is `?outcome=quarantine`."""

    serializer_class = InboundMessageSerializer
    lookup_value_regex = r"\d{1,18}"
    filterset_fields = {
        "outcome": ["exact"],
        "status": ["exact"],
        "source": ["exact"],
        "sender": ["exact"],
        "mailbox__address": ["exact"],
    }

    def get_queryset(self):
        return selectors.visible_inbound(self.request.user)

    @extend_schema(request=None, responses=ResultSerializer)
    @action(detail=True, methods=["post"])
    def reprocess(self, request, pk=None):
        """Process the message again (after mending what kept it in quarantine); a message that
        already made a ticket or a reply is not processed twice."""
        result = quarantine.process_again(request.user, self.get_object())
        return Response(ResultSerializer(result.as_dict()).data)

    @extend_schema(
        responses={(200, "message/rfc822"): OpenApiResponse(description="The message as received.")}
    )
    @action(detail=True, methods=["get"])
    def raw(self, request, pk=None):
        message = self.get_object()
        return FileResponse(
            message.raw.open("rb"),
            as_attachment=True,
            filename=f"message-{message.pk}.eml",
            content_type="message/rfc822",
        )


class OutboundMessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutboundMessage
        fields = [
            "id",
            "kind",
            "recipients",
            "subject",
            "message_id",
            "status",
            "attempts",
            "last_error",
            "created_at",
            "sent_at",
            "bounced_at",
        ]
        read_only_fields = fields


class TicketInboundSerializer(serializers.ModelSerializer):
    raw_url = serializers.SerializerMethodField()

    class Meta:
        model = InboundMessage
        fields = [
            "id",
            "received_at",
            "source",
            "sender",
            "subject",
            "message_id",
            "outcome",
            "reason",
            "raw_url",
        ]
        read_only_fields = fields

    def get_raw_url(self, message) -> str:
        reference = self.context["reference"]
        return self.context["request"].build_absolute_uri(
            f"/api/v1/tickets/{reference}/mail/{message.pk}/raw/"
        )


class TicketMailSerializer(serializers.Serializer):
    inbound = TicketInboundSerializer(many=True)
    outbound = OutboundMessageSerializer(many=True)


class TicketMailView(APIView):
    """The e-mail of a ticket, for the staff serving it: each message received (with the original,
    whole, to download) and each sent, to whom, and whether it was delivered."""

    @extend_schema(responses=TicketMailSerializer)
    def get(self, request, reference):
        ticket = ticket_or_404(request, reference)
        context = {"request": request, "reference": ticket.reference}
        data = {
            "inbound": selectors.ticket_inbound(request.user, ticket),
            "outbound": selectors.ticket_outbound(request.user, ticket),
        }
        return Response(TicketMailSerializer(data, context=context).data)


class TicketMailRawView(APIView):
    """A message received for the ticket, exactly as it arrived."""

    @extend_schema(
        responses={(200, "message/rfc822"): OpenApiResponse(description="The message as received.")}
    )
    def get(self, request, reference, pk):
        ticket = ticket_or_404(request, reference)
        message = selectors.ticket_inbound(request.user, ticket).filter(pk=pk).first()
        if message is None:
            raise exceptions.NotFound()
        return FileResponse(
            message.raw.open("rb"),
            as_attachment=True,
            filename=f"message-{message.pk}.eml",
            content_type="message/rfc822",
        )
