"""Reading articles, scoped to what the acting person may see (built on moked.people.access)."""

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from moked.catalog.models import Category
from moked.people.access import served_organisation_ids

from .models import (
    Article,
    ArticleEvent,
    ArticleFeedback,
    ArticleImage,
    ArticleVariant,
    ArticleVersion,
    TicketArticle,
)

Visibility = Article.Visibility


def _chosen_for(organisation_ids) -> Q:
    """Articles whose chosen organisations include one of `organisation_ids` (a subquery, so no
    join multiplies the rows)."""
    chosen = Article.organisations.through.objects.filter(organisation_id__in=organisation_ids)
    return Q(pk__in=chosen.values("article_id"))


def visible_articles(person) -> QuerySet[Article]:
    """Admins see every article. Agents and team leads see internal and all-clients general
    articles, and whatever concerns an organisation they serve, in every state. Client people see
    published articles their organisation may see, an organisation's own article standing in for
    the general one it replaces."""
    if not person.is_active:
        return Article.objects.none()
    articles = Article.objects.all()
    ids = served_organisation_ids(person)
    if ids is None:
        return articles
    if person.is_client:
        return _visible_to_clients(articles, person.organisation_id)
    general = Q(organisation__isnull=True) & (
        Q(visibility__in=[Visibility.INTERNAL, Visibility.ALL_CLIENTS]) | _chosen_for(ids)
    )
    return articles.filter(general | Q(organisation_id__in=ids))


def _visible_to_clients(articles: QuerySet[Article], organisation_id) -> QuerySet[Article]:
    published = articles.filter(state=Article.State.PUBLISHED)
    general = Q(organisation__isnull=True) & (
        Q(visibility=Visibility.ALL_CLIENTS)
        | (Q(visibility=Visibility.CHOSEN) & _chosen_for([organisation_id]))
    )
    own = Q(organisation_id=organisation_id) & ~Q(visibility=Visibility.INTERNAL)
    replaced = Article.objects.filter(
        organisation_id=organisation_id, state=Article.State.PUBLISHED, replaces__isnull=False
    ).exclude(visibility=Visibility.INTERNAL)
    return published.filter(general | own).exclude(pk__in=replaced.values("replaces_id"))


def with_tag(articles: QuerySet[Article], tag: str) -> QuerySet[Article]:
    """The articles among `articles` that carry `tag` exactly (as one of their tags)."""
    if connection.features.supports_json_field_contains:
        return articles.filter(tags__contains=[tag])
    # SQLite has no JSON containment; its json_each reads the list's items. The tag is a query
    # parameter and the table name our own: nothing from outside is spliced into the SQL.
    tagged = RawSQL(  # noqa: S611
        f"SELECT a.id FROM {Article._meta.db_table} a, json_each(a.tags) t WHERE t.value = %s",  # noqa: S608
        (tag,),
    )
    return articles.filter(pk__in=tagged)


def concerning(articles: QuerySet[Article], organisation_ids) -> QuerySet[Article]:
    """The articles among `articles` that are the organisations' own or chosen for them."""
    chosen = Q(visibility=Visibility.CHOSEN) & _chosen_for(organisation_ids)
    return articles.filter(Q(organisation_id__in=organisation_ids) | chosen)


def _organisation_of(relation: str, record) -> int | None:
    """The organisation a chosen organisation, a service or a category concerns (None: all)."""
    return record.pk if relation == "organisations" else record.organisation_id


def hidden_relations(person, relation: str, records) -> set:
    """Those of `records` (an article's chosen "organisations", its "services" or "categories")
    that concern an organisation `person` does not serve."""
    served = served_organisation_ids(person)
    if served is None:
        return set()
    return {
        record
        for record in records
        if _organisation_of(relation, record) is not None and _organisation_of(relation, record) not in served
    }


def visible_related(person, article: Article, relation: str) -> list:
    """The article's chosen "organisations", its "services" or "categories" that `person` may be
    shown: nobody is told of an organisation they do not serve, nor of its services and categories."""
    records = list(getattr(article, relation).all())
    hidden = hidden_relations(person, relation, records)
    return [record for record in records if record not in hidden]


def visible_variants(person, article: Article) -> QuerySet[ArticleVariant]:
    if not visible_articles(person).filter(pk=article.pk).exists():
        return ArticleVariant.objects.none()
    return ArticleVariant.objects.filter(article=article)


def variant_versions(person, variant: ArticleVariant) -> QuerySet[ArticleVersion]:
    """Every saved version of a variant, oldest first; staff only (readers see the current text)."""
    if not person.is_staff_member or not visible_articles(person).filter(pk=variant.article_id).exists():
        return ArticleVersion.objects.none()
    return ArticleVersion.objects.filter(variant=variant).select_related("author")


def article_history(person, article: Article) -> QuerySet[ArticleEvent]:
    if not person.is_staff_member or not visible_articles(person).filter(pk=article.pk).exists():
        return ArticleEvent.objects.none()
    return ArticleEvent.objects.filter(article=article).select_related("actor")


def follow_ups(person) -> QuerySet[ArticleFeedback]:
    """Not-helpful feedback with a comment, open or closed, on articles the person may see;
    staff only (a reader's comment is for the provider)."""
    if not person.is_staff_member:
        return ArticleFeedback.objects.none()
    return (
        ArticleFeedback.objects.filter(helpful=False, article__in=visible_articles(person))
        .exclude(comment="")
        .select_related("article", "person", "follow_up_closed_by")
    )


def open_follow_ups(person) -> QuerySet[ArticleFeedback]:
    """The `follow_ups` nobody has closed yet."""
    return follow_ups(person).filter(follow_up_closed_at__isnull=True)


def feedback_counts(article: Article) -> dict[str, int]:
    """How many readers found the article helpful, how many did not, and how often it was read."""
    counts = ArticleFeedback.objects.filter(article=article).aggregate(
        yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False))
    )
    views = Article.objects.filter(pk=article.pk).values_list("view_count", flat=True).first() or 0
    return {"helpful": counts["yes"], "not_helpful": counts["no"], "views": views}


def readable_variant(person, article: Article, language: str = "") -> ArticleVariant | None:
    """The variant a reader sees: in `language` when the article has it, else in the reader's
    own language, else in the article's source language. None for an article they may not see."""
    variants = {variant.language: variant for variant in visible_variants(person, article)}
    for wanted in (language, person.preferred_language, article.source_language):
        if wanted in variants:
            return variants[wanted]
    return next(iter(variants.values()), None)


def readable_title(person, article: Article) -> str:
    """The article's title in the variant the reader sees (its key when they see none)."""
    variant = readable_variant(person, article)
    return variant.title if variant else article.key


def readers_articles(person, *, kind: str = "", category=None) -> QuerySet[Article]:
    """The articles a person may read, of one kind and in one category when given, newest change
    first."""
    articles = visible_articles(person)
    if kind:
        articles = articles.filter(kind=kind)
    if category is not None:
        articles = articles.filter(categories=category)
    return articles.prefetch_related("variants").order_by("-updated_at", "pk")


def readers_categories(person) -> QuerySet[Category]:
    """The categories the articles a person may read are filed in, by path."""
    return Category.objects.filter(articles__in=visible_articles(person)).distinct().order_by("path")


def concerning_organisation(organisation_id) -> Q:
    """Articles that concern one organisation: general ones its people may be shown (or internal
    ones, for the staff), and its own."""
    general = Q(organisation__isnull=True) & (
        Q(visibility__in=[Visibility.INTERNAL, Visibility.ALL_CLIENTS]) | _chosen_for([organisation_id])
    )
    return general | Q(organisation_id=organisation_id)


def articles_for_ticket(person, ticket) -> QuerySet[Article]:
    """What the agent may offer in a reply on `ticket`: published articles that both the agent and
    the people of the ticket's organisation may see (so never another client's own article, and
    the organisation's own one in place of the general one it replaces)."""
    if not person.is_staff_member:
        return Article.objects.none()
    for_clients = _visible_to_clients(Article.objects.all(), ticket.organisation_id)
    return visible_articles(person).filter(pk__in=for_clients.values("pk"))


def variant_for_language(article: Article, language: str) -> ArticleVariant | None:
    """The article's variant in `language`, else its source variant (for an article already
    known to be visible to the reader)."""
    variants = {variant.language: variant for variant in article.variants.all()}
    return variants.get(language) or variants.get(article.source_language)


def linked_articles(person, ticket) -> QuerySet[TicketArticle]:
    """The articles linked to a ticket, oldest link first; staff only, and only the links whose
    article the person may see (on a ticket they may see: the caller has it from tickets'
    selectors)."""
    if not person.is_staff_member:
        return TicketArticle.objects.none()
    return (
        TicketArticle.objects.filter(ticket=ticket, article__in=visible_articles(person))
        .select_related("article", "linked_by")
        .prefetch_related("article__variants")
    )


def with_use_counts(articles: QuerySet[Article]) -> QuerySet[Article]:
    """The articles, each with `use_count`: how many tickets it was linked to (a subquery, so no
    join multiplies the rows)."""
    uses = (
        TicketArticle.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return articles.annotate(use_count=Coalesce(Subquery(uses), 0))


def use_count(article: Article) -> int:
    """How many tickets the article was linked to."""
    return TicketArticle.objects.filter(article=article).count()


@dataclass(frozen=True)
class ArticleFilters:
    """What the staff's list of articles is narrowed to; an empty field narrows nothing."""

    state: str = ""
    kind: str = ""
    language: str = ""  # articles that have a variant in this language
    stale: bool = False  # articles with a translation waiting for its source's newest version
    owner_id: int | None = None
    review_due_by: dt.date | None = None  # articles whose review date is on or before this day


def staff_articles(person, filters: ArticleFilters) -> QuerySet[Article]:
    """The articles `person` (staff) may see that pass `filters`, most recently changed first."""
    if not person.is_staff_member:
        return Article.objects.none()
    articles = visible_articles(person)
    if filters.state:
        articles = articles.filter(state=filters.state)
    if filters.kind:
        articles = articles.filter(kind=filters.kind)
    variants = ArticleVariant.objects.filter(article=OuterRef("pk"))
    if filters.language:
        articles = articles.filter(Exists(variants.filter(language=filters.language)))
    if filters.stale:
        articles = articles.filter(Exists(variants.filter(is_stale=True)))
    if filters.owner_id is not None:
        articles = articles.filter(owner_id=filters.owner_id)
    if filters.review_due_by is not None:
        articles = articles.filter(review_date__lte=filters.review_due_by)
    return (
        articles.select_related("owner", "organisation")
        .prefetch_related("variants")
        .order_by("-updated_at", "-pk")
    )


def visible_article(person, pk) -> Article | None:
    """The article numbered `pk` if `person` may see it, else None."""
    return visible_articles(person).select_related("owner", "reviewers", "organisation").filter(pk=pk).first()


def article_images(person, article: Article) -> QuerySet[ArticleImage]:
    """The images of an article `person` may see (none of one they may not), oldest first."""
    return ArticleImage.objects.filter(article=article, article__in=visible_articles(person))


def visible_image(person, pk) -> ArticleImage | None:
    """The image numbered `pk` if `person` may see its article (a reader too), else None."""
    return ArticleImage.objects.filter(pk=pk, article__in=visible_articles(person)).first()
