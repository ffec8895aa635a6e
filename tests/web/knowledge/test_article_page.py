"""An article's page: its variants in their own direction, which are stale, confirming one, the
lifecycle buttons for those allowed, the history, feedback counts and follow-ups."""

import pytest

from moked.knowledge import services
from moked.knowledge.models import Article, ArticleEvent
from tests.factories import GroupFactory, PersonFactory
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db


def test_the_variants_show_in_their_own_language_and_direction(admin, article):
    services.save_variant(admin, article, language="he", title="איפוס סיסמה", body="פתחו את **ההגדרות**.")

    page = client_for(admin).get(f"/desk/knowledge/{article.pk}/").content.decode()

    assert '<article lang="he" dir="rtl">' in page and '<article lang="fi" dir="ltr">' in page
    assert "<strong>ההגדרות</strong>" in page and "<strong>Asetukset</strong>" in page


def test_a_stale_translation_is_flagged_against_the_source_version_and_confirmed(admin, article):
    services.save_variant(admin, article, language="en", title="Reset your password", body="v2")
    client = client_for(admin)

    page = client.get(f"/desk/knowledge/{article.pk}/").content.decode()
    assert "stale: the source is at version 2" in page and 'data-confirm="fi"' in page

    answer = client.post(f"/desk/knowledge/{article.pk}/fi/confirm/")
    assert answer.status_code == 302
    finnish = article.variants.get(language="fi")
    assert (finnish.is_stale, finnish.translated_from_version) == (False, 2)
    assert 'data-testid="stale"' not in client.get(f"/desk/knowledge/{article.pk}/").content.decode()


def test_the_source_cannot_be_confirmed_and_says_why(admin, article):
    client = client_for(admin)
    page = client.post(f"/desk/knowledge/{article.pk}/en/confirm/", follow=True).content.decode()
    assert "The source variant is always current." in page
    assert not article.events.filter(action=ArticleEvent.Action.VARIANT_CONFIRMED).exists()


def test_the_lifecycle_buttons_show_only_to_those_allowed(admin, agent, article):
    reviewer = GroupFactory(name="Reviewers", members=[agent])
    outsider_agent = type(agent).objects.create(username="x", name="Other Agent", role="agent", tier=1)
    client = client_for(agent)

    page = client.get(f"/desk/knowledge/{article.pk}/").content.decode()
    assert 'data-step="submit"' in page and 'data-step="publish"' not in page
    client.post(f"/desk/knowledge/{article.pk}/lifecycle/submit/")
    assert Article.objects.get(pk=article.pk).state == "in_review"

    # the agent owns nothing and reviews nothing: publishing is not offered, and is refused
    page = client.get(f"/desk/knowledge/{article.pk}/").content.decode()
    assert 'data-step="publish"' not in page
    client.post(f"/desk/knowledge/{article.pk}/lifecycle/publish/")
    assert Article.objects.get(pk=article.pk).state == "in_review"
    assert "publish or retire it" in client.get(f"/desk/knowledge/{article.pk}/").content.decode()

    Article.objects.filter(pk=article.pk).update(reviewers=reviewer)
    assert 'data-step="publish"' in client.get(f"/desk/knowledge/{article.pk}/").content.decode()
    assert (
        'data-step="publish"'
        not in client_for(outsider_agent).get(f"/desk/knowledge/{article.pk}/").content.decode()
    )
    client.post(f"/desk/knowledge/{article.pk}/lifecycle/publish/")
    assert Article.objects.get(pk=article.pk).state == "published"
    assert client.post(f"/desk/knowledge/{article.pk}/lifecycle/unknown/").status_code == 404
    assert client.get(f"/desk/knowledge/{article.pk}/lifecycle/retire/").status_code == 405


def test_the_page_shows_history_feedback_counts_and_follow_ups(admin, alpha, article):
    services.submit_for_review(admin, article)
    services.publish(admin, article)
    reader = PersonFactory(organisation=alpha, name="Rina Reader")
    services.record_view(reader, article)
    services.give_feedback(reader, article, helpful=False, comment="Step 3 is missing.")
    client = client_for(admin)

    answer = client.get(f"/desk/knowledge/{article.pk}/")
    page = answer.content.decode()
    assert answer.context["counts"] == {"helpful": 0, "not_helpful": 1, "views": 1}
    assert "Step 3 is missing." in page and "Rina Reader" in page
    assert [event.action for event in answer.context["history"]][:3] == [
        ArticleEvent.Action.FEEDBACK_GIVEN,
        ArticleEvent.Action.PUBLISHED,
        ArticleEvent.Action.SUBMITTED,
    ]
    feedback = article.feedback.get()
    client.post(
        f"/desk/knowledge/follow-ups/{feedback.pk}/close/", {"next": f"/desk/knowledge/{article.pk}/"}
    )
    assert "Step 3 is missing." not in client.get(f"/desk/knowledge/{article.pk}/").content.decode()


def test_the_page_offers_the_missing_translations(admin, article):
    page = client_for(admin).get(f"/desk/knowledge/{article.pk}/").content.decode()
    assert (
        'data-translate="he"' in page and 'data-translate="fa"' in page and 'data-translate="fi"' not in page
    )
