"""An article's body as HTML: Markdown (CommonMark with tables and strikethrough) rendered by
markdown-it-py, then sanitised with nh3. Pure: no Django.

What the author writes is untrusted: raw HTML in the Markdown is shown as text, not obeyed; links
keep only http, https and mailto addresses and open with rel="noopener noreferrer nofollow";
an image is shown as its description until articles keep their images as attachments (an
address elsewhere would tell another site who reads the article); every block takes
`dir="auto"`, so a Hebrew or Persian paragraph reads right to left beside an
English one whatever the page's direction.
"""

from collections.abc import Sequence
from html import escape
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th"}
_TAGS = _BLOCKS | {
    "a",
    "code",
    "pre",
    "em",
    "strong",
    "s",
    "ul",
    "ol",
    "hr",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
}
_ATTRIBUTES = {
    "*": {"dir"},
    "a": {"href", "title"},
    "ol": {"start"},
    "td": {"style"},
    "th": {"style"},
}
_URL_SCHEMES = {"http", "https", "mailto"}

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)


def _image_as_its_description(
    renderer: Any, tokens: Sequence[Token], index: int, options: Any, env: Any
) -> str:
    return escape(tokens[index].content)


_markdown.add_render_rule("image", _image_as_its_description)


def render_markdown(text: str) -> str:
    """Safe HTML for `text` (Markdown). The same text always gives the same HTML."""
    html = _markdown.render(text)
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values={tag: {"dir": "auto"} for tag in _BLOCKS},
        filter_style_properties={"text-align"},
        strip_comments=True,
    )


def markdown_to_text(text: str) -> str:
    """The words a reader sees in `text` (Markdown), as plain text: no markup, no link addresses,
    one space between words, a block's text kept apart from the next one's."""
    parts: list[str] = []
    for token in _markdown.parse(text):
        if token.type == "inline":
            parts.extend(child.content for child in token.children or () if child.content)
        elif token.type in {"fence", "code_block"}:
            parts.append(token.content)
    return " ".join(" ".join(parts).split())
