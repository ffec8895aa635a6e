"""An article's Markdown as the reader sees it: formatted, right to left where the text is, and
never carrying the author's HTML, scripts, unsafe links or other sites' images."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from moked.knowledge.rendering import render_markdown
from tests.examples import examples

ALLOWED = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th", "a", "code", "pre",
    "em", "strong", "s", "ul", "ol", "hr", "br", "table", "thead", "tbody", "tr",
}  # fmt: skip


def test_headings_lists_and_emphasis_render_and_each_block_follows_its_text():
    html = render_markdown("# איפוס סיסמה\n\n1. Open **Settings**\n2. בחרו *סיסמה*\n")
    assert '<h1 dir="auto">איפוס סיסמה</h1>' in html
    assert '<li dir="auto">Open <strong>Settings</strong></li>' in html
    assert '<li dir="auto">בחרו <em>סיסמה</em></li>' in html


def test_tables_code_and_strikethrough_render():
    html = render_markdown(
        "| کار | زمان |\n|---|--:|\n| VPN | ۵ |\n\n`ping` ~~old~~\n\n```\nipconfig /all\n```"
    )
    assert '<th dir="auto">کار</th>' in html and '<td style="text-align:right" dir="auto">۵</td>' in html
    assert "<code>ping</code>" in html and "<s>old</s>" in html
    assert "<pre><code>ipconfig /all\n</code></pre>" in html


def test_the_authors_html_is_shown_as_text_not_obeyed():
    html = render_markdown('Hello <script>alert(1)</script> <img src=x onerror="alert(2)">')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_only_web_and_mail_addresses_become_links_and_they_open_safely():
    html = render_markdown(
        "[a](https://intra.example/vpn) [b](javascript:alert(1)) [c](data:text/html,x)"
        " [d](mailto:it@x.example)"
    )
    assert '<a href="https://intra.example/vpn" rel="noopener noreferrer nofollow">a</a>' in html
    assert '<a href="mailto:it@x.example" rel="noopener noreferrer nofollow">d</a>' in html
    addresses = re.findall(r'href="([^"]*)"', html)
    assert addresses == ["https://intra.example/vpn", "mailto:it@x.example"]


def test_an_image_is_shown_as_its_description_and_other_sites_are_not_asked_for_it():
    html = render_markdown("See ![the VPN window <b>](https://tracker.example/pixel.png).")
    assert html == '<p dir="auto">See the VPN window &lt;b&gt;.</p>\n'


def test_the_articles_own_images_are_shown_at_the_addresses_given_and_no_other():
    images = {"7": "/knowledge/images/7/"}
    html = render_markdown(
        '![The "menu"](attachment:7) ![other](attachment:8) ![far](https://x.example/7) ![x](attachment:7x)',
        images,
    )
    assert html == (
        '<p dir="auto"><img src="/knowledge/images/7/" alt="The &quot;menu&quot;" loading="lazy">'
        " other far x</p>\n"
    )
    assert render_markdown("![m](attachment:7)") == '<p dir="auto">m</p>\n'  # no images given


@given(
    st.text(max_size=300), st.dictionaries(st.text(max_size=5), st.just("/knowledge/images/1/"), max_size=3)
)
@settings(max_examples=examples(100))
def test_whatever_is_written_images_come_only_from_the_addresses_given(text, images):
    for address in re.findall(r'src="([^"]*)"', render_markdown(text, images)):
        assert address == "/knowledge/images/1/"


@given(st.text(max_size=300))
@settings(max_examples=examples(200))
def test_whatever_is_written_only_allowed_tags_and_safe_links_come_out(text):
    html = render_markdown(text)
    assert set(re.findall(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)", html)) <= ALLOWED
    for address in re.findall(r'href="([^"]*)"', html):
        assert address.split(":", 1)[0].lower() in {"http", "https", "mailto"} or ":" not in address
    assert render_markdown(text) == html
