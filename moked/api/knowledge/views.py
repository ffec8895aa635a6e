"""/api/v1/knowledge/: articles, their variants and versions, feedback and follow-ups, import.

Every endpoint reads through moked.knowledge.selectors and writes through its services: an
article the caller may not see answers 404, as one that does not exist."""

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from moked.api.pagination import OldestFirstCursorPagination
from moked.knowledge import comparing, search, selectors, services
from moked.knowledge.importing import ImportRefused, import_articles
from moked.knowledge.models import Article, ArticleFeedback, ArticleVariant, ArticleVersion
from moked.people.permissions import require

from .filters import ArticleFilter
from .serializers import (
    ArticleCreateSerializer,
    ArticleDetailSerializer,
    ArticleEventSerializer,
    ArticleMatchesSerializer,
    ArticleSerializer,
    ArticleUpdateSerializer,
    ComparisonSerializer,
    FeedbackCountsSerializer,
    FeedbackSerializer,
    FeedbackWriteSerializer,
    FollowUpSerializer,
    ImportRefusedSerializer,
    ImportResultSerializer,
    ImportSerializer,
    SearchQuerySerializer,
    SuggestionQuerySerializer,
    VariantSerializer,
    VariantWriteSerializer,
    VersionSerializer,
)

LANGUAGES = [code for code, _name in settings.LANGUAGES]
ID_PATTERN = r"\d{1,18}"
LANGUAGE_PATTERN = r"[a-zA-Z-]{2,8}"

LANGUAGE_PARAMETER = OpenApiParameter(
    "language",
    str,
    enum=LANGUAGES,
    description="The language to show titles in (default: the caller's), where a variant exists.",
)
ARTICLE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The article's id.")
VARIANT_LANGUAGE = OpenApiParameter(
    "language", str, OpenApiParameter.PATH, enum=LANGUAGES, description="The variant's language."
)
VERSION_NUMBER = OpenApiParameter("number", int, OpenApiParameter.PATH, description="The version's number.")


def _articles(person):
    """The articles `person` may see, with what their representation reads."""
    return (
        selectors.with_use_counts(selectors.visible_articles(person))
        .select_related("owner", "reviewers", "organisation")
        .prefetch_related(
            Prefetch("variants", queryset=ArticleVariant.objects.order_by("language")),
            "organisations",
            "categories",
            "services",
        )
    )


def article_or_404(request, pk) -> Article:
    """The article, or the same 404 whether it does not exist or may not be seen."""
    try:
        return _articles(request.user).get(pk=int(pk))
    except (Article.DoesNotExist, ValueError):
        raise exceptions.NotFound() from None


def variant_or_404(request, article: Article, language: str) -> ArticleVariant:
    try:
        return selectors.visible_variants(request.user, article).get(language=language)
    except ArticleVariant.DoesNotExist:
        raise exceptions.NotFound() from None


def _require_history(request, article: Article) -> None:
    require(
        request.user,
        "knowledge.read_history",
        article,
        message=_("Only the provider's staff read an article's versions and history."),
    )


def shown_language(request) -> str | None:
    """The language titles are shown in: ?language= (a known one), else the caller's."""
    language = request.query_params.get("language")
    if language is None:
        return getattr(request.user, "preferred_language", None)
    if language not in LANGUAGES:
        raise exceptions.ValidationError({"language": [_("Unknown language.")]})
    return language


def _paginated(view, queryset, serializer_class):
    paginator = OldestFirstCursorPagination()
    page = paginator.paginate_queryset(queryset, view.request, view=view)
    return paginator.get_paginated_response(
        serializer_class(page, many=True, context=view.get_serializer_context()).data
    )


@extend_schema_view(
    retrieve=extend_schema(
        parameters=[LANGUAGE_PARAMETER],
        description="The article with every variant; a client's reading counts as a view.",
    ),
    create=extend_schema(request=ArticleCreateSerializer, responses={201: ArticleDetailSerializer}),
    partial_update=extend_schema(request=ArticleUpdateSerializer, responses=ArticleDetailSerializer),
)
class ArticleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Articles the caller may see: clients the published ones for their organisation, agents
    those of the organisations they serve (and general ones), admins all."""

    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter
    lookup_value_regex = ID_PATTERN
    parser_classes = [JSONParser]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return _articles(self.request.user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.request is not None:
            context["language"] = shown_language(self.request)
        return context

    def get_object(self) -> Article:
        return article_or_404(self.request, self.kwargs["pk"])

    def _respond(self, article: Article, status_code=status.HTTP_200_OK) -> Response:
        # Read back with what the representation needs; a change that took the article out of
        # the caller's sight (an agent dropping the last organisation they serve) is answered
        # with the article as the change left it, its last view for them.
        fresh = _articles(self.request.user).filter(pk=article.pk).first() or article
        return Response(
            ArticleDetailSerializer(fresh, context=self.get_serializer_context()).data, status=status_code
        )

    def retrieve(self, request, *args, **kwargs):
        context = self.get_serializer_context()
        article = self.get_object()
        if request.user.is_client:
            services.record_view(request.user, article)
        return Response(ArticleDetailSerializer(article, context=context).data)

    def create(self, request, *args, **kwargs):
        given = ArticleCreateSerializer(data=request.data, context=self.get_serializer_context())
        given.is_valid(raise_exception=True)
        article = services.create_article(request.user, **given.validated_data)
        return self._respond(article, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        article = self.get_object()
        given = ArticleUpdateSerializer(data=request.data, context=self.get_serializer_context())
        given.is_valid(raise_exception=True)
        return self._respond(services.update_article(request.user, article, dict(given.validated_data)))

    @extend_schema(request=None, responses=ArticleDetailSerializer)
    @action(detail=True, methods=["post"], url_path="submit-for-review", filter_backends=[])
    def submit_for_review(self, request, pk=None):
        """Send a draft to its reviewers."""
        return self._respond(services.submit_for_review(request.user, self.get_object()))

    @extend_schema(request=None, responses=ArticleDetailSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def publish(self, request, pk=None):
        """Publish an article in review (admins, its owner or a member of its reviewers)."""
        return self._respond(services.publish(request.user, self.get_object()))

    @extend_schema(request=None, responses=ArticleDetailSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def retire(self, request, pk=None):
        """Retire a published article (admins, its owner or a member of its reviewers)."""
        return self._respond(services.retire(request.user, self.get_object()))

    @extend_schema(responses=ArticleEventSerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[])
    def events(self, request, pk=None):
        """The article's history, oldest first: every change, who made it and when (staff)."""
        article = self.get_object()
        _require_history(request, article)
        return _paginated(self, selectors.article_history(request.user, article), ArticleEventSerializer)

    @extend_schema(request=FeedbackWriteSerializer, responses=FeedbackSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def feedback(self, request, pk=None):
        """Say whether the article helped, with an optional comment; a second verdict replaces the first."""
        article = self.get_object()
        given = FeedbackWriteSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        feedback = services.give_feedback(request.user, article, **given.validated_data)
        return Response(FeedbackSerializer(feedback).data)

    @extend_schema(responses=FeedbackCountsSerializer)
    @action(detail=True, methods=["get"], url_path="feedback-counts", filter_backends=[])
    def feedback_counts(self, request, pk=None):
        """How many readers found the article helpful, how many did not, and how often it was read."""
        return Response(FeedbackCountsSerializer(selectors.feedback_counts(self.get_object())).data)


class VariantViewSet(viewsets.GenericViewSet):
    """An article's text in each language (routed by hand in moked.api.urls)."""

    serializer_class = VariantSerializer
    parser_classes = [JSONParser]
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):  # for the schema; the lookups are scoped by the selectors
        return ArticleVariant.objects.none()

    def _article(self) -> Article:
        return article_or_404(self.request, self.kwargs["pk"])

    @extend_schema(parameters=[ARTICLE_ID], responses=VariantSerializer(many=True))
    def list(self, request, pk=None):
        """Every variant of the article, with its stale flag."""
        variants = selectors.visible_variants(request.user, self._article()).order_by("language")
        return Response(VariantSerializer(variants, many=True).data)

    @extend_schema(parameters=[ARTICLE_ID, VARIANT_LANGUAGE], responses=VariantSerializer)
    def retrieve(self, request, pk=None, language=None):
        """The article's text in one language."""
        return Response(VariantSerializer(variant_or_404(request, self._article(), language)).data)

    @extend_schema(
        parameters=[ARTICLE_ID, VARIANT_LANGUAGE],
        request=VariantWriteSerializer,
        responses={200: VariantSerializer, 201: VariantSerializer},
    )
    def update(self, request, pk=None, language=None):
        """Save the text in this language as a new version (201 for a new variant; nothing changes
        when the text is the same). A new version of the source leaves the translations stale."""
        article = self._article()
        if language not in LANGUAGES:
            raise exceptions.NotFound()
        given = VariantWriteSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        existed = article.variants.filter(language=language).exists()
        variant = services.save_variant(request.user, article, language=language, **given.validated_data)
        return Response(
            VariantSerializer(variant).data, status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        )

    @extend_schema(parameters=[ARTICLE_ID, VARIANT_LANGUAGE], request=None, responses=VariantSerializer)
    def confirm(self, request, pk=None, language=None):
        """Mark a stale translation as current with the source, its text unchanged."""
        variant = variant_or_404(request, self._article(), language)
        return Response(VariantSerializer(services.confirm_variant(request.user, variant)).data)


class VersionViewSet(viewsets.GenericViewSet):
    """Every saved version of a variant, for the provider's staff (routed by hand)."""

    serializer_class = VersionSerializer
    filter_backends: list = []

    def get_queryset(self):  # for the schema; the lookups are scoped by the selectors
        return ArticleVersion.objects.none()

    def _versions(self):
        article = article_or_404(self.request, self.kwargs["pk"])
        _require_history(self.request, article)
        variant = variant_or_404(self.request, article, self.kwargs["language"])
        return selectors.variant_versions(self.request.user, variant)

    def _version(self, number) -> ArticleVersion:
        try:
            return self._versions().get(number=int(number))
        except (ArticleVersion.DoesNotExist, ValueError):
            raise exceptions.NotFound() from None

    @extend_schema(parameters=[ARTICLE_ID, VARIANT_LANGUAGE], responses=VersionSerializer(many=True))
    def list(self, request, pk=None, language=None):
        """The variant's versions, oldest first."""
        return _paginated(self, self._versions(), VersionSerializer)

    @extend_schema(parameters=[ARTICLE_ID, VARIANT_LANGUAGE, VERSION_NUMBER], responses=VersionSerializer)
    def retrieve(self, request, pk=None, language=None, number=None):
        """One version's title and text."""
        return Response(VersionSerializer(self._version(number)).data)

    @extend_schema(
        parameters=[ARTICLE_ID, VARIANT_LANGUAGE, VERSION_NUMBER], request=None, responses=VariantSerializer
    )
    def restore(self, request, pk=None, language=None, number=None):
        """Save this version's text as the variant's newest version."""
        return Response(VariantSerializer(services.restore_version(request.user, self._version(number))).data)

    @extend_schema(
        parameters=[
            ARTICLE_ID,
            VARIANT_LANGUAGE,
            OpenApiParameter("old", int, required=True, description="The older version's number."),
            OpenApiParameter("new", int, required=True, description="The newer version's number."),
        ],
        responses=ComparisonSerializer,
    )
    def compare(self, request, pk=None, language=None):
        """What changed from one version to another: a unified diff, and every line marked."""
        numbers = {}
        for name in ("old", "new"):
            value = request.query_params.get(name, "")
            if not value.isascii() or not value.isdigit() or len(value) > 18:
                raise exceptions.ValidationError({name: [_("Give a version's number.")]})
            numbers[name] = int(value)
        old, new = self._version(numbers["old"]), self._version(numbers["new"])
        return Response(
            ComparisonSerializer(
                {
                    "old_version": old.number,
                    "new_version": new.number,
                    "old_title": old.title,
                    "new_title": new.title,
                    "unified_diff": comparing.unified_diff(
                        old.body, new.body, f"version {old.number}", f"version {new.number}"
                    ),
                    "lines": comparing.compare_lines(old.body, new.body),
                }
            ).data
        )


class FollowUpViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Readers' not-helpful comments nobody has dealt with yet, on articles the caller may see
    (staff; clients find none)."""

    serializer_class = FollowUpSerializer
    lookup_value_regex = ID_PATTERN
    pagination_class = OldestFirstCursorPagination
    filter_backends: list = []

    def get_queryset(self):
        return selectors.open_follow_ups(self.request.user)

    @extend_schema(request=None, responses=FollowUpSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Mark the follow-up as dealt with (admins, the article's owner or its reviewers)."""
        try:
            feedback = selectors.follow_ups(request.user).get(pk=int(pk))
        except ArticleFeedback.DoesNotExist:
            raise exceptions.NotFound() from None
        return Response(FollowUpSerializer(services.close_follow_up(request.user, feedback)).data)


def _query(request, serializer_class) -> dict:
    given = serializer_class(data=request.query_params)
    given.is_valid(raise_exception=True)
    return dict(given.validated_data)


class SearchView(APIView):
    """Find articles the caller may see by words, in any of the four languages."""

    @extend_schema(parameters=[SearchQuerySerializer], responses=ArticleMatchesSerializer)
    def get(self, request):
        """The articles the caller may see that match `q`, best first, each shown in the caller's
        language (or `language`) where a variant exists, else in its source language."""
        query = _query(request, SearchQuerySerializer)
        matches = search.search_articles(
            request.user,
            query["q"],
            language=query.get("language"),
            limit=query["limit"],
            states=sorted(query.get("state") or [Article.State.PUBLISHED]),
        )
        return Response(ArticleMatchesSerializer({"results": matches}).data)


class SuggestionsView(APIView):
    """Articles that may answer a request while it is being written."""

    @extend_schema(parameters=[SuggestionQuerySerializer], responses=ArticleMatchesSerializer)
    def get(self, request):
        """The published articles the caller may see that answer `q` well enough to offer, best
        first, in the caller's language (or `language`) where a variant exists; none when nothing
        matches well."""
        query = _query(request, SuggestionQuerySerializer)
        matches = search.suggest_articles(
            request.user, query["q"], language=query.get("language"), limit=query["limit"]
        )
        return Response(ArticleMatchesSerializer({"results": matches}).data)


class ImportView(APIView):
    """Import articles from another knowledge base, as `moked knowledge import` does (admins)."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ImportSerializer},
        responses={
            200: ImportResultSerializer,
            400: OpenApiResponse(
                ImportRefusedSerializer,
                description="Nothing was imported: the file, or each of its bad lines (`lines`), is named.",
            ),
        },
    )
    def post(self, request):
        """All or nothing: a file with a bad line keeps nothing, and each bad line is named with
        its number. Importing the same file again changes nothing."""
        given = ImportSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            changed = import_articles(request.user, given.validated_data["file"])
        except ImportRefused as refused:
            return Response(_refusal(refused), status=status.HTTP_400_BAD_REQUEST)
        return Response(ImportResultSerializer({"changed": changed}).data)


def _refusal(refused: ImportRefused) -> dict:
    """The API's error envelope, with each bad line besides."""
    return {
        "code": "invalid",
        "message": refused.messages[0],
        "errors": {"file": [{"code": "invalid_line", "message": message} for message in refused.messages]},
        "lines": [{"line": number, "message": message} for number, message in refused.lines],
    }
