"""`moked demo` seeds a knowledge base in the four languages."""

import pytest
from django.core.management import call_command

from moked.knowledge.models import Article, ArticleFeedback, ArticleVariant, TicketArticle
from moked.knowledge.selectors import visible_articles, with_use_counts
from moked.people.models import Person

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_articles_in_four_languages_with_their_lifecycle_feedback_and_uses():
    call_command("demo", tickets=80)

    articles = Article.objects.all()
    assert articles.count() >= 12
    for article in articles:
        assert set(article.variants.values_list("language", flat=True)) == {"he", "fa", "fi", "en"}, article
    assert not ArticleVariant.objects.filter(is_stale=True).exists()
    states = list(articles.values_list("state", flat=True))
    assert (states.count("draft"), states.count("in_review")) == (1, 1)
    assert articles.filter(kind="known_error", variants__body__contains="## Workaround").exists()

    published = articles.filter(state="published")
    assert published.filter(view_count__gt=0).count() == published.count()
    assert ArticleFeedback.objects.filter(helpful=True).exists()
    assert ArticleFeedback.objects.filter(helpful=False).exclude(comment="").exists()
    assert TicketArticle.objects.exists()
    assert max(a.use_count for a in with_use_counts(articles)) >= 1


def test_a_finnish_client_sees_their_own_vpn_article_in_place_of_the_general_one():
    call_command("demo", tickets=0)

    sisu, pars = Person.objects.get(username="sisu.user"), Person.objects.get(username="pars.user")
    sisu_sees = set(visible_articles(sisu).values_list("key", flat=True))
    pars_sees = set(visible_articles(pars).values_list("key", flat=True))

    assert "sisu-vpn" in sisu_sees and "vpn-connect" not in sisu_sees
    assert "vpn-connect" in pars_sees and "sisu-vpn" not in pars_sees
    assert not {"report-phishing", "dock-second-screen"} & (sisu_sees | pars_sees)
    persian = Article.objects.get(key="sisu-vpn").variants.get(language="fa")
    assert persian.title == "اتصال به شبکه Sisu Energia"
