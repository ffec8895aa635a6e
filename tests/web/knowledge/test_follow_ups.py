"""Readers' follow-ups: the open not-helpful comments on the articles the agent may see, and
closing one."""

import pytest

from moked.knowledge import services
from tests.factories import AgentFactory, GroupFactory, OrganisationFactory, PersonFactory
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db


def not_helpful(article, organisation, comment):
    return services.give_feedback(
        PersonFactory(organisation=organisation), article, helpful=False, comment=comment
    )


def published(admin, **fields):
    article = services.create_article(admin, language="en", body="x", **{"title": "Printer", **fields})
    services.submit_for_review(admin, article)
    return services.publish(admin, article)


def test_the_agent_sees_the_follow_ups_of_the_articles_they_may_see(admin, agent, alpha):
    bravo = OrganisationFactory(code="BRAVO")
    general, bravos = (
        published(admin, title="Printer jams"),
        published(admin, title="Bravo VPN", organisation=bravo),
    )
    services.give_feedback(PersonFactory(organisation=alpha), general, helpful=False, comment="Step 2 fails.")
    services.give_feedback(
        PersonFactory(organisation=bravo), bravos, helpful=False, comment="Bravo's secret."
    )
    services.give_feedback(PersonFactory(organisation=alpha), general, helpful=True, comment="Thanks")

    page = client_for(agent).get("/desk/knowledge/follow-ups/").content.decode()

    assert "Step 2 fails." in page and "Printer jams" in page
    assert "Bravo's secret." not in page and "Thanks" not in page
    assert "Bravo&#x27;s secret." in client_for(admin).get("/desk/knowledge/follow-ups/").content.decode()


def test_the_owner_or_a_reviewer_closes_a_follow_up(admin, agent, alpha):
    article = published(admin, title="Printer jams")
    feedback = services.give_feedback(
        PersonFactory(organisation=alpha), article, helpful=False, comment="Step 2."
    )
    client = client_for(agent)

    # the agent neither owns nor reviews it: no button, and a refusal
    assert (
        "knowledge/follow-ups/" + str(feedback.pk)
        not in client.get("/desk/knowledge/follow-ups/").content.decode()
    )
    refused = client.post(f"/desk/knowledge/follow-ups/{feedback.pk}/close/", follow=True)
    assert "close its follow-ups" in refused.content.decode()
    feedback.refresh_from_db()
    assert feedback.follow_up_closed_at is None

    GroupFactory(name="Reviewers", members=[agent]).reviewed_articles.add(article)
    answer = client.post(f"/desk/knowledge/follow-ups/{feedback.pk}/close/")
    assert answer.status_code == 302 and answer.headers["Location"] == "/desk/knowledge/follow-ups/"
    feedback.refresh_from_db()
    assert feedback.follow_up_closed_by == agent
    assert "Step 2." not in client.get("/desk/knowledge/follow-ups/").content.decode()
    assert client.post(f"/desk/knowledge/follow-ups/{feedback.pk}/close/").status_code == 404  # closed


def test_a_follow_up_of_an_article_not_served_is_not_found(admin, alpha):
    bravo = OrganisationFactory(code="BRAVO")
    article = published(admin, title="Bravo VPN", organisation=bravo)
    feedback = services.give_feedback(
        PersonFactory(organisation=bravo), article, helpful=False, comment="No."
    )
    stranger = AgentFactory(serves=[alpha])
    assert client_for(stranger).post(f"/desk/knowledge/follow-ups/{feedback.pk}/close/").status_code == 404


def test_closing_goes_back_only_to_an_address_of_this_site(admin, alpha):
    article = published(admin, title="Printer jams")
    feedback = services.give_feedback(
        PersonFactory(organisation=alpha), article, helpful=False, comment="Step 2."
    )
    answer = client_for(admin).post(
        f"/desk/knowledge/follow-ups/{feedback.pk}/close/", {"next": "https://evil.example/"}
    )
    assert answer.headers["Location"] == "/desk/knowledge/follow-ups/"
