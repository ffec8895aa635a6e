"""Through the API, organisation A's articles reach nobody outside A and the staff serving it.

A has its own published article (with a Finnish variant, two versions and a reader's not-helpful
comment) and a general article chosen for A alone. A client of B, and an agent who serves B only,
never find them: not in the list, search or suggestions, not by id (a 404, as for an article that
does not exist), and neither their variants, versions, history, feedback nor follow-ups.
"""

import pytest

from moked.knowledge import services
from moked.knowledge.models import Article, ArticleFeedback
from tests.factories import (
    AdminFactory,
    AgentFactory,
    ClientManagerFactory,
    OrganisationFactory,
    PersonFactory,
)

ARTICLES = "/api/v1/knowledge/articles/"
WORDS = "Quokka tunnel gateway"  # words only A's articles hold


def _published(admin, key, title, **fields):
    article = services.create_article(admin, key=key, language="en", title=title, body=f"{WORDS}.", **fields)
    services.submit_for_review(admin, article)
    return services.publish(admin, article)


@pytest.fixture
def world(db):
    a = OrganisationFactory(code="ALPHA", domains=["alpha.example"])
    b = OrganisationFactory(code="BRAVO", domains=["bravo.example"])
    admin = AdminFactory()
    own = _published(admin, "alpha-gateway", f"{WORDS} for Alpha", organisation=a)
    services.save_variant(admin, own, language="en", title=f"{WORDS} for Alpha", body=f"{WORDS}, second.")
    services.save_variant(admin, own, language="fi", title="Quokka-tunneli", body="Quokka tunneli.")
    chosen = _published(admin, "alpha-chosen", f"{WORDS} chosen", visibility=Article.Visibility.CHOSEN)
    chosen.organisations.set([a])
    a_user = PersonFactory(organisation=a)
    feedback = services.give_feedback(a_user, own, helpful=False, comment="The gateway moved.")
    return {
        "a_user": a_user,
        "a_manager": ClientManagerFactory(organisation=a),
        "agent_of_a": AgentFactory(serves=[a]),
        "b_user": PersonFactory(organisation=b),
        "b_manager": ClientManagerFactory(organisation=b),
        "agent_of_b": AgentFactory(serves=[b]),
        "own": own,
        "chosen": chosen,
        "feedback": feedback,
    }


OUTSIDERS = ["b_user", "b_manager", "agent_of_b"]
INSIDERS = ["a_user", "a_manager", "agent_of_a"]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_never_list_search_or_are_suggested_as_articles(api_as, world, who):
    client = api_as(world[who])
    assert client.get(ARTICLES).json()["results"] == []
    assert client.get(f"{ARTICLES}?organisation=ALPHA").json()["results"] == []
    assert client.get("/api/v1/knowledge/search/", {"q": WORDS, "state": "published"}).json()["results"] == []
    assert client.get("/api/v1/knowledge/suggestions/", {"q": WORDS}).json()["results"] == []


@pytest.mark.parametrize("who", INSIDERS)
def test_insiders_find_them(api_as, world, who):
    client = api_as(world[who])
    listed = {article["key"] for article in client.get(ARTICLES).json()["results"]}
    assert listed == {"alpha-gateway", "alpha-chosen"}
    found = client.get("/api/v1/knowledge/search/", {"q": WORDS}).json()["results"]
    assert {match["key"] for match in found} == {"alpha-gateway", "alpha-chosen"}
    assert client.get("/api/v1/knowledge/suggestions/", {"q": WORDS}).json()["results"]


@pytest.mark.parametrize("article", ["own", "chosen"])
@pytest.mark.parametrize("who", OUTSIDERS)
def test_every_address_of_an_article_of_a_is_a_404_to_outsiders(api_as, world, who, article):
    client, pk = api_as(world[who]), world[article].pk
    base = f"{ARTICLES}{pk}/"
    reads = [
        base,
        f"{base}events/",
        f"{base}feedback-counts/",
        f"{base}variants/",
        f"{base}variants/en/",
        f"{base}variants/fi/",
        f"{base}variants/en/versions/",
        f"{base}variants/en/versions/1/",
        f"{base}variants/en/versions/compare/?old=1&new=2",
    ]
    for address in reads:
        response = client.get(address)
        assert response.status_code == 404, address
        assert "Quokka" not in response.content.decode()
    writes = [
        client.patch(base, {"tags": ["x"]}, format="json"),
        client.post(f"{base}feedback/", {"helpful": False, "comment": "x"}, format="json"),
        client.post(f"{base}retire/"),
        client.put(f"{base}variants/fi/", {"title": "x"}, format="json"),
        client.post(f"{base}variants/fi/confirm/"),
        client.post(f"{base}variants/en/versions/1/restore/"),
    ]
    assert [response.status_code for response in writes] == [404] * len(writes)
    world[article].refresh_from_db()
    assert (world[article].state, world[article].tags, world[article].view_count) == ("published", [], 0)
    assert ArticleFeedback.objects.count() == 1


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_see_no_follow_up_of_a_and_close_none(api_as, world, who):
    client = api_as(world[who])
    assert client.get("/api/v1/knowledge/follow-ups/").json()["results"] == []
    assert client.post(f"/api/v1/knowledge/follow-ups/{world['feedback'].pk}/close/").status_code == 404
    world["feedback"].refresh_from_db()
    assert world["feedback"].follow_up_closed_at is None


def test_the_agent_serving_a_sees_its_follow_up(api_as, world):
    listed = api_as(world["agent_of_a"]).get("/api/v1/knowledge/follow-ups/").json()["results"]
    assert [follow_up["id"] for follow_up in listed] == [world["feedback"].pk]


def test_an_agent_is_not_told_of_an_organisation_they_do_not_serve_chosen_beside_theirs(api_as, world):
    b = world["b_user"].organisation
    world["chosen"].organisations.add(b)
    seen = api_as(world["agent_of_a"]).get(f"{ARTICLES}{world['chosen'].pk}/").json()
    assert seen["organisations"] == ["ALPHA"]
    assert "BRAVO" not in api_as(world["agent_of_a"]).get(ARTICLES).content.decode()
