"""Finding articles: `search_articles` for a search box, `suggest_articles` for a request being
typed. Both answer only articles the acting person may see (`selectors.visible_articles`), best
first, each with the variant to show and a plain-text snippet.

The ranking is the process's `TextIndex` (see `indexing`): lexical matching that knows Hebrew
prefixes, Persian spellings, Finnish inflections and typos, plus the semantic model's sense of
meaning across words and languages. The database then keeps, of the best matches, those the
person may see in the wanted states, asking for more matches until enough are found.
"""

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from itertools import islice

from django.utils import translation

from moked.textsimilarity.ranking import Query, Scored
from moked.textsimilarity.snippets import snippet

from .indexing import current_index
from .models import Article, ArticleVariant
from .rendering import markdown_to_text
from .selectors import visible_articles

SNIPPET_LENGTH = 200
# Scores run from 0 to about 1.45 (lexical share of the query matched, plus the semantic part).
# A search result needs little: the reader chose the words. A suggestion must be worth showing
# beside a request: a third of the text's weight matched, or a close semantic match.
SEARCH_THRESHOLD = 0.12
SUGGESTION_THRESHOLD = 0.3
# Matches fetched per round before asking the database which ones the person may see.
_FIRST_ROUND = 30


@dataclass(frozen=True)
class ArticleMatch:
    article: Article
    variant: ArticleVariant  # `language`'s variant where one exists, else the source-language one
    score: float  # higher is better; only comparable within one call
    snippet: str  # plain text, up to ~200 characters, around the best matching words


def search_articles(
    person,
    query: str,
    *,
    language: str | None = None,
    limit: int = 10,
    states: Collection[str] = (Article.State.PUBLISHED,),
) -> list[ArticleMatch]:
    """The articles in `states` that `person` may see matching `query`, best first; [] for an
    empty query. `language` (default: the person's) chooses the variant shown."""
    if not query.strip() or limit <= 0:
        return []
    return _matches(person, query, language, limit, states, threshold=SEARCH_THRESHOLD)


def suggest_articles(person, text: str, *, language: str | None = None, limit: int = 3) -> list[ArticleMatch]:
    """Published articles `person` may see that answer `text` (a request's subject and
    description) well enough to offer; nothing for text that matches no article well."""
    if not text.strip() or limit <= 0:
        return []
    return _matches(person, text, language, limit, (Article.State.PUBLISHED,), threshold=SUGGESTION_THRESHOLD)


def display_language(person, language: str | None = None) -> str:
    """The language to show articles in: the one asked for, else the person's, else the page's."""
    return language or getattr(person, "preferred_language", None) or translation.get_language() or "en"


def _matches(person, text, language, limit, states, *, threshold) -> list[ArticleMatch]:
    index = current_index()
    query = index.query(text)
    scored = _visible_best(person, index.rank(query, min_score=threshold), states, limit)
    shown = _shown_variants([found.group for found in scored], display_language(person, language))
    return [
        ArticleMatch(
            article=shown[found.group].article,
            variant=shown[found.group],
            score=found.score,
            snippet=_snippet(shown[found.group], query),
        )
        for found in scored
        if found.group in shown
    ]


def _visible_best(person, ranked: Iterator[Scored], states, limit: int) -> list[Scored]:
    """The first `limit` of `ranked` whose article the person may see in one of `states`."""
    visible = visible_articles(person).filter(state__in=list(states))
    kept: list[Scored] = []
    size = max(_FIRST_ROUND, limit * 3)
    while len(kept) < limit:
        batch = list(islice(ranked, size))
        if not batch:
            break
        allowed = set(visible.filter(pk__in=[found.group for found in batch]).values_list("pk", flat=True))
        kept.extend(found for found in batch if found.group in allowed)
        size *= 4
    return kept[:limit]


def _shown_variants(article_ids: list[int], language: str) -> dict[int, ArticleVariant]:
    """Per article, its variant in `language`, else its source-language variant."""
    shown: dict[int, ArticleVariant] = {}
    for variant in ArticleVariant.objects.filter(article_id__in=article_ids).select_related("article"):
        if variant.language == language or (
            variant.language == variant.article.source_language and variant.article_id not in shown
        ):
            shown[variant.article_id] = variant
    return shown


def _snippet(variant: ArticleVariant, query: Query) -> str:
    return snippet(markdown_to_text(variant.body), query.matching_terms, length=SNIPPET_LENGTH)
