"""How the staff pages show an article's text: in its own language and direction, rendered from
Markdown with the article's own images."""

from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from moked.knowledge.rendering import render_markdown

from .images import image_addresses


def direction_of(language: str) -> str:
    """The direction a text in `language` is written in: "rtl" for Hebrew and Persian."""
    return "rtl" if translation.get_language_info(language)["bidi"] else "ltr"


def rendered(person, article, body: str) -> SafeString:
    """The body as safe HTML (knowledge.rendering sanitises it), showing the images of `article`
    (None: none) that `person` may see."""
    return mark_safe(render_markdown(body, image_addresses(person, article)))  # noqa: S308


def shown_variant(article, language: str):
    """The variant a reader of `language` is shown: theirs, else the article's source, else any."""
    by_language = {variant.language: variant for variant in article.variants.all()}
    for wanted in (language, article.source_language):
        if wanted in by_language:
            return by_language[wanted]
    return next(iter(by_language.values()), None)
