"""/api/v1/tickets/{reference}/articles/: the articles linked to a ticket because they helped with
it (staff who work the ticket and may read the article).

A ticket the caller may not see, or an article they may not read, answers 404 as one that does not
exist; a client, who sees their ticket but does not work it, is refused (403)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from moked.api.fields import MAX_ID
from moked.api.serializers import ResponseSerializer
from moked.api.tickets.lookup import ticket_or_404
from moked.api.tickets.serializers import PersonSummary
from moked.knowledge import selectors, services
from moked.knowledge.models import Article, TicketArticle
from moked.tickets.models import Ticket

from .serializers import ArticleSerializer
from .views import article_or_404, shown_language

REFERENCE = OpenApiParameter("reference", str, OpenApiParameter.PATH, description="The ticket's reference.")
ARTICLE = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The linked article's id.")


class TicketArticleSerializer(ResponseSerializer):
    article = ArticleSerializer(read_only=True)
    linked_by = PersonSummary(read_only=True, allow_null=True)
    linked_at = serializers.DateTimeField(read_only=True)


class LinkArticleSerializer(serializers.Serializer):
    article = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("The article's id."))


def _staff_ticket(request, reference: str) -> Ticket:
    ticket = ticket_or_404(request, reference)
    if not request.user.is_staff_member:
        raise exceptions.PermissionDenied(_("Only the provider's staff link articles to tickets."))
    return ticket


def _context(request) -> dict:
    return {"request": request, "language": shown_language(request)}


def _link(request, ticket: Ticket, article: Article) -> TicketArticle:
    return selectors.linked_articles(request.user, ticket).get(article=article)


class TicketArticlesView(APIView):
    """The articles that helped with a ticket: list them, link one."""

    parser_classes = [JSONParser]

    @extend_schema(parameters=[REFERENCE], responses=TicketArticleSerializer(many=True))
    def get(self, request, reference):
        """The ticket's linked articles the caller may read, oldest link first."""
        ticket = _staff_ticket(request, reference)
        links = selectors.linked_articles(request.user, ticket).order_by("linked_at", "pk")
        return Response(TicketArticleSerializer(links, many=True, context=_context(request)).data)

    @extend_schema(
        parameters=[REFERENCE],
        request=LinkArticleSerializer,
        responses={
            201: TicketArticleSerializer,
            200: OpenApiResponse(TicketArticleSerializer, description="The article was linked already."),
        },
    )
    def post(self, request, reference):
        """Link an article the caller may read, and that concerns the ticket's organisation, to the
        ticket; the new link is on the ticket's timeline. Linking again changes nothing."""
        ticket = _staff_ticket(request, reference)
        given = LinkArticleSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        article = article_or_404(request, given.validated_data["article"])
        existed = TicketArticle.objects.filter(ticket=ticket, article=article).exists()
        services.link_to_ticket(request.user, ticket, article)
        return Response(
            TicketArticleSerializer(_link(request, ticket, article), context=_context(request)).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


class TicketArticleView(APIView):
    """One article linked to a ticket."""

    @extend_schema(parameters=[REFERENCE, ARTICLE], request=None, responses={204: None})
    def delete(self, request, reference, pk):
        """Remove the link (on the ticket's timeline); 404 when the article is not linked."""
        ticket = _staff_ticket(request, reference)
        article = article_or_404(request, pk)
        if not selectors.linked_articles(request.user, ticket).filter(article=article).exists():
            raise exceptions.NotFound()
        services.unlink_from_ticket(request.user, ticket, article)
        return Response(status=status.HTTP_204_NO_CONTENT)
