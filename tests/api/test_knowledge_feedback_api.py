"""Readers' feedback through the API: giving it, the counts, and the follow-ups a not-helpful
comment opens for the article's owner."""

import pytest

from moked.knowledge import services
from moked.knowledge.models import ArticleEvent, ArticleFeedback
from tests.factories import AgentFactory, GroupFactory

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/knowledge/articles/"
FOLLOW_UPS = "/api/v1/knowledge/follow-ups/"


def test_a_reader_gives_feedback_and_a_second_verdict_replaces_the_first(api_as, kb):
    client = api_as(kb.requester)
    first = client.post(f"{ARTICLES}{kb.acme_vpn.pk}/feedback/", {"helpful": True}, format="json")
    assert first.status_code == 200, first.json()
    second = client.post(
        f"{ARTICLES}{kb.acme_vpn.pk}/feedback/",
        {"helpful": False, "comment": "The token expired."},
        format="json",
    )
    assert (second.json()["id"], second.json()["helpful"], second.json()["comment"]) == (
        first.json()["id"],
        False,
        "The token expired.",
    )
    client.get(f"{ARTICLES}{kb.acme_vpn.pk}/")
    counts = client.get(f"{ARTICLES}{kb.acme_vpn.pk}/feedback-counts/").json()
    assert counts == {"helpful": 0, "not_helpful": 1, "views": 1}


def test_staff_give_feedback_too_and_everyone_who_sees_the_article_reads_its_counts(api_as, kb):
    assert (
        api_as(kb.agent)
        .post(f"{ARTICLES}{kb.vpn.pk}/feedback/", {"helpful": True}, format="json")
        .status_code
        == 200
    )
    for who in (kb.admin, kb.agent, kb.beta_user):
        counts = api_as(who).get(f"{ARTICLES}{kb.vpn.pk}/feedback-counts/").json()
        assert counts == {"helpful": 1, "not_helpful": 0, "views": 0}


@pytest.mark.parametrize(
    "payload",
    [{}, {"helpful": "perhaps"}, {"helpful": None}, {"helpful": False, "comment": "x" * 2001}],
)
def test_bad_feedback_is_a_400_and_records_nothing(api_as, kb, payload):
    response = api_as(kb.requester).post(f"{ARTICLES}{kb.acme_vpn.pk}/feedback/", payload, format="json")
    assert response.status_code == 400
    assert not ArticleFeedback.objects.exists()
    assert not ArticleEvent.objects.filter(action=ArticleEvent.Action.FEEDBACK_GIVEN).exists()


@pytest.mark.parametrize(
    ("who", "article"), [("requester", "beta_printer"), ("beta_user", "acme_vpn"), ("agent", "beta_printer")]
)
def test_feedback_on_an_article_out_of_sight_is_a_404(api_as, kb, who, article):
    client, article = api_as(getattr(kb, who)), getattr(kb, article)
    assert (
        client.post(f"{ARTICLES}{article.pk}/feedback/", {"helpful": False}, format="json").status_code == 404
    )
    assert client.get(f"{ARTICLES}{article.pk}/feedback-counts/").status_code == 404
    assert not ArticleFeedback.objects.exists()


@pytest.fixture
def follow_up(kb):
    """The ACME end user found ACME's VPN article unhelpful, and said why."""
    return services.give_feedback(kb.requester, kb.acme_vpn, helpful=False, comment="The token expired.")


def test_the_owner_lists_the_open_follow_ups_and_closes_one(api_as, kb, follow_up):
    services.give_feedback(kb.manager, kb.acme_vpn, helpful=False)  # no comment: no follow-up
    client = api_as(kb.admin)
    listed = client.get(FOLLOW_UPS).json()["results"]
    assert [(f["id"], f["article"]["key"], f["person"]["id"], f["comment"]) for f in listed] == [
        (follow_up.pk, "acme-vpn", kb.requester.pk, "The token expired.")
    ]
    closed = client.post(f"{FOLLOW_UPS}{follow_up.pk}/close/")
    assert closed.status_code == 200
    assert closed.json()["follow_up_closed_by"]["id"] == kb.admin.pk
    assert client.get(FOLLOW_UPS).json()["results"] == []
    # Closing it again changes nothing and records nothing more.
    assert client.post(f"{FOLLOW_UPS}{follow_up.pk}/close/").status_code == 200
    assert kb.acme_vpn.events.filter(action=ArticleEvent.Action.FOLLOW_UP_CLOSED).count() == 1


def test_an_agent_who_neither_owns_nor_reviews_sees_the_follow_up_but_may_not_close_it(api_as, kb, follow_up):
    client = api_as(kb.agent)
    assert [f["id"] for f in client.get(FOLLOW_UPS).json()["results"]] == [follow_up.pk]
    assert client.post(f"{FOLLOW_UPS}{follow_up.pk}/close/").status_code == 403
    kb.acme_vpn.reviewers = GroupFactory(members=[kb.agent])
    kb.acme_vpn.save()
    assert client.post(f"{FOLLOW_UPS}{follow_up.pk}/close/").status_code == 200


def test_clients_and_agents_of_other_organisations_find_no_follow_ups(api_as, kb, follow_up):
    for who in (kb.requester, kb.manager, kb.beta_user, kb.beta_agent, AgentFactory()):
        client = api_as(who)
        assert client.get(FOLLOW_UPS).json()["results"] == []
        assert client.post(f"{FOLLOW_UPS}{follow_up.pk}/close/").status_code == 404
    follow_up.refresh_from_db()
    assert follow_up.follow_up_closed_at is None
