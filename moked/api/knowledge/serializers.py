"""What the knowledge base's endpoints show and take."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from moked.api.fields import MAX_ID, VisiblePrimaryKeyField
from moked.api.serializers import ResponseSerializer
from moked.api.tenancy import organisation_code_field
from moked.api.tickets.serializers import PersonSummary
from moked.catalog.models import Category, Service
from moked.catalog.selectors import visible_categories, visible_services
from moked.knowledge.models import FEEDBACK_COMMENT_MAX_LENGTH, Article, ArticleEvent
from moked.knowledge.rendering import render_markdown
from moked.knowledge.selectors import use_count, visible_articles, visible_related
from moked.people.models import Person, SupportGroup
from moked.people.selectors import visible_groups, visible_people

MAX_BODY_LENGTH = 100_000
MAX_TAGS = 20

# An article's details that concern the provider's own work (who owns and reviews it, for which
# organisations it is, how often it is read): the client side is not shown them.
STAFF_ONLY_FIELDS = (
    "owner",
    "reviewers",
    "review_date",
    "visibility",
    "organisation",
    "organisations",
    "replaces",
    "categories",
    "services",
    "view_count",
    "use_count",
)


# --- what an article shows --------------------------------------------------------------------


class RelatedListField(serializers.ListField):
    """An article's chosen organisations, services or categories that the caller may be shown
    (selectors.visible_related), as a list of one attribute of each (codes, ids)."""

    def __init__(self, relation: str, attribute: str, **kwargs):
        self.relation, self.attribute = relation, attribute
        super().__init__(source="*", **kwargs)

    def to_representation(self, article):
        related = visible_related(self.context["request"].user, article, self.relation)
        return sorted(getattr(record, self.attribute) for record in related)


class UseCountField(serializers.IntegerField):
    """How many tickets the article was linked to: the annotation `with_use_counts` made, else
    counted."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, article):
        count = getattr(article, "use_count", None)
        return use_count(article) if count is None else count


class GroupBrief(ResponseSerializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class VariantSummary(ResponseSerializer):
    language = serializers.ChoiceField(choices=settings.LANGUAGES, read_only=True)
    title = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    translated_from_version = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_("The source-language version this translation matches; null for the source."),
    )
    is_stale = serializers.BooleanField(
        read_only=True, help_text=_("The source changed since; update or confirm the translation.")
    )


class VariantSerializer(VariantSummary):
    article = serializers.IntegerField(source="article_id", read_only=True)
    body = serializers.CharField(read_only=True, help_text=_("Markdown."))
    body_html = serializers.SerializerMethodField(help_text=_("The body as safe HTML."))

    def get_body_html(self, variant) -> str:
        return render_markdown(variant.body)


class ArticleSerializer(serializers.Serializer):
    """An article with the title in the reader's language (else its source language's) and a
    summary of its variants. The staff-only details are optional in the schema: they are left
    out for clients (hence declared writable here, though this shape is only ever shown)."""

    id = serializers.IntegerField(read_only=True)
    key = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=Article.Kind.choices, read_only=True)
    state = serializers.ChoiceField(choices=Article.State.choices, read_only=True)
    source_language = serializers.ChoiceField(choices=settings.LANGUAGES, read_only=True)
    language = serializers.SerializerMethodField(help_text=_("The language of `title`."))
    title = serializers.SerializerMethodField(
        help_text=_("In the language asked for or the reader's, where a variant exists; else the source's.")
    )
    tags = serializers.ListField(child=serializers.CharField(), read_only=True)
    variants = VariantSummary(many=True, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    # Staff only:
    owner = PersonSummary(required=False, allow_null=True)
    reviewers = GroupBrief(required=False, allow_null=True)
    review_date = serializers.DateField(required=False, allow_null=True)
    visibility = serializers.ChoiceField(choices=Article.Visibility.choices, required=False)
    organisation = serializers.CharField(
        source="organisation.code",
        required=False,
        allow_null=True,
        help_text=_("Set for an organisation's own article: that organisation's code."),
    )
    organisations = RelatedListField(
        "organisations",
        "code",
        child=serializers.CharField(),
        required=False,
        help_text=_("The chosen organisations' codes (visibility “chosen”)."),
    )
    replaces = serializers.IntegerField(
        source="replaces_id",
        required=False,
        allow_null=True,
        help_text=_("The general article this organisation's article stands in for."),
    )
    categories = RelatedListField("categories", "pk", child=serializers.IntegerField(), required=False)
    services = RelatedListField("services", "pk", child=serializers.IntegerField(), required=False)
    view_count = serializers.IntegerField(required=False)
    use_count = UseCountField(
        required=False, help_text=_("How many tickets the article was linked to, as having helped.")
    )

    def _shown(self, article):
        """The variant whose title is shown: `language`'s (from the context), else the source's."""
        variants = {variant.language: variant for variant in article.variants.all()}
        return variants.get(self.context.get("language")) or variants.get(article.source_language)

    def get_language(self, article) -> str:
        shown = self._shown(article)
        return shown.language if shown else article.source_language

    def get_title(self, article) -> str:
        shown = self._shown(article)
        return shown.title if shown else ""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context["request"].user.is_staff_member:
            for field in STAFF_ONLY_FIELDS:
                data.pop(field, None)
        return data


class ArticleDetailSerializer(ArticleSerializer):
    """An article with every variant's text."""

    variants = VariantSerializer(many=True, read_only=True)


class ArticleEventSerializer(ResponseSerializer):
    id = serializers.IntegerField(read_only=True)
    action = serializers.ChoiceField(choices=ArticleEvent.Action.choices, read_only=True)
    language = serializers.CharField(read_only=True, help_text=_("The variant concerned, if any."))
    version = serializers.IntegerField(read_only=True, allow_null=True)
    actor = PersonSummary(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)


class VersionSerializer(ResponseSerializer):
    number = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    body = serializers.CharField(read_only=True)
    author = PersonSummary(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)


class ComparedLineSerializer(ResponseSerializer):
    kind = serializers.ChoiceField(
        choices=[("same", _("Same")), ("removed", _("Removed")), ("added", _("Added"))], read_only=True
    )
    old_number = serializers.IntegerField(read_only=True, allow_null=True)
    new_number = serializers.IntegerField(read_only=True, allow_null=True)
    text = serializers.CharField(read_only=True)


class ComparisonSerializer(ResponseSerializer):
    old_version = serializers.IntegerField(read_only=True)
    new_version = serializers.IntegerField(read_only=True)
    old_title = serializers.CharField(read_only=True)
    new_title = serializers.CharField(read_only=True)
    unified_diff = serializers.CharField(
        read_only=True, help_text=_("The bodies' difference as a unified diff; empty when they are the same.")
    )
    lines = ComparedLineSerializer(
        many=True, read_only=True, help_text=_("Every line of both bodies, marked same, removed or added.")
    )


class FeedbackSerializer(ResponseSerializer):
    id = serializers.IntegerField(read_only=True)
    article = serializers.IntegerField(source="article_id", read_only=True)
    helpful = serializers.BooleanField(read_only=True)
    comment = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class FeedbackCountsSerializer(ResponseSerializer):
    helpful = serializers.IntegerField(read_only=True)
    not_helpful = serializers.IntegerField(read_only=True)
    views = serializers.IntegerField(read_only=True)


class ArticleBrief(ResponseSerializer):
    id = serializers.IntegerField(read_only=True)
    key = serializers.CharField(read_only=True)


class FollowUpSerializer(ResponseSerializer):
    id = serializers.IntegerField(read_only=True)
    article = ArticleBrief(read_only=True)
    person = PersonSummary(read_only=True)
    comment = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    follow_up_closed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    follow_up_closed_by = PersonSummary(read_only=True, allow_null=True)


class ArticleMatchSerializer(ResponseSerializer):
    """One article found, shown in the variant of the caller's language where one exists."""

    id = serializers.IntegerField(source="article.pk", read_only=True)
    key = serializers.CharField(source="article.key", read_only=True)
    kind = serializers.ChoiceField(source="article.kind", choices=Article.Kind.choices, read_only=True)
    state = serializers.ChoiceField(source="article.state", choices=Article.State.choices, read_only=True)
    language = serializers.ChoiceField(source="variant.language", choices=settings.LANGUAGES, read_only=True)
    title = serializers.CharField(source="variant.title", read_only=True)
    is_stale = serializers.BooleanField(source="variant.is_stale", read_only=True)
    snippet = serializers.CharField(
        read_only=True, help_text=_("Plain text around the best matching words, up to about 200 characters.")
    )
    score = serializers.FloatField(
        read_only=True, help_text=_("Higher is better; comparable within one answer.")
    )


class ArticleMatchesSerializer(ResponseSerializer):
    results = ArticleMatchSerializer(many=True, read_only=True)


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=1000, allow_blank=True, trim_whitespace=False)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    limit = serializers.IntegerField(min_value=1, max_value=50, default=10)
    state = serializers.MultipleChoiceField(
        choices=Article.State.choices,
        required=False,
        help_text=_("States, comma-separated (default: published); clients find only published articles."),
    )

    def to_internal_value(self, data):
        data = data.copy()
        if "state" in data:
            data.setlist("state", [value for item in data.getlist("state") for value in item.split(",")])
        return super().to_internal_value(data)


class SuggestionQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=20_000,
        allow_blank=True,
        trim_whitespace=False,
        help_text=_("The text being written: a request's subject and description."),
    )
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    limit = serializers.IntegerField(min_value=1, max_value=10, default=3)


class ImportResultSerializer(serializers.Serializer):
    changed = serializers.IntegerField(read_only=True, help_text=_("How many lines changed something."))


class ImportedLineErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField(read_only=True)
    message = serializers.CharField(read_only=True)


class ImportRefusedSerializer(serializers.Serializer):
    """The API's error envelope with, when the file had bad lines, each of them. (Only shown:
    `errors` and `lines` are optional, as a refusal of the request itself has no lines.)"""

    code = serializers.CharField(read_only=True)
    message = serializers.CharField(read_only=True)
    errors = serializers.DictField(required=False)
    lines = ImportedLineErrorSerializer(many=True, required=False)


# --- what an article takes --------------------------------------------------------------------


def _body_field():
    return serializers.CharField(
        max_length=MAX_BODY_LENGTH,
        allow_blank=True,
        trim_whitespace=False,
        default="",
        help_text=_("Markdown."),
    )


def _tags_field():
    return serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, max_length=MAX_TAGS
    )


class ArticleDetailsFields(serializers.Serializer):
    """The details shared by creating an article and changing it."""

    kind = serializers.ChoiceField(choices=Article.Kind.choices, required=False)
    tags = _tags_field()
    categories = VisiblePrimaryKeyField(
        visible_categories, queryset=Category.objects, many=True, required=False
    )
    services = VisiblePrimaryKeyField(visible_services, queryset=Service.objects, many=True, required=False)
    owner = VisiblePrimaryKeyField(
        visible_people,
        queryset=Person.objects,
        required=False,
        allow_null=True,
        help_text=_("One of the provider's staff; gets the readers' follow-ups and may publish."),
    )
    reviewers = VisiblePrimaryKeyField(
        visible_groups,
        queryset=SupportGroup.objects,
        required=False,
        allow_null=True,
        help_text=_("A group whose members may publish and retire the article."),
    )
    review_date = serializers.DateField(required=False, allow_null=True)
    visibility = serializers.ChoiceField(choices=Article.Visibility.choices, required=False)
    organisations = organisation_code_field(
        many=True, required=False, help_text=_("Codes of the organisations chosen to see it.")
    )


class ArticleCreateSerializer(ArticleDetailsFields):
    key = serializers.CharField(
        max_length=100, help_text=_("Unique; letters, digits, “.”, “-” and “_”. Imports match on it.")
    )
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES, help_text=_("The source language: the first variant's.")
    )
    title = serializers.CharField(max_length=300)
    body = _body_field()
    organisation = organisation_code_field(
        required=False,
        allow_null=True,
        help_text=_("An organisation's code to make it that organisation's own article."),
    )
    replaces = VisiblePrimaryKeyField(
        visible_articles,
        queryset=Article.objects,
        required=False,
        allow_null=True,
        help_text=_("The general article this organisation's own article stands in for."),
    )


class ArticleUpdateSerializer(ArticleDetailsFields):
    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError(_("Send at least one field to change."), code="empty")
        return attrs


class VariantWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    body = _body_field()
    translated_from_version = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text=_(
            "For a translation: the source version it was translated from (default: the current one; "
            "an older one leaves it stale)."
        ),
    )


class FeedbackWriteSerializer(serializers.Serializer):
    helpful = serializers.BooleanField()
    comment = serializers.CharField(
        max_length=FEEDBACK_COMMENT_MAX_LENGTH,
        allow_blank=True,
        default="",
        help_text=_("Optional; a not-helpful verdict with a comment is a follow-up for the article's owner."),
    )


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField(
        allow_empty_file=True,
        help_text=_(
            "JSON Lines, UTF-8: one article variant a line (key, language, title, body, kind, tags, "
            "organisation, translation_of, state)."
        ),
    )
