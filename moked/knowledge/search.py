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

from django.db.models import F, Q
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
_FIRST_ROUND = 10


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
    chosen = language or getattr(person, "preferred_language", None) or translation.get_language() or "en"
    # Variants are kept under the bare language code: "fa" for "fa-IR".
    return chosen.replace("_", "-").split("-")[0].lower()


def _matches(person, text, language, limit, states, *, threshold) -> list[ArticleMatch]:
    index = current_index()
    query = index.query(text)
    language = display_language(person, language)
    found = _visible_best(person, index.rank(query, min_score=threshold), states, limit, language)
    return [
        ArticleMatch(
            article=variant.article, variant=variant, score=scored.score, snippet=_snippet(variant, query)
        )
        for scored, variant in found
    ]


def _visible_best(
    person, ranked: Iterator[Scored], states, limit: int, language: str
) -> list[tuple[Scored, ArticleVariant]]:
    """The first `limit` of `ranked` whose article the person may see in one of `states`, each
    with the variant to show: one query per round of candidates."""
    visible = visible_articles(person).filter(state__in=list(states))
    kept: list[tuple[Scored, ArticleVariant]] = []
    size = max(_FIRST_ROUND, limit * 2)
    while len(kept) < limit:
        batch = list(islice(ranked, size))
        if not batch:
            break
        variants = (
            ArticleVariant.objects.filter(
                article__in=visible.filter(pk__in=[scored.group for scored in batch])
            )
            .filter(Q(language=language) | Q(language=F("article__source_language")))
            .select_related("article", "search_document")
        )
        shown = _shown_variants(variants, language)
        kept.extend((scored, shown[scored.group]) for scored in batch if scored.group in shown)
        size *= 4
    return kept[:limit]


def _shown_variants(variants, language: str) -> dict[int, ArticleVariant]:
    """Per article, its variant in `language`, else its source-language variant."""
    shown: dict[int, ArticleVariant] = {}
    for variant in variants:
        if variant.language == language or (
            variant.language == variant.article.source_language and variant.article_id not in shown
        ):
            shown[variant.article_id] = variant
    return shown


def _snippet(variant: ArticleVariant, query: Query) -> str:
    document = getattr(variant, "search_document", None)
    text = document.text if document is not None else markdown_to_text(variant.body)
    return snippet(text, query.matching_terms, length=SNIPPET_LENGTH)
