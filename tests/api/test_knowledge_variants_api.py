"""/api/v1/knowledge/articles/{id}/variants/...: an article's text in each language, and every
saved version of it (read, compared, restored), for each role."""

import pytest

from moked.knowledge.models import ArticleEvent, ArticleVariant, ArticleVersion

pytestmark = pytest.mark.django_db


def variants(article) -> str:
    return f"/api/v1/knowledge/articles/{article.pk}/variants/"


def test_everyone_who_sees_the_article_reads_its_variants(api_as, kb):
    for who in (kb.admin, kb.agent, kb.beta_user):
        listed = api_as(who).get(variants(kb.vpn))
        assert [(v["language"], v["is_stale"]) for v in listed.json()] == [("en", False), ("fi", False)]
    finnish = api_as(kb.beta_user).get(f"{variants(kb.vpn)}fi/").json()
    assert (finnish["title"], finnish["body"], finnish["translated_from_version"]) == (
        "Yhdistä VPN:ään",
        "Avaa VPN-asiakas.",
        1,
    )
    assert finnish["body_html"] == '<p dir="auto">Avaa VPN-asiakas.</p>\n'
    assert api_as(kb.admin).get(f"{variants(kb.vpn)}he/").status_code == 404
    assert api_as(kb.admin).get(f"{variants(kb.vpn)}xx-yy/").status_code == 404


@pytest.mark.parametrize(
    ("who", "article"), [("requester", "vpn"), ("agent", "beta_printer"), ("beta_user", "acme_vpn")]
)
def test_the_variants_of_an_article_out_of_sight_are_a_404(api_as, kb, who, article):
    client, article = api_as(getattr(kb, who)), getattr(kb, article)
    assert client.get(variants(article)).status_code == 404
    assert client.get(f"{variants(article)}en/").status_code == 404
    assert client.put(f"{variants(article)}fi/", {"title": "x"}, format="json").status_code == 404
    assert client.post(f"{variants(article)}en/confirm/").status_code == 404


def test_saving_the_source_makes_translations_stale_until_saved_or_confirmed(api_as, kb):
    client = api_as(kb.agent)
    hebrew = client.put(
        f"{variants(kb.vpn)}he/", {"title": "חיבור ל-VPN", "body": "פתחו את הלקוח."}, format="json"
    )
    assert hebrew.status_code == 201
    assert (hebrew.json()["version"], hebrew.json()["translated_from_version"]) == (1, 1)

    source = client.put(
        f"{variants(kb.vpn)}en/", {"title": "Connect to the VPN", "body": "v2"}, format="json"
    )
    assert (source.status_code, source.json()["version"]) == (200, 2)
    stale = {v["language"]: v["is_stale"] for v in client.get(variants(kb.vpn)).json()}
    assert stale == {"en": False, "fi": True, "he": True}

    finnish = client.put(f"{variants(kb.vpn)}fi/", {"title": "Yhdistä VPN:ään", "body": "v2"}, format="json")
    assert (finnish.json()["translated_from_version"], finnish.json()["is_stale"]) == (2, False)
    confirmed = client.post(f"{variants(kb.vpn)}he/confirm/")
    assert confirmed.status_code == 200
    assert (
        confirmed.json()["version"],
        confirmed.json()["translated_from_version"],
        confirmed.json()["is_stale"],
    ) == (
        1,
        2,
        False,
    )
    assert kb.vpn.events.filter(action=ArticleEvent.Action.VARIANT_CONFIRMED, language="he").exists()


def test_a_translation_of_an_older_source_version_stays_stale(api_as, kb):
    client = api_as(kb.admin)
    client.put(f"{variants(kb.vpn)}en/", {"title": "Connect to the VPN", "body": "v2"}, format="json")
    saved = client.put(
        f"{variants(kb.vpn)}fi/",
        {"title": "Yhdistä", "body": "käännös", "translated_from_version": 1},
        format="json",
    )
    assert (saved.json()["translated_from_version"], saved.json()["is_stale"]) == (1, True)


@pytest.mark.parametrize(
    ("language", "payload", "field"),
    [
        ("fi", {"title": "x", "translated_from_version": 5}, "translated_from_version"),
        ("fi", {"title": "x", "translated_from_version": 0}, "translated_from_version"),
        ("en", {"title": "x", "translated_from_version": 1}, "translated_from_version"),
        ("fi", {"title": ""}, "title"),
        ("fi", {"title": "x" * 301}, "title"),
        ("fi", {"body": "no title"}, "title"),
        ("fi", {"title": "x", "body": None}, "body"),
    ],
)
def test_a_bad_variant_is_a_400_and_saves_nothing(api_as, kb, language, payload, field):
    before = (ArticleVariant.objects.count(), ArticleVersion.objects.count(), ArticleEvent.objects.count())
    response = api_as(kb.admin).put(f"{variants(kb.vpn)}{language}/", payload, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert (
        ArticleVariant.objects.count(),
        ArticleVersion.objects.count(),
        ArticleEvent.objects.count(),
    ) == before


def test_the_source_variant_cannot_be_confirmed_and_an_unknown_language_is_a_404(api_as, kb):
    client = api_as(kb.admin)
    assert client.post(f"{variants(kb.vpn)}en/confirm/").status_code == 400
    assert (
        client.put(f"{variants(kb.vpn)}de/", {"title": "Mit dem VPN verbinden"}, format="json").status_code
        == 404
    )
    assert not ArticleVariant.objects.filter(language="de").exists()


def test_clients_read_variants_but_write_none(api_as, kb):
    client = api_as(kb.requester)
    assert client.get(f"{variants(kb.acme_vpn)}en/").status_code == 200
    assert (
        client.put(f"{variants(kb.acme_vpn)}fi/", {"title": "Hakkeroitu"}, format="json").status_code == 403
    )
    assert client.put(f"{variants(kb.acme_vpn)}en/", {"title": "Hacked"}, format="json").status_code == 403
    assert client.post(f"{variants(kb.acme_vpn)}en/confirm/").status_code == 403
    assert list(kb.acme_vpn.variants.values_list("language", "title")) == [("en", "ACME's VPN")]


@pytest.fixture
def edited(api_as, kb):
    """The VPN article's English text in three versions."""
    client = api_as(kb.admin)
    for body in (
        "Open the VPN client.\nPress connect.\nWait.",
        "Open the VPN client.\nClick connect.\nWait.",
    ):
        client.put(f"{variants(kb.vpn)}en/", {"title": "Connect to the VPN", "body": body}, format="json")
    return kb


def test_staff_list_and_read_versions_oldest_first(api_as, edited):
    client = api_as(edited.agent)
    listed = client.get(f"{variants(edited.vpn)}en/versions/").json()["results"]
    assert [(v["number"], v["author"]["id"]) for v in listed] == [(n, edited.admin.pk) for n in (1, 2, 3)]
    second = client.get(f"{variants(edited.vpn)}en/versions/2/").json()
    assert second["body"] == "Open the VPN client.\nPress connect.\nWait."
    assert client.get(f"{variants(edited.vpn)}en/versions/4/").status_code == 404
    assert client.get(f"{variants(edited.vpn)}he/versions/").status_code == 404


def test_two_versions_are_compared_as_a_unified_diff_and_marked_lines(api_as, edited):
    response = api_as(edited.agent).get(f"{variants(edited.vpn)}en/versions/compare/?old=2&new=3")
    assert response.status_code == 200, response.json()
    comparison = response.json()
    assert comparison["unified_diff"] == (
        "--- version 2\n+++ version 3\n@@ -1,3 +1,3 @@\n"
        " Open the VPN client.\n-Press connect.\n+Click connect.\n Wait.\n"
    )
    assert [
        (line["kind"], line["old_number"], line["new_number"], line["text"]) for line in comparison["lines"]
    ] == [
        ("same", 1, 1, "Open the VPN client."),
        ("removed", 2, None, "Press connect."),
        ("added", None, 2, "Click connect."),
        ("same", 3, 3, "Wait."),
    ]
    assert (comparison["old_version"], comparison["new_version"], comparison["old_title"]) == (
        2,
        3,
        "Connect to the VPN",
    )


@pytest.mark.parametrize("query", ["", "?old=1", "?old=1&new=x", "?old=-1&new=2", "?old=１&new=2"])
def test_a_comparison_needs_two_version_numbers(api_as, edited, query):
    response = api_as(edited.agent).get(f"{variants(edited.vpn)}en/versions/compare/{query}")
    assert response.status_code == 400


def test_a_comparison_with_a_missing_version_is_a_404(api_as, edited):
    assert (
        api_as(edited.agent).get(f"{variants(edited.vpn)}en/versions/compare/?old=1&new=9").status_code == 404
    )


def test_restoring_a_version_saves_its_text_as_the_newest(api_as, edited):
    response = api_as(edited.agent).post(f"{variants(edited.vpn)}en/versions/1/restore/")
    assert response.status_code == 200
    assert (response.json()["version"], response.json()["body"]) == (
        4,
        "Open the VPN client.\nPress connect.",
    )
    assert edited.vpn.events.filter(action=ArticleEvent.Action.VERSION_RESTORED, version=4).exists()


def test_clients_read_no_versions_and_restore_none(api_as, kb):
    client = api_as(kb.requester)
    base = f"{variants(kb.acme_vpn)}en/versions/"
    assert client.get(base).status_code == 403
    assert client.get(f"{base}1/").status_code == 403
    assert client.get(f"{base}compare/?old=1&new=1").status_code == 403
    assert client.post(f"{base}1/restore/").status_code == 403
    assert ArticleVersion.objects.filter(variant__article=kb.acme_vpn).count() == 1


def test_an_agent_not_serving_the_organisation_finds_no_versions(api_as, kb):
    client = api_as(kb.beta_agent)
    base = f"{variants(kb.acme_vpn)}en/versions/"
    for response in (client.get(base), client.get(f"{base}1/"), client.post(f"{base}1/restore/")):
        assert response.status_code == 404
