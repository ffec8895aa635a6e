"""Staff who work a ticket link the articles that helped with it, list and unlink them through the
API; each article shows its staff how many tickets it helped with (its use count)."""

import pytest

from moked.knowledge.models import ARTICLES_FIELD, TicketArticle
from moked.tickets.models import TicketEvent
from tests.api.knowledge_world import published
from tests.factories import OrganisationFactory, make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org, requester, agent, admin):
    other = OrganisationFactory(code="OTHER")
    return {
        "ticket": make_ticket(requester, actor=agent),
        "vpn": published(admin, "vpn", title="Connect to the VPN", body="Connect."),
        "others": published(admin, "others-vpn", title="Other's VPN", body="Theirs.", organisation=other),
    }


def _articles(ticket):
    return f"/api/v1/tickets/{ticket.reference}/articles/"


def test_an_agent_links_lists_and_unlinks_an_article(api_as, agent, world):
    client, ticket, vpn = api_as(agent), world["ticket"], world["vpn"]
    assert client.get(_articles(ticket)).json() == []

    linked = client.post(_articles(ticket), {"article": vpn.pk}, format="json")
    assert linked.status_code == 201, linked.json()
    assert linked.json()["article"]["key"] == "vpn"
    assert linked.json()["linked_by"]["name"] == agent.name
    again = client.post(_articles(ticket), {"article": vpn.pk}, format="json")
    assert again.status_code == 200
    assert TicketArticle.objects.filter(ticket=ticket).count() == 1

    listed = client.get(_articles(ticket)).json()
    assert [link["article"]["id"] for link in listed] == [vpn.pk]
    assert listed[0]["article"]["use_count"] == 1
    assert client.get(f"/api/v1/knowledge/articles/{vpn.pk}/").json()["use_count"] == 1
    assert client.get("/api/v1/knowledge/articles/").json()["results"][0]["use_count"] == 1

    assert client.delete(f"{_articles(ticket)}{vpn.pk}/").status_code == 204
    assert not TicketArticle.objects.filter(ticket=ticket).exists()
    assert client.delete(f"{_articles(ticket)}{vpn.pk}/").status_code == 404
    kinds = list(
        TicketEvent.objects.filter(ticket=ticket, field=ARTICLES_FIELD)
        .order_by("pk")
        .values_list("kind", flat=True)
    )
    assert kinds == ["article_linked", "article_unlinked"]
    assert client.get(f"/api/v1/knowledge/articles/{vpn.pk}/").json()["use_count"] == 0


@pytest.mark.parametrize(
    "body",
    [{}, {"article": "vpn"}, {"article": 0}, {"article": -3}, {"article": None}, {"article": 2**70}],
)
def test_bad_input_is_a_400_and_links_nothing(api_as, agent, world, body):
    answer = api_as(agent).post(_articles(world["ticket"]), body, format="json")
    assert answer.status_code == 400, answer.json()
    assert answer.json()["errors"]["article"]
    assert not TicketArticle.objects.exists()


def test_an_article_that_does_not_concern_the_tickets_organisation_is_a_400(api_as, admin, world):
    answer = api_as(admin).post(_articles(world["ticket"]), {"article": world["others"].pk}, format="json")
    assert answer.status_code == 400
    assert "organisation" in answer.json()["message"]
    assert not TicketArticle.objects.exists()


def test_an_article_or_a_ticket_that_does_not_exist_is_a_404(api_as, agent, world):
    client = api_as(agent)
    assert client.post(_articles(world["ticket"]), {"article": 999_999}, format="json").status_code == 404
    assert client.get("/api/v1/tickets/ACME-999999/articles/").status_code == 404
    assert client.delete(f"{_articles(world['ticket'])}999999/").status_code == 404


def test_the_requester_is_refused_and_sees_no_use_count(api_as, requester, agent, world):
    client, ticket, vpn = api_as(requester), world["ticket"], world["vpn"]
    assert client.get(_articles(ticket)).status_code == 403
    assert client.post(_articles(ticket), {"article": vpn.pk}, format="json").status_code == 403
    assert not TicketArticle.objects.exists()
    api_as(agent).post(_articles(ticket), {"article": vpn.pk}, format="json")
    assert client.delete(f"{_articles(ticket)}{vpn.pk}/").status_code == 403
    assert TicketArticle.objects.count() == 1
    assert "use_count" not in client.get(f"/api/v1/knowledge/articles/{vpn.pk}/").json()
