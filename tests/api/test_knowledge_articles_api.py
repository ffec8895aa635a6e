"""/api/v1/knowledge/articles/: listing, reading, creating and changing articles, their lifecycle
and history, for each role."""

import pytest

from moked.knowledge.models import Article, ArticleEvent, ArticleVariant
from moked.knowledge.selectors import feedback_counts
from tests.factories import CategoryFactory, GroupFactory, ServiceFactory

from .knowledge_world import keys

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/knowledge/articles/"


def test_each_role_lists_the_articles_it_may_see(api_as, kb):
    assert keys(api_as(kb.admin).get(ARTICLES)) == {"vpn", "acme-vpn", "beta-printer", "internal", "draft"}
    assert keys(api_as(kb.agent).get(ARTICLES)) == {"vpn", "acme-vpn", "internal", "draft"}
    assert keys(api_as(kb.requester).get(ARTICLES)) == {"acme-vpn"}
    assert keys(api_as(kb.manager).get(ARTICLES)) == {"acme-vpn"}
    assert keys(api_as(kb.beta_user).get(ARTICLES)) == {"vpn", "beta-printer"}


def test_clients_are_not_shown_the_providers_details(api_as, kb):
    seen = api_as(kb.requester).get(f"{ARTICLES}{kb.acme_vpn.pk}/").json()
    assert seen["title"] == "ACME's VPN" and seen["state"] == "published"
    for field in (
        "owner",
        "reviewers",
        "visibility",
        "organisation",
        "organisations",
        "replaces",
        "view_count",
    ):
        assert field not in seen
    staff = api_as(kb.agent).get(f"{ARTICLES}{kb.acme_vpn.pk}/").json()
    assert (staff["organisation"], staff["replaces"], staff["owner"]["id"]) == (
        "ACME",
        kb.vpn.pk,
        kb.admin.pk,
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("state=draft", {"draft"}),
        ("state=published,draft&kind=troubleshooting", {"beta-printer"}),
        ("language=fi", {"vpn"}),
        ("tag=vpn", {"vpn", "acme-vpn", "internal"}),
        ("tag=vp", set()),
        ("organisation=BETA", {"beta-printer"}),
        ("organisation=acme,beta", {"acme-vpn", "beta-printer"}),
    ],
)
def test_the_list_filters(api_as, kb, query, expected):
    assert keys(api_as(kb.admin).get(f"{ARTICLES}?{query}")) == expected


def test_an_organisation_the_caller_may_not_see_filters_to_nothing(api_as, kb):
    kb.vpn.visibility = Article.Visibility.CHOSEN
    kb.vpn.save()
    kb.vpn.organisations.set([kb.acme, kb.beta])
    assert keys(api_as(kb.admin).get(f"{ARTICLES}?organisation=BETA")) == {"vpn", "beta-printer"}
    assert keys(api_as(kb.agent).get(f"{ARTICLES}?organisation=BETA")) == set()


@pytest.mark.parametrize("query", ["state=open", "kind=recipe", "language=de", "tag=" + "x" * 51])
def test_a_bad_filter_is_a_400(api_as, kb, query):
    response = api_as(kb.agent).get(f"{ARTICLES}?{query}")
    assert response.status_code == 400 and response.json()["code"] == "invalid"


def test_titles_are_shown_in_the_language_asked_for_else_the_readers_else_the_source(api_as, kb):
    client = api_as(kb.admin)
    finnish = client.get(f"{ARTICLES}?language=fi").json()["results"]
    assert [(a["key"], a["language"], a["title"]) for a in finnish] == [("vpn", "fi", "Yhdistä VPN:ään")]
    kb.beta_user.language = "fi"
    kb.beta_user.save()
    titles = {a["key"]: a["title"] for a in api_as(kb.beta_user).get(ARTICLES).json()["results"]}
    assert titles == {"vpn": "Yhdistä VPN:ään", "beta-printer": "Beta's printer"}
    assert client.get(f"{ARTICLES}{kb.vpn.pk}/?language=fi").json()["title"] == "Yhdistä VPN:ään"
    assert client.get(f"{ARTICLES}{kb.vpn.pk}/?language=xx").status_code == 400


def test_an_article_comes_with_its_variants_and_their_stale_flags(api_as, kb):
    client = api_as(kb.admin)
    client.put(
        f"{ARTICLES}{kb.vpn.pk}/variants/en/", {"title": "Connect to the VPN", "body": "New."}, format="json"
    )
    article = client.get(f"{ARTICLES}{kb.vpn.pk}/").json()
    variants = {v["language"]: v for v in article["variants"]}
    assert (variants["en"]["version"], variants["en"]["is_stale"]) == (2, False)
    assert (variants["fi"]["translated_from_version"], variants["fi"]["is_stale"]) == (1, True)
    assert variants["en"]["body_html"] == '<p dir="auto">New.</p>\n'


def test_reading_as_a_client_counts_a_view_and_staff_reading_does_not(api_as, kb):
    assert api_as(kb.requester).get(f"{ARTICLES}{kb.acme_vpn.pk}/").status_code == 200
    assert api_as(kb.agent).get(f"{ARTICLES}{kb.acme_vpn.pk}/").status_code == 200
    assert feedback_counts(kb.acme_vpn)["views"] == 1


@pytest.mark.parametrize(
    ("who", "article"),
    [
        ("requester", "vpn"),  # replaced, for ACME, by its own
        ("requester", "beta_printer"),
        ("requester", "internal"),
        ("requester", "draft"),
        ("manager", "beta_printer"),
        ("agent", "beta_printer"),
        ("beta_user", "acme_vpn"),
    ],
)
def test_an_article_out_of_sight_is_a_404_and_counts_no_view(api_as, kb, who, article):
    article = getattr(kb, article)
    client = api_as(getattr(kb, who))
    assert client.get(f"{ARTICLES}{article.pk}/").status_code == 404
    assert client.patch(f"{ARTICLES}{article.pk}/", {"tags": ["x"]}, format="json").status_code == 404
    assert client.post(f"{ARTICLES}{article.pk}/retire/").status_code == 404
    assert feedback_counts(article)["views"] == 0


def test_an_agent_creates_a_draft_for_an_organisation_they_serve(api_as, kb):
    group = GroupFactory(members=[kb.agent])
    category = CategoryFactory()
    service = ServiceFactory(organisation=kb.acme)
    response = api_as(kb.agent).post(
        ARTICLES,
        {
            "key": "acme-mail",
            "language": "he",
            "title": "הגדרת דואר",
            "body": "# צעד ראשון",
            "kind": "faq",
            "tags": ["mail", " mail ", "outlook"],
            "categories": [category.pk],
            "services": [service.pk],
            "reviewers": group.pk,
            "review_date": "2027-06-01",
            "visibility": "chosen",
            "organisations": ["ACME"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["state"], body["source_language"], body["owner"]["id"]) == ("draft", "he", kb.agent.pk)
    assert (body["tags"], body["organisations"], body["categories"]) == (
        ["mail", "outlook"],
        ["ACME"],
        [category.pk],
    )
    assert [(v["language"], v["version"]) for v in body["variants"]] == [("he", 1)]
    assert Article.objects.get(key="acme-mail").events.get().action == ArticleEvent.Action.CREATED


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"key": "has space"}, "key"),
        ({"key": "vpn"}, "key"),  # taken
        ({"language": "de"}, "language"),
        ({"title": ""}, "title"),
        ({"organisations": ["BETA"]}, "organisations"),  # not served
        ({"organisation": "BETA"}, "organisation"),
        ({"services": [0]}, "services"),
        ({"tags": "vpn"}, "tags"),
        ({"tags": ["x"] * 21}, "tags"),
        ({"kind": "recipe"}, "kind"),
        ({"review_date": "tomorrow"}, "review_date"),
        ({"replaces": 1}, "replaces"),  # a general article replaces nothing
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_creates_nothing(api_as, kb, payload, field):
    before = (Article.objects.count(), ArticleVariant.objects.count(), ArticleEvent.objects.count())
    valid = {"key": "new-one", "language": "en", "title": "New"}
    response = api_as(kb.agent).post(ARTICLES, {**valid, **payload}, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert (Article.objects.count(), ArticleVariant.objects.count(), ArticleEvent.objects.count()) == before


def test_clients_write_no_articles(api_as, kb):
    for who in (kb.requester, kb.manager):
        response = api_as(who).post(
            ARTICLES, {"key": "mine", "language": "en", "title": "Mine"}, format="json"
        )
        assert response.status_code == 403
        assert (
            api_as(who).patch(f"{ARTICLES}{kb.acme_vpn.pk}/", {"tags": ["x"]}, format="json").status_code
            == 403
        )
    assert not Article.objects.filter(key="mine").exists()
    kb.acme_vpn.refresh_from_db()
    assert kb.acme_vpn.tags == ["vpn"]


def test_changing_the_details_records_it_and_an_unchanged_detail_records_nothing(api_as, kb):
    client = api_as(kb.admin)
    category = CategoryFactory()
    response = client.patch(
        f"{ARTICLES}{kb.vpn.pk}/",
        {"kind": "faq", "tags": ["vpn", "remote"], "categories": [category.pk], "review_date": "2027-01-31"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["kind"], body["tags"], body["categories"], body["review_date"]) == (
        "faq",
        ["vpn", "remote"],
        [category.pk],
        "2027-01-31",
    )
    assert client.patch(f"{ARTICLES}{kb.vpn.pk}/", {"kind": "faq"}, format="json").status_code == 200
    assert kb.vpn.events.filter(action=ArticleEvent.Action.DETAILS_CHANGED).count() == 1


def test_a_writer_who_may_not_publish_may_not_change_the_owner_or_reviewers(api_as, kb):
    client = api_as(kb.agent)
    assert client.patch(f"{ARTICLES}{kb.vpn.pk}/", {"owner": kb.agent.pk}, format="json").status_code == 403
    group = GroupFactory(members=[kb.agent])
    assert client.patch(f"{ARTICLES}{kb.vpn.pk}/", {"reviewers": group.pk}, format="json").status_code == 403
    kb.vpn.refresh_from_db()
    assert (kb.vpn.owner, kb.vpn.reviewers) == (kb.admin, None)
    # The tags the same request would change stay as they were: all or nothing.
    response = client.patch(f"{ARTICLES}{kb.vpn.pk}/", {"tags": ["x"], "owner": kb.agent.pk}, format="json")
    assert response.status_code == 403
    kb.vpn.refresh_from_db()
    assert kb.vpn.tags == ["vpn", "network"]


def test_the_owner_hands_an_article_to_another_of_the_staff_only(api_as, kb):
    client = api_as(kb.admin)
    assert (
        client.patch(f"{ARTICLES}{kb.vpn.pk}/", {"owner": kb.requester.pk}, format="json").status_code == 400
    )
    response = client.patch(f"{ARTICLES}{kb.vpn.pk}/", {"owner": kb.agent.pk}, format="json")
    assert response.json()["owner"]["id"] == kb.agent.pk


def test_an_agent_sees_and_changes_only_the_organisations_they_serve(api_as, kb):
    kb.vpn.visibility = Article.Visibility.CHOSEN
    kb.vpn.save()
    kb.vpn.organisations.set([kb.acme, kb.beta])
    client = api_as(kb.agent)
    assert client.get(f"{ARTICLES}{kb.vpn.pk}/").json()["organisations"] == ["ACME"]
    naming_beta = client.patch(f"{ARTICLES}{kb.vpn.pk}/", {"organisations": ["ACME", "BETA"]}, format="json")
    assert naming_beta.status_code == 400 and "organisations" in naming_beta.json()["errors"]
    dropping_acme = client.patch(f"{ARTICLES}{kb.vpn.pk}/", {"organisations": []}, format="json")
    assert dropping_acme.status_code == 200 and dropping_acme.json()["organisations"] == []
    assert list(kb.vpn.organisations.values_list("code", flat=True)) == ["BETA"]
    assert api_as(kb.admin).get(f"{ARTICLES}{kb.vpn.pk}/").json()["organisations"] == ["BETA"]


def test_an_empty_change_is_a_400(api_as, kb):
    response = api_as(kb.admin).patch(f"{ARTICLES}{kb.vpn.pk}/", {}, format="json")
    assert response.status_code == 400 and response.json()["errors"]["__all__"][0]["code"] == "empty"


def test_the_lifecycle_runs_through_the_api_and_a_step_out_of_turn_is_a_400(api_as, kb):
    client = api_as(kb.agent)
    created = client.post(ARTICLES, {"key": "printer", "language": "fi", "title": "Tulostin"}, format="json")
    pk = created.json()["id"]
    assert client.post(f"{ARTICLES}{pk}/publish/").json()["errors"]["state"]
    assert client.post(f"{ARTICLES}{pk}/submit-for-review/").json()["state"] == "in_review"
    assert client.post(f"{ARTICLES}{pk}/publish/").json()["state"] == "published"  # its owner
    assert client.post(f"{ARTICLES}{pk}/retire/").json()["state"] == "retired"
    assert client.post(f"{ARTICLES}{pk}/retire/").status_code == 400


def test_an_agent_who_neither_owns_nor_reviews_may_not_publish(api_as, kb):
    client = api_as(kb.agent)
    assert client.post(f"{ARTICLES}{kb.draft.pk}/submit-for-review/").status_code == 200
    response = client.post(f"{ARTICLES}{kb.draft.pk}/publish/")
    assert response.status_code == 403
    kb.draft.refresh_from_db()
    assert kb.draft.state == Article.State.IN_REVIEW


def test_clients_may_not_move_an_article(api_as, kb):
    assert api_as(kb.requester).post(f"{ARTICLES}{kb.acme_vpn.pk}/retire/").status_code == 403
    kb.acme_vpn.refresh_from_db()
    assert kb.acme_vpn.state == Article.State.PUBLISHED


def test_the_history_is_for_staff_oldest_first(api_as, kb):
    events = api_as(kb.agent).get(f"{ARTICLES}{kb.vpn.pk}/events/").json()["results"]
    assert [(e["action"], e["language"], e["version"]) for e in events] == [
        ("created", "en", 1),
        ("submitted", "", None),
        ("published", "", None),
        ("variant_saved", "fi", 1),
    ]
    assert events[0]["actor"]["id"] == kb.admin.pk
    assert api_as(kb.requester).get(f"{ARTICLES}{kb.acme_vpn.pk}/events/").status_code == 403
    assert api_as(kb.agent).get(f"{ARTICLES}{kb.beta_printer.pk}/events/").status_code == 404
