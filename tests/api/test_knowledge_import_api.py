"""POST /api/v1/knowledge/import/: the same JSON Lines as `moked knowledge import`, all or
nothing, each bad line named with its number; admins only."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from moked.knowledge.models import Article, ArticleEvent, ArticleVariant

pytestmark = pytest.mark.django_db

IMPORT = "/api/v1/knowledge/import/"
LINES = [
    {
        "key": "reset",
        "language": "en",
        "title": "Reset your password",
        "body": "Open the portal.",
        "tags": ["password"],
    },
    {
        "key": "reset-fa",
        "language": "fa",
        "title": "بازنشانی گذرواژه",
        "body": "پورتال را باز کنید.",
        "translation_of": "reset",
    },
    {
        "key": "acme-vpn",
        "language": "fi",
        "title": "ACME:n VPN",
        "kind": "known-error",
        "organisation": "ACME",
        "state": "draft",
    },
]


def jsonl(*records) -> SimpleUploadedFile:
    text = "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records) + "\n"
    return SimpleUploadedFile("articles.jsonl", text.encode(), content_type="application/jsonl")


def test_an_admin_imports_a_file_and_importing_it_again_changes_nothing(api_as, admin, org):
    client = api_as(admin)
    response = client.post(IMPORT, {"file": jsonl(*LINES)}, format="multipart")
    assert response.status_code == 200, response.json()
    assert response.json() == {"changed": 3}
    reset = Article.objects.get(key="reset")
    assert (reset.state, reset.tags, sorted(reset.variants.values_list("language", flat=True))) == (
        "published",
        ["password"],
        ["en", "fa"],
    )
    assert Article.objects.get(key="acme-vpn").organisation == org
    again = client.post(IMPORT, {"file": jsonl(*LINES)}, format="multipart")
    assert again.json() == {"changed": 0}
    assert ArticleEvent.objects.filter(action=ArticleEvent.Action.IMPORTED).count() == 3


def test_bad_lines_are_each_named_and_nothing_of_the_file_is_kept(api_as, admin, org):
    response = api_as(admin).post(
        IMPORT,
        {
            "file": jsonl(
                LINES[0],
                "{not json",
                LINES[1],
                {"key": "x", "language": "de", "title": "Sprache"},
                "",
                {"key": "y", "language": "en", "title": "Nobody's", "organisation": "NOPE"},
                LINES[2],
            )
        },
        format="multipart",
    )
    assert response.status_code == 400
    body = response.json()
    assert [line["line"] for line in body["lines"]] == [2, 4, 6]
    assert body["lines"][1]["message"] == "unknown language “de”."
    assert body["code"] == "invalid" and body["message"] == "Line 2: not a JSON object."
    assert [error["message"] for error in body["errors"]["file"]] == [
        "Line 2: not a JSON object.",
        "Line 4: unknown language “de”.",
        "Line 6: unknown organisation “NOPE”.",
    ]
    assert (
        not Article.objects.exists()
        and not ArticleVariant.objects.exists()
        and not ArticleEvent.objects.exists()
    )


def test_a_line_that_is_not_utf8_is_named(api_as, admin):
    text = (
        json.dumps(LINES[0]).encode()
        + b"\n"
        + '{"key": "x", "language": "en", "title": "Café"}'.encode("latin-1")
    )
    upload = SimpleUploadedFile("articles.jsonl", text)
    response = api_as(admin).post(IMPORT, {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert response.json()["lines"] == [{"line": 2, "message": "not UTF-8 text."}]
    assert not Article.objects.exists()


def test_a_byte_order_mark_and_windows_line_ends_are_read(api_as, admin):
    text = "\ufeff" + "\r\n".join(json.dumps(record) for record in LINES[:2])
    response = api_as(admin).post(
        IMPORT, {"file": SimpleUploadedFile("a.jsonl", text.encode())}, format="multipart"
    )
    assert response.json() == {"changed": 2}


def test_only_admins_import(api_as, agent, requester, org):
    for who in (agent, requester):
        response = api_as(who).post(IMPORT, {"file": jsonl(*LINES)}, format="multipart")
        assert response.status_code == 403
    assert not Article.objects.exists()


def test_an_import_without_a_file_is_a_400(api_as, admin):
    response = api_as(admin).post(IMPORT, {}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()["errors"]


def test_a_nul_character_anywhere_in_a_line_is_named_as_bad(api_as, admin, org):
    # PostgreSQL cannot store one: it was a server error there, and on SQLite a title nobody can use.
    response = api_as(admin).post(
        IMPORT,
        {
            "file": jsonl(
                {**LINES[0], "title": "Reset\u0000"},
                {"key": "b", "language": "en", "title": "B", "body": "\u0000"},
                {"key": "c", "language": "en", "title": "C", "organisation": "ACME\u0000"},
                {"key": "d", "language": "en", "title": "D", "tags": ["\u0000"]},
            )
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert [line["line"] for line in response.json()["lines"]] == [1, 2, 3, 4]
    assert not Article.objects.exists()
