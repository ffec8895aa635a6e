"""HTML bodies: sanitised with nh3 (keeping dir) and turned into text with html2text."""

from __future__ import annotations

import copy
import re

import html2text
import nh3

from .context import _Bodies, _Context

_HTML_ATTRIBUTES = copy.deepcopy(nh3.ALLOWED_ATTRIBUTES)


_HTML_ATTRIBUTES["*"] = {"dir", "lang", "title", "style"}


_HTML_ATTRIBUTES.setdefault("td", set()).update({"width", "valign"})


_HTML_ATTRIBUTES.setdefault("th", set()).update({"width", "valign"})


_HTML_URL_SCHEMES = {"http", "https", "mailto", "tel", "cid"}


# Inline styles survive only as presentational properties (no url(), positioning or expressions);
# direction matters for right-to-left mail.
_HTML_STYLE_PROPERTIES = {
    "direction",
    "unicode-bidi",
    "text-align",
    "color",
    "background-color",
    "font-weight",
    "font-style",
    "text-decoration",
}


_DOCUMENT_DIRECTION = re.compile(r"<(?:html|body)\b[^>]*?\bdir\s*=\s*[\"']?(rtl|ltr|auto)\b", re.IGNORECASE)


def sanitise_html(html: str) -> str:
    """nh3 with its default tags, plus the dir attribute everywhere, cid: image sources and a few
    harmless style properties. Scripts, styles, event handlers and javascript: or data: URLs are
    removed. nh3 returns a fragment without <html>/<body>, so a document direction set there
    (Outlook does for Hebrew and Persian) is kept on a wrapping <div dir>."""
    clean = _clean_html(html)
    direction = _DOCUMENT_DIRECTION.search(html)
    if direction:
        return f'<div dir="{direction.group(1).lower()}">{clean}</div>'
    return clean


def _clean_html(html: str) -> str:
    return nh3.clean(
        html,
        attributes=_HTML_ATTRIBUTES,
        url_schemes=_HTML_URL_SCHEMES,
        clean_content_tags={"script", "style", "title"},
        filter_style_properties=_HTML_STYLE_PROPERTIES,
        strip_comments=True,
    )


# html2text escapes characters that would be Markdown syntax; in a plain-text body they are noise.
# It escapes at the start of each run of text, which can be mid-line (after a list marker).
_MARKDOWN_ESCAPES = (
    (re.compile(r"(?<=\d)\\\.(?=\s)"), "."),
    (re.compile(r"\\([-+])(?=[\s-])"), r"\1"),
    (re.compile(r"\\\\(?=[\\`*_{}\[\]()#+\-.!])"), r"\\"),
)


def html_to_text(html: str) -> str:
    converter = html2text.HTML2Text()
    converter.body_width = 0
    converter.unicode_snob = True
    converter.ignore_images = True
    converter.ignore_emphasis = True
    text = converter.handle(html)
    for pattern, replacement in _MARKDOWN_ESCAPES:
        text = pattern.sub(replacement, text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


_LEADING_BLANK_TEXT_LINES = re.compile(r"\A(?:[ \t]*\n)+")


def _body_texts(bodies: _Bodies, ctx: _Context) -> tuple[str, str | None]:
    html = sanitise_html("\n".join(bodies.html)) if bodies.html else None
    plain = "\n\n".join(_trim_blank_lines(part) for part in bodies.plain if part.strip())
    if not plain and html:
        plain = html_to_text(html)
    return _trim_blank_lines(plain), html


def _trim_blank_lines(text: str) -> str:
    """Without leading blank lines and trailing whitespace; indentation of the first line stays."""
    return _LEADING_BLANK_TEXT_LINES.sub("", text).rstrip()
