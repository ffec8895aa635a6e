"""/api/v1/tickets/{reference}/similar/: the tickets of the same organisation most like a ticket
(classification.similar), open and resolved, the resolved ones with their resolution; for the
staff who work the ticket.

A ticket the caller may not see answers 404 as one that does not exist; a client, who sees their
ticket but does not work it, is refused (403)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from moked.api.serializers import ResponseSerializer
from moked.classification.similar import SimilarTicket, similar_tickets
from moked.tickets.models import ResolutionCode, Status

from .lookup import ticket_or_404

REFERENCE = OpenApiParameter("reference", str, OpenApiParameter.PATH, description="The ticket's reference.")


class SimilarTicketSerializer(ResponseSerializer):
    ticket = serializers.CharField(read_only=True, help_text=gettext_lazy("The similar ticket's reference."))
    subject = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    score = serializers.FloatField(
        read_only=True, help_text=gettext_lazy("From 0 to 1; higher is more alike.")
    )
    label = serializers.CharField(
        read_only=True, help_text=gettext_lazy("The score in words, in the caller's language.")
    )
    snippet = serializers.CharField(
        read_only=True, help_text=gettext_lazy("The description around the shared words.")
    )
    resolution_code = serializers.ChoiceField(choices=[("", ""), *ResolutionCode.choices], read_only=True)
    resolution = serializers.CharField(
        read_only=True, help_text=gettext_lazy("The resolution, shortened; empty when open.")
    )


def shown(match: SimilarTicket) -> dict:
    other = match.ticket
    return {
        "ticket": other.reference,
        "subject": other.subject,
        "status": other.status,
        "score": match.score,
        "label": match.label,
        "snippet": match.snippet,
        "resolution_code": other.resolution_code if match.is_done else "",
        "resolution": match.resolution,
    }


class SimilarTicketsView(APIView):
    """The tickets most like a ticket."""

    @extend_schema(parameters=[REFERENCE], responses=SimilarTicketSerializer(many=True))
    def get(self, request, reference):
        """Up to five tickets of the ticket's organisation most like it, most alike first (none
        when no ticket is alike enough); never the ticket itself nor a ticket merged into another."""
        ticket = ticket_or_404(request, reference)
        if not request.user.is_staff_member:
            raise exceptions.PermissionDenied(_("Only the provider's staff see similar tickets."))
        found = similar_tickets(request.user, ticket)
        return Response(SimilarTicketSerializer([shown(match) for match in found], many=True).data)
