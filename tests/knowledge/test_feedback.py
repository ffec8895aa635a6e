"""Readers' views and feedback on articles, and the follow-ups a not-helpful comment opens."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from moked.knowledge import services
from moked.knowledge.models import Article, ArticleEvent, ArticleFeedback
from moked.knowledge.selectors import feedback_counts, open_follow_ups
from tests.factories import AdminFactory, AgentFactory, GroupFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    alpha, bravo = OrganisationFactory(code="ALPHA"), OrganisationFactory(code="BRAVO")
    admin = AdminFactory()
    owner = AgentFactory(serves=[alpha])
    article = services.create_article(
        owner,
        key="alpha-vpn",
        language="en",
        title="Connect to the VPN",
        organisation=alpha,
        visibility=Article.Visibility.ALL_CLIENTS,
    )
    services.submit_for_review(owner, article)
    services.publish(admin, article)
    return {
        "article": article,
        "owner": owner,
        "admin": admin,
        "reader": PersonFactory(organisation=alpha),
        "outsider": PersonFactory(organisation=bravo),
        "agent_of_bravo": AgentFactory(serves=[bravo]),
    }


def test_a_reader_gives_feedback_and_a_second_verdict_replaces_the_first(world):
    article, reader = world["article"], world["reader"]

    services.give_feedback(reader, article, helpful=True)
    feedback = services.give_feedback(reader, article, helpful=False, comment="  The port is wrong.  ")

    assert list(ArticleFeedback.objects.values_list("pk", "helpful", "comment")) == [
        (feedback.pk, False, "The port is wrong.")
    ]
    assert feedback_counts(article) == {"helpful": 0, "not_helpful": 1, "views": 0}
    assert article.events.filter(action=ArticleEvent.Action.FEEDBACK_GIVEN, actor=reader).count() == 2


def test_a_reader_of_another_organisation_is_refused_and_nothing_changes(world):
    article = world["article"]

    with pytest.raises(PermissionDenied):
        services.give_feedback(world["outsider"], article, helpful=False, comment="Not mine.")

    assert not ArticleFeedback.objects.exists()
    assert not article.events.filter(action=ArticleEvent.Action.FEEDBACK_GIVEN).exists()


def test_a_comment_too_long_is_refused(world):
    with pytest.raises(ValidationError):
        services.give_feedback(world["reader"], world["article"], helpful=False, comment="x" * 2001)
    assert not ArticleFeedback.objects.exists()


def test_a_not_helpful_comment_is_a_follow_up_until_closed(world):
    article, owner = world["article"], world["owner"]
    feedback = services.give_feedback(world["reader"], article, helpful=False, comment="The port is wrong.")

    assert list(open_follow_ups(owner)) == [feedback]
    assert list(open_follow_ups(world["admin"])) == [feedback]
    assert not open_follow_ups(world["reader"]).exists()

    services.close_follow_up(owner, feedback)

    feedback.refresh_from_db()
    assert (feedback.follow_up_closed_by, feedback.follow_up_closed_at is not None) == (owner, True)
    assert not open_follow_ups(owner).exists()
    assert article.events.filter(action=ArticleEvent.Action.FOLLOW_UP_CLOSED, actor=owner).exists()


def test_helpful_or_comment_less_feedback_is_no_follow_up(world):
    article = world["article"]
    services.give_feedback(world["reader"], article, helpful=True, comment="Great, thanks.")
    services.give_feedback(PersonFactory(organisation=world["reader"].organisation), article, helpful=False)

    assert not open_follow_ups(world["owner"]).exists()
    assert feedback_counts(article) == {"helpful": 1, "not_helpful": 1, "views": 0}


def test_only_the_owner_a_reviewer_or_an_admin_closes_a_follow_up(world):
    feedback = services.give_feedback(world["reader"], world["article"], helpful=False, comment="Wrong.")

    other_agent_of_alpha = AgentFactory(serves=[world["article"].organisation])
    for person in (world["reader"], world["agent_of_bravo"], other_agent_of_alpha):
        with pytest.raises(PermissionDenied):
            services.close_follow_up(person, feedback)
    services.close_follow_up(world["admin"], feedback)

    feedback.refresh_from_db()
    assert feedback.follow_up_closed_by == world["admin"]


def test_views_count_only_for_people_who_may_see_the_article(world):
    article = world["article"]

    services.record_view(world["reader"], article)
    services.record_view(world["reader"], article)
    services.record_view(world["outsider"], article)

    assert feedback_counts(article)["views"] == 2


def test_an_agent_not_serving_the_organisation_does_not_see_its_follow_ups(world):
    feedback = services.give_feedback(world["reader"], world["article"], helpful=False, comment="Wrong.")

    assert list(open_follow_ups(world["owner"])) == [feedback]
    assert not open_follow_ups(world["agent_of_bravo"]).exists()


def test_a_reviewer_of_the_article_closes_its_follow_up(world):
    article = world["article"]
    reviewer = AgentFactory(serves=[article.organisation])
    article.reviewers = GroupFactory(members=[reviewer])
    article.save(update_fields=["reviewers"])
    feedback = services.give_feedback(world["reader"], article, helpful=False, comment="Wrong.")

    services.close_follow_up(reviewer, feedback)

    assert not open_follow_ups(world["owner"]).exists()
