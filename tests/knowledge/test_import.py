import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from moked.knowledge.models import Article, ArticleEvent, ArticleVariant, ArticleVersion
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def write_lines(tmp_path, *records):
    path = tmp_path / "articles.jsonl"
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records) + "\n",
        encoding="utf-8",
    )
    return path


ARTICLES = [
    {
        "key": "reset",
        "language": "en",
        "title": "Reset your password",
        "body": "Open the portal.",
        "kind": "how-to",
        "tags": ["password"],
        "organisation": "",
        "translation_of": "",
    },
    {
        "key": "reset-he",
        "language": "he",
        "title": "איפוס סיסמה",
        "body": "פתחו את הפורטל.",
        "kind": "how-to",
        "tags": [],
        "organisation": "",
        "translation_of": "reset",
    },
    {
        "key": "acme-vpn",
        "language": "fi",
        "title": "ACME:n VPN",
        "body": "Avaa asiakas.",
        "kind": "known_error",
        "tags": "vpn, acme",
        "organisation": "ACME",
        "state": "draft",
    },
]


def test_importing_creates_articles_variants_and_their_first_versions(tmp_path):
    acme = OrganisationFactory(code="ACME")

    call_command("knowledge", "import", str(write_lines(tmp_path, *ARTICLES)))

    reset = Article.objects.get(key="reset")
    assert (reset.state, reset.kind, reset.tags, reset.organisation) == (
        "published",
        "how_to",
        ["password"],
        None,
    )
    assert set(reset.variants.values_list("language", "translated_from_version")) == {("en", None), ("he", 1)}
    vpn = Article.objects.get(key="acme-vpn")
    assert (vpn.state, vpn.kind, vpn.tags, vpn.organisation, vpn.source_language) == (
        "draft",
        "known_error",
        ["vpn", "acme"],
        acme,
        "fi",
    )
    assert ArticleVersion.objects.count() == 3
    assert ArticleEvent.objects.filter(action=ArticleEvent.Action.IMPORTED).count() == 3


def test_importing_the_same_file_again_changes_nothing_and_a_changed_line_updates_in_place(tmp_path):
    OrganisationFactory(code="ACME")
    path = write_lines(tmp_path, *ARTICLES)
    call_command("knowledge", "import", str(path))
    call_command("knowledge", "import", str(path))
    assert (Article.objects.count(), ArticleVariant.objects.count(), ArticleVersion.objects.count()) == (
        2,
        3,
        3,
    )
    assert ArticleEvent.objects.count() == 3

    changed = [{**ARTICLES[0], "body": "Open the new portal."}, *ARTICLES[1:]]
    call_command("knowledge", "import", str(write_lines(tmp_path, *changed)))
    source = ArticleVariant.objects.get(article__key="reset", language="en")
    assert (source.version, source.body) == (2, "Open the new portal.")
    assert ArticleVariant.objects.get(article__key="reset", language="he").is_stale


@pytest.mark.parametrize(
    "bad_line",
    [
        "{not json",
        {"key": "x", "language": "xx", "title": "Bad language"},
        {"key": "x", "language": "en", "title": "Unknown organisation", "organisation": "NOPE"},
        {"key": "x", "language": "fi", "title": "Unknown source", "translation_of": "missing"},
        {"key": "x", "language": "en", "title": "", "body": "no title"},
    ],
)
def test_a_bad_line_keeps_nothing_of_the_file_and_is_named_by_its_number(tmp_path, bad_line):
    OrganisationFactory(code="ACME")
    path = write_lines(tmp_path, ARTICLES[0], ARTICLES[1], bad_line, ARTICLES[2])

    with pytest.raises(CommandError, match="Line 3"):
        call_command("knowledge", "import", str(path))

    assert not Article.objects.exists()
    assert not ArticleEvent.objects.exists()


def test_every_bad_line_is_named_and_a_line_that_is_not_utf8_too(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_bytes(
        b"\n".join(
            [
                json.dumps(ARTICLES[0]).encode(),
                b"{not json",
                '{"key": "x", "language": "en", "title": "Caf\u00e9"}'.encode("latin-1"),
                json.dumps(ARTICLES[1]).encode(),
            ]
        )
    )

    with pytest.raises(CommandError) as refused:
        call_command("knowledge", "import", str(path))

    assert str(refused.value) == "Line 2: not a JSON object.\nLine 3: not UTF-8 text."
    assert not Article.objects.exists()
