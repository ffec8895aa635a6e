"""Through the API, organisation A's articles reach nobody outside A and the staff serving it.

A has its own published article (with a Finnish variant, two versions and a reader's not-helpful
comment) and a general article chosen for A alone. A client of B, and an agent who serves B only,
never find them: not in the list, search or suggestions, not by id (a 404, as for an article that
does not exist), and neither their variants, versions, history, feedback nor follow-ups. Nor do
they list, link or unlink the articles of A's tickets, or read A's deflection figures; A's clients
see neither the links nor an article's use count.
"""

import pytest

from moked.knowledge import deflection, services
from moked.knowledge.models import Article, ArticleFeedback, TicketArticle
from tests.factories import (
    AdminFactory,
    AgentFactory,
    ClientManagerFactory,
    OrganisationFactory,
    PersonFactory,
    make_ticket,
)

ARTICLES = "/api/v1/knowledge/articles/"
DEFLECTION = "/api/v1/knowledge/deflection/"
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


# --- the articles linked to A's ticket, and the deflection figures --------------------------------


@pytest.fixture
def a_ticket(world):
    ticket = make_ticket(world["a_user"], subject="Quokka gateway down")
    services.link_to_ticket(world["agent_of_a"], ticket, world["own"])
    return ticket


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_never_list_link_or_unlink_the_articles_of_as_ticket(api_as, world, a_ticket, who):
    client, own = api_as(world[who]), world["own"]
    base = f"/api/v1/tickets/{a_ticket.reference}/articles/"
    answers = [
        client.get(base),
        client.post(base, {"article": world["chosen"].pk}, format="json"),
        client.delete(f"{base}{own.pk}/"),
    ]
    assert [answer.status_code for answer in answers] == [404, 404, 404]
    assert not any("Quokka" in answer.content.decode() for answer in answers)
    assert list(TicketArticle.objects.values_list("ticket", "article")) == [(a_ticket.pk, own.pk)]


def test_the_agent_serving_a_lists_and_links_on_as_ticket(api_as, world, a_ticket):
    client = api_as(world["agent_of_a"])
    base = f"/api/v1/tickets/{a_ticket.reference}/articles/"
    assert [link["article"]["key"] for link in client.get(base).json()] == ["alpha-gateway"]
    assert client.post(base, {"article": world["chosen"].pk}, format="json").status_code == 201


def test_an_agent_cannot_link_an_article_of_b_to_as_ticket(api_as, world, a_ticket):
    agent = AgentFactory(serves=[world["a_user"].organisation, world["b_user"].organisation])
    b_article = _published(
        AdminFactory(), "bravo-own", "Bravo only", organisation=world["b_user"].organisation
    )
    answer = api_as(agent).post(
        f"/api/v1/tickets/{a_ticket.reference}/articles/", {"article": b_article.pk}, format="json"
    )
    assert answer.status_code == 400
    assert not TicketArticle.objects.filter(article=b_article).exists()


@pytest.mark.parametrize("who", INSIDERS[:2])
def test_as_clients_see_neither_the_links_nor_the_use_count(api_as, world, a_ticket, who):
    client = api_as(world[who])
    assert client.get(f"/api/v1/tickets/{a_ticket.reference}/articles/").status_code == 403
    assert "use_count" not in client.get(f"{ARTICLES}{world['own'].pk}/").json()
    assert api_as(world["agent_of_a"]).get(f"{ARTICLES}{world['own'].pk}/").json()["use_count"] == 1


def test_the_deflection_figures_name_only_the_organisations_an_agent_serves(api_as, world):
    general = _published(AdminFactory(), "general", "Reset a password")
    deflection.record_shown(world["a_user"], deflection.new_token(), [world["chosen"], general])
    deflection.record_shown(world["b_user"], deflection.new_token(), [general])
    figures = api_as(world["agent_of_b"]).get(DEFLECTION).json()
    assert [row["organisation"] for row in figures["organisations"]] == ["BRAVO"]
    assert figures["total"]["shown"] == 1
    assert [(row["key"], row["shown"]) for row in figures["articles"]] == [("general", 1)]
    assert "ALPHA" not in str(figures) and "Quokka" not in str(figures)
    insider = api_as(world["agent_of_a"]).get(DEFLECTION).json()
    assert [row["organisation"] for row in insider["organisations"]] == ["ALPHA"]
    assert sorted(row["key"] for row in insider["articles"]) == ["alpha-chosen", "general"]


@pytest.mark.parametrize("who", ["a_user", "a_manager", "b_manager"])
def test_clients_are_refused_the_deflection_figures(api_as, world, who):
    assert api_as(world[who]).get(DEFLECTION).status_code == 403
