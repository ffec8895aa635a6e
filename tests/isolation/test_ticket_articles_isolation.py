"""The knowledge base on the agent's ticket page reaches only what its organisation may see.

Organisation A has a ticket and its own VPN article in place of the general one; organisation B
has its own article too. Agents who do not serve A, and client people, reach nothing of A's ticket
through the panel (suggestions, search, insertion, linked articles) or its actions (unlinking,
starting an article): not found, or refused, and nothing changes. An agent who serves both never
offers or links B's own article (nor the general one A's own replaces) on A's ticket. Beside each
refusal stands its positive control."""

import pytest

from moked.knowledge import services as knowledge
from moked.knowledge.models import Article, TicketArticle
from moked.knowledge.selectors import visible_articles
from tests.factories import (
    AdminFactory,
    AgentFactory,
    ClientManagerFactory,
    OrganisationFactory,
    PersonFactory,
    make_ticket,
)
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db

STAFF_OUTSIDERS = ("agent_of_b", "agent_of_none")
CLIENTS = ("requester", "a_manager", "b_user")


@pytest.fixture
def world():
    a = OrganisationFactory(code="ALPHA", domains=["alpha.example"])
    b = OrganisationFactory(code="BRAVO", domains=["bravo.example"])
    admin = AdminFactory()

    def published(title, **fields):
        article = knowledge.create_article(admin, language="en", title=title, body=f"{title}.", **fields)
        knowledge.submit_for_review(admin, article)
        return knowledge.publish(admin, article)

    general = published("Connect to the VPN")
    people = {
        "requester": PersonFactory(organisation=a),
        "a_manager": ClientManagerFactory(organisation=a),
        "b_user": PersonFactory(organisation=b),
        "agent_of_a": AgentFactory(serves=[a]),
        "agent_of_both": AgentFactory(serves=[a, b]),
        "agent_of_b": AgentFactory(serves=[b]),
        "agent_of_none": AgentFactory(),
    }
    return {
        **people,
        "admin": admin,
        "ticket": make_ticket(
            people["requester"], subject="Connect to the VPN", description="The VPN fails."
        ),
        "general": general,
        "alpha_vpn": published("Connect to the Alpha VPN", organisation=a, replaces=general),
        "bravo_vpn": published("Connect to the Bravo VPN", organisation=b),
    }


def address(world, tail="") -> str:
    return f"/desk/tickets/{world['ticket'].reference}/{tail}"


@pytest.mark.parametrize("who", STAFF_OUTSIDERS)
def test_the_panel_of_a_ticket_of_a_is_not_found_by_agents_who_do_not_serve_a(world, who):
    client = client_for(world[who])
    alpha_vpn = world["alpha_vpn"].pk

    assert client.get(address(world, "articles/"), {"q": "VPN"}).status_code == 404
    assert client.get(address(world, "articles/linked/")).status_code == 404
    assert client.post(address(world, f"articles/{alpha_vpn}/insert/"), {"as": "text"}).status_code == 404
    assert client.post(address(world), {"action": "create_article"}).status_code == 404
    assert not TicketArticle.objects.exists() and Article.objects.count() == 3


@pytest.mark.parametrize("who", CLIENTS)
def test_client_people_never_use_the_panel(world, who):
    client = client_for(world[who])
    general = world["general"].pk

    assert client.get(address(world, "articles/")).status_code == 403
    assert client.get(address(world, "articles/linked/")).status_code == 403
    assert client.post(address(world, f"articles/{general}/insert/"), {"as": "link"}).status_code == 403
    assert not TicketArticle.objects.exists()


def test_an_agent_of_a_unlinking_on_a_ticket_of_a_is_the_positive_control(world):
    knowledge.link_to_ticket(world["agent_of_a"], world["ticket"], world["alpha_vpn"])

    assert (
        client_for(world["agent_of_b"])
        .post(address(world), {"action": "unlink_article", "article": world["alpha_vpn"].pk})
        .status_code
        == 404
    )
    assert TicketArticle.objects.count() == 1
    client_for(world["agent_of_a"]).post(
        address(world), {"action": "unlink_article", "article": world["alpha_vpn"].pk}
    )
    assert not TicketArticle.objects.exists()


@pytest.mark.parametrize("who", ["agent_of_a", "agent_of_both"])
def test_a_ticket_of_a_offers_a_s_own_article_never_b_s_nor_the_one_a_s_replaces(world, who):
    client = client_for(world[who])

    listed = client.get(address(world, "articles/"), {"q": "Connect to the VPN"}).content.decode()
    suggested = client.get(address(world, "articles/")).content.decode()

    for page in (listed, suggested):
        assert "Connect to the Alpha VPN" in page
        assert "Bravo" not in page and f"articles/{world['general'].pk}/insert/" not in page


def test_b_s_own_article_is_not_inserted_into_a_reply_on_a_ticket_of_a(world):
    client = client_for(world["agent_of_both"])

    refused = client.post(address(world, f"articles/{world['bravo_vpn'].pk}/insert/"), {"as": "text"})
    allowed = client.post(address(world, f"articles/{world['alpha_vpn'].pk}/insert/"), {"as": "text"})

    assert refused.status_code == 404 and allowed.status_code == 200
    assert list(TicketArticle.objects.values_list("article", flat=True)) == [world["alpha_vpn"].pk]


def test_an_agent_of_a_starts_an_article_from_a_ticket_of_a_as_a_s_own(world):
    answer = client_for(world["agent_of_a"]).post(address(world), {"action": "create_article"})

    article = Article.objects.get(state="draft")
    assert answer.status_code == 302 and article.organisation.code == "ALPHA"
    assert not visible_articles(world["agent_of_b"]).filter(pk=article.pk).exists()
    assert not visible_articles(world["b_user"]).filter(pk=article.pk).exists()
