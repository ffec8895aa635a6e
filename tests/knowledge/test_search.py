"""Searching and suggesting articles: only what the person may see, in their language, kept up to
date as articles change, in Hebrew, Persian, Finnish and English."""

import itertools

import pytest

from moked.knowledge import services
from moked.knowledge.models import Article
from moked.knowledge.search import ArticleMatch, search_articles, suggest_articles
from tests.factories import AdminFactory, AgentFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

PUBLISHED = Article.State.PUBLISHED


def publish_article(admin, key, language, title, body="", translations=(), **fields):
    article = services.create_article(admin, key=key, language=language, title=title, body=body, **fields)
    for other_language, other_title, other_body in translations:
        services.save_variant(admin, article, language=other_language, title=other_title, body=other_body)
    services.submit_for_review(admin, article)
    return services.publish(admin, article)


@pytest.fixture
def world():
    alpha, bravo = OrganisationFactory(code="ALPHA"), OrganisationFactory(code="BRAVO")
    admin = AdminFactory()
    password = publish_article(
        admin,
        "reset-password",
        "en",
        "Reset your password",
        "If you forgot your password or it expired, open the self-service page and choose a new one.",
        translations=[
            (
                "he",
                "איפוס הסיסמה שלך",
                "אם שכחת את הסיסמה או שפג תוקפה, פתח את דף השירות העצמי ובחר סיסמה חדשה.",
            ),
            (
                "fi",
                "Vaihda salasana",
                "Jos unohdit salasanasi tai se vanheni, avaa itsepalvelusivu ja valitse uusi.",
            ),
        ],
    )
    printer = publish_article(
        admin,
        "printer-jam",
        "en",
        "Clear a paper jam in the printer",
        "Open the front cover, pull the jammed paper out gently and close the cover.",
    )
    return {
        "alpha": alpha,
        "bravo": bravo,
        "admin": admin,
        "password": password,
        "printer": printer,
        "reader": PersonFactory(organisation=alpha, language="en"),
        "outsider": PersonFactory(organisation=bravo, language="en"),
    }


def keys(matches: list[ArticleMatch]) -> list[str]:
    return [match.article.key for match in matches]


def test_a_search_finds_the_article_best_first_with_a_snippet(world):
    matches = search_articles(world["reader"], "forgot password")

    assert keys(matches)[0] == "reset-password"
    assert matches[0].variant.language == "en"
    assert "password" in matches[0].snippet
    assert len(matches[0].snippet) <= 200
    assert all(earlier.score >= later.score for earlier, later in itertools.pairwise(matches))


def test_an_empty_query_finds_nothing(world):
    assert search_articles(world["reader"], "   ") == []
    assert suggest_articles(world["reader"], "") == []


def test_the_variant_shown_is_the_readers_language_else_the_source(world):
    [match] = search_articles(world["reader"], "salasana", language="fi", limit=1)
    assert (match.article.key, match.variant.language, match.variant.title) == (
        "reset-password",
        "fi",
        "Vaihda salasana",
    )
    [printer] = search_articles(world["reader"], "paper jam", language="fi", limit=1)
    assert printer.variant.language == "en"


def test_the_language_defaults_to_the_persons(world):
    hebrew_reader = PersonFactory(organisation=world["alpha"], language="he")
    [match] = search_articles(hebrew_reader, "password", limit=1)
    assert match.variant.language == "he"


def test_a_suggestion_finds_the_article_for_a_request_and_nothing_for_nonsense(world):
    text = "I forgot my password\nI cannot sign in since this morning, my password expired."
    assert keys(suggest_articles(world["reader"], text))[:1] == ["reset-password"]
    assert suggest_articles(world["reader"], "qwxz vbnm zzzk") == []


def test_a_client_never_gets_another_organisations_article(world):
    admin = world["admin"]
    publish_article(
        admin, "bravo-vpn", "en", "Connect to the Bravo VPN", "Bravo VPN client", organisation=world["bravo"]
    )

    assert "bravo-vpn" not in keys(search_articles(world["reader"], "VPN"))
    assert "bravo-vpn" not in keys(suggest_articles(world["reader"], "connect to the Bravo VPN"))
    assert keys(search_articles(world["outsider"], "Bravo VPN"))[:1] == ["bravo-vpn"]


def test_an_organisations_own_article_replaces_the_general_one(world):
    admin = world["admin"]
    publish_article(
        admin,
        "alpha-password",
        "en",
        "Reset your Alpha password",
        "Alpha people reset their password at the Alpha help desk.",
        organisation=world["alpha"],
        replaces=world["password"],
    )

    assert keys(search_articles(world["reader"], "reset password")) == ["alpha-password"]
    assert keys(search_articles(world["outsider"], "reset password")) == ["reset-password"]


def test_drafts_are_never_suggested_and_staff_may_search_them(world):
    admin, agent = world["admin"], AgentFactory(serves=[world["alpha"]])
    services.create_article(admin, key="vpn-draft", language="en", title="Connect to the VPN", body="VPN")

    assert suggest_articles(agent, "How do I connect to the VPN") == []
    assert search_articles(world["reader"], "VPN", states=[Article.State.DRAFT]) == []
    assert keys(search_articles(agent, "VPN", states=[Article.State.DRAFT])) == ["vpn-draft"]


def test_internal_articles_are_for_staff_only(world):
    admin = world["admin"]
    publish_article(
        admin, "vpn-internal", "en", "VPN gateway restart", "Restart the VPN gateway", visibility="internal"
    )

    assert search_articles(world["reader"], "VPN gateway") == []
    assert keys(search_articles(AgentFactory(), "VPN gateway")) == ["vpn-internal"]
