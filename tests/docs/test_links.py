"""Every relative link in README.md and docs/ leads somewhere: to a file or folder of the
checkout and, when it names a heading (`page.md#heading`), to a heading of that page. Pages move
and headings change; a newcomer following a dead link learns nothing."""

import re
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[2]
PAGES = sorted([CHECKOUT / "README.md", *(CHECKOUT / "docs").rglob("*.md")])

FENCED = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
CODE = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def prose(text: str) -> str:
    """The text without code blocks and code spans, whose brackets are not links."""
    return CODE.sub("", FENCED.sub("", text))


def anchors(page: Path) -> set[str]:
    """The ids GitHub gives the page's headings: lower case, punctuation dropped, spaces to
    hyphens, a repeated one numbered."""
    seen: dict[str, int] = {}
    found = set()
    for title in HEADING.findall(FENCED.sub("", page.read_text(encoding="utf-8"))):
        title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", title)  # a link's text only
        slug = re.sub(r"[^\w\- ]", "", title.replace("`", "").strip().lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def relative_links(page: Path) -> list[str]:
    return [
        target
        for target in LINK.findall(prose(page.read_text(encoding="utf-8")))
        if not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE)  # http:, https:, mailto:
    ]


def broken_links(page: Path, root: Path = CHECKOUT) -> list[str]:
    """The page's relative links that lead to nothing under `root`, each with what is missing."""
    broken = []
    for target in relative_links(page):
        path, _, anchor = target.partition("#")
        destination = (page.parent / path).resolve() if path else page.resolve()
        if not destination.exists() or not destination.is_relative_to(root.resolve()):
            broken.append(f"{target}: no such file")
        elif anchor and destination.suffix == ".md" and anchor not in anchors(destination):
            broken.append(f"{target}: no such heading in {destination.relative_to(root.resolve())}")
    return broken


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(CHECKOUT)))
def test_every_relative_link_leads_to_a_file_and_heading_that_exist(page):
    assert broken_links(page) == []


def test_the_checks_find_what_is_broken(tmp_path):
    """A positive control: the checks above would see a dead file, a dead heading and a live one."""
    (tmp_path / "other.md").write_text("# A `title`, with punctuation!\n\n## Twice\n\n## Twice\n")
    page = tmp_path / "page.md"
    page.write_text(
        "[ok](other.md#a-title-with-punctuation) [twice](other.md#twice-1) [web](https://example.com)\n"
        "[gone](missing.md) [no heading](other.md#nowhere) `[code](ignored.md)`\n"
        "```\n[fenced](ignored.md)\n```\n"
    )
    assert relative_links(page) == [
        "other.md#a-title-with-punctuation",
        "other.md#twice-1",
        "missing.md",
        "other.md#nowhere",
    ]
    assert anchors(tmp_path / "other.md") == {"a-title-with-punctuation", "twice", "twice-1"}
    assert broken_links(page, root=tmp_path) == [
        "missing.md: no such file",
        "other.md#nowhere: no such heading in other.md",
    ]


def test_the_readme_stays_a_front_page():
    """README.md is the pitch, the two commands, the demo logins, a short tour and links; the
    rest belongs in docs/."""
    readme = (CHECKOUT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode()) < 12_000
    assert "make demo" in readme and "make test" in readme
