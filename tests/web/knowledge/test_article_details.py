"""Changing an article's details (kind, tags, owner, reviewers, review date, who sees it...) but
not its text or state; recorded once in its history, all or nothing."""

import datetime as dt

import pytest

from moked.knowledge.models import Article, ArticleEvent
from tests.factories import AgentFactory, GroupFactory, OrganisationFactory
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db


def details(article, **fields):
    return {
        "kind": article.kind,
        "tags": ", ".join(article.tags),
        "owner": article.owner_id,
        "visibility": article.visibility,
        **fields,
    }


def test_the_details_change_and_the_history_says_so_once(admin, agent, alpha, article):
    group = GroupFactory(name="Reviewers")
    client = client_for(admin)
    form = client.get(f"/desk/knowledge/{article.pk}/details/").context["form"]
    assert form["owner"].value() == admin.pk and form["visibility"].value() == "all_clients"

    answer = client.post(
        f"/desk/knowledge/{article.pk}/details/",
        details(
            article,
            kind="faq",
            tags="vpn, salasana",
            owner=agent.pk,
            reviewers=group.pk,
            review_date="2027-03-01",
            visibility="chosen",
            organisations=[alpha.pk],
        ),
    )
    client.post(f"/desk/knowledge/{article.pk}/details/", details(Article.objects.get(pk=article.pk)))

    assert answer.status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert (article.kind, article.tags, article.owner, article.reviewers) == (
        "faq",
        ["vpn", "salasana"],
        agent,
        group,
    )
    assert (article.review_date, article.visibility) == (dt.date(2027, 3, 1), "chosen")
    assert list(article.organisations.all()) == [alpha]
    assert (article.source_language, article.state, article.key) == ("en", "draft", "reset-password")
    assert (
        article.events.filter(action=ArticleEvent.Action.DETAILS_CHANGED).count() == 1
    )  # the second changed nothing


def test_bad_details_change_nothing(agent, alpha, article):
    bravo = OrganisationFactory(code="BRAVO")
    client = client_for(agent)
    before = Article.objects.filter(pk=article.pk).values().get()
    answers = [
        client.post(f"/desk/knowledge/{article.pk}/details/", details(article, visibility="chosen")),
        client.post(f"/desk/knowledge/{article.pk}/details/", details(article, organisation=bravo.pk)),
        client.post(f"/desk/knowledge/{article.pk}/details/", details(article, replaces=article.pk)),
        client.post(f"/desk/knowledge/{article.pk}/details/", details(article, owner="")),
    ]
    assert all('id="not-saved"' in answer.content.decode() for answer in answers)
    assert Article.objects.filter(pk=article.pk).values().get() == before
    assert not article.events.filter(action=ArticleEvent.Action.DETAILS_CHANGED).exists()


def test_only_who_may_write_the_article_changes_its_details(admin, alpha):
    from moked.knowledge import services

    bravo = OrganisationFactory(code="BRAVO")
    own = services.create_article(admin, language="en", title="Bravo VPN", body="b", organisation=bravo)
    stranger = client_for(AgentFactory(serves=[alpha]))
    assert stranger.get(f"/desk/knowledge/{own.pk}/details/").status_code == 404
    assert stranger.post(f"/desk/knowledge/{own.pk}/details/", details(own, kind="faq")).status_code == 404
    assert Article.objects.get(pk=own.pk).kind == "how_to"
