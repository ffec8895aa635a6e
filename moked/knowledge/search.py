"""Finding articles: `search_articles` for a search box, `suggest_articles` for a request being
typed. Both answer only articles the acting person may see (`selectors.visible_articles`), best
first, each with the variant to show and a plain-text snippet."""

from collections.abc import Collection
from dataclasses import dataclass

from django.utils import translation

from moked.textsimilarity.normalise import char_ngrams, terms

from .models import Article, ArticleVariant
from .rendering import markdown_to_text
from .selectors import visible_articles

SNIPPET_LENGTH = 200
# A suggestion is shown only when at least this share of the text's weight matched.
SUGGESTION_THRESHOLD = 0.25
# A search result needs less: the reader asked for these words.
SEARCH_THRESHOLD = 0.2


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
    return _ranked(person, query, language, limit, states, threshold=SEARCH_THRESHOLD)


def suggest_articles(person, text: str, *, language: str | None = None, limit: int = 3) -> list[ArticleMatch]:
    """Published articles `person` may see that answer `text` (a request's subject and
    description) well enough to offer; nothing for text that matches no article well."""
    if not text.strip() or limit <= 0:
        return []
    return _ranked(person, text, language, limit, (Article.State.PUBLISHED,), threshold=SUGGESTION_THRESHOLD)


def display_language(person, language: str | None) -> str:
    return language or getattr(person, "preferred_language", None) or translation.get_language() or "en"


def _features(text: str, language: str | None) -> set[str]:
    return {f"w:{term}" for term in terms(text, language)} | {f"g:{gram}" for gram in char_ngrams(text)}


def _ranked(person, query, language, limit, states, *, threshold) -> list[ArticleMatch]:
    language = display_language(person, language)
    articles = visible_articles(person).filter(state__in=list(states))
    variants = ArticleVariant.objects.filter(article__in=articles).select_related("article")
    wanted = _features(query, None)
    best: dict[int, tuple[float, ArticleVariant]] = {}
    for variant in variants:
        found = _features(f"{variant.title} {variant.title} {variant.body}", variant.language)
        score = len(wanted & found) / len(wanted) if wanted else 0.0
        if score > best.get(variant.article_id, (0.0, None))[0]:
            best[variant.article_id] = (score, variant)
    ranked = sorted((item for item in best.values() if item[0] > threshold), key=lambda item: -item[0])[
        :limit
    ]
    shown = _shown_variants([v.article_id for _s, v in ranked], language)
    return [
        ArticleMatch(
            article=variant.article,
            variant=shown[variant.article_id],
            score=score,
            snippet=snippet(shown[variant.article_id].body, query),
        )
        for score, variant in ranked
    ]


def _shown_variants(article_ids: list[int], language: str) -> dict[int, ArticleVariant]:
    """Per article, its variant in `language`, else its source-language variant."""
    shown: dict[int, ArticleVariant] = {}
    for variant in ArticleVariant.objects.filter(article_id__in=article_ids).select_related("article"):
        if variant.language == language or (
            variant.language == variant.article.source_language and variant.article_id not in shown
        ):
            shown[variant.article_id] = variant
    return shown


def snippet(body: str, query: str) -> str:
    text = markdown_to_text(body)
    if len(text) <= SNIPPET_LENGTH:
        return text
    wanted = set(terms(query))
    words = text.split(" ")
    start = 0
    for position, word in enumerate(words):
        if set(terms(word)) & wanted:
            start = max(0, position - 5)
            break
    return " ".join(words[start:])[:SNIPPET_LENGTH]
