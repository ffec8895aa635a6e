"""Reading articles, scoped to what the acting person may see (built on moked.people.access)."""

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL

from moked.people.access import served_organisation_ids

from .models import Article, ArticleEvent, ArticleFeedback, ArticleVariant, ArticleVersion

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
