"""The knowledge base on the agent's ticket page: suggestions, search, inserting an article into
the reply (which links it), the linked articles, and starting an article from the ticket."""

import pytest

from moked.knowledge import services as knowledge
from moked.knowledge.models import Article, TicketArticle
from moked.tickets.models import EventKind
from tests.factories import AdminFactory, AgentFactory, OrganisationFactory, PersonFactory, make_ticket
from tests.knowledge.making import published_article
from tests.web.clients import client_for
from tests.web.test_no_english_left import pages_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    pars, other = OrganisationFactory(code="PARS", language="fa"), OrganisationFactory(code="OTHER")
    admin, agent = AdminFactory(), AgentFactory(serves=[pars, other])
    requester = PersonFactory(organisation=pars, language="fa")
    vpn = published_article(
        agent,
        admin,
        {
            "en": ("Connect to the VPN from home", "Open GlobalProtect and sign in."),
            "fa": ("اتصال به VPN از خانه", "برنامه GlobalProtect را باز کنید و وارد شوید."),
        },
    )
    printer = published_article(agent, admin, {"en": ("The printer jams", "Open every door of the printer.")})
    others_own = published_article(
        agent, admin, {"en": ("Other's VPN client", "Use the other VPN client.")}, organisation=other
    )
    ticket = make_ticket(
        requester, subject="VPN از خانه وصل نمی‌شود", description="اتصال VPN از خانه قطع می‌شود."
    )
    return {
        "agent": agent,
        "requester": requester,
        "ticket": ticket,
        "vpn": vpn,
        "printer": printer,
        "others_own": others_own,
        "outsider": AgentFactory(serves=[other]),
    }


def url(ticket, tail="") -> str:
    return f"/desk/tickets/{ticket.reference}/{tail}"


def test_the_ticket_page_offers_its_knowledge_panel(desk):
    page = client_for(desk["agent"]).get(url(desk["ticket"])).content.decode()

    assert 'id="article-search"' in page and url(desk["ticket"], "articles/") in page
    assert "Create an article from this ticket" in page and 'data-testid="linked-articles"' in page


def test_the_suggestions_are_in_the_requesters_language(desk):
    answer = client_for(desk["agent"]).get(url(desk["ticket"], "articles/"))

    listed = answer.content.decode()
    assert answer.status_code == 200
    assert "اتصال به VPN از خانه" in listed and "Connect to the VPN" not in listed
    assert f"articles/{desk['vpn'].pk}/insert/" in listed and "The printer jams" not in listed


def test_the_search_finds_an_article_and_marks_one_without_the_requesters_language(desk):
    listed = (
        client_for(desk["agent"]).get(url(desk["ticket"], "articles/"), {"q": "printer"}).content.decode()
    )

    assert "The printer jams" in listed and "English" in listed
    assert (
        "Other's VPN client"
        not in client_for(desk["agent"])
        .get(url(desk["ticket"], "articles/"), {"q": "VPN client"})
        .content.decode()
    )


def test_inserting_an_article_answers_its_link_or_text_and_links_it_once(desk):
    client, ticket, vpn = client_for(desk["agent"]), desk["ticket"], desk["vpn"]

    link = client.post(url(ticket, f"articles/{vpn.pk}/insert/"), {"as": "link"})
    text = client.post(url(ticket, f"articles/{vpn.pk}/insert/"), {"as": "text"})

    assert link.status_code == 200 and link["HX-Trigger"] == "articlesLinked"
    assert link.content.decode() == f"اتصال به VPN از خانه: http://127.0.0.1:8000/portal/knowledge/{vpn.pk}/"
    assert text.content.decode() == "اتصال به VPN از خانه\n\nبرنامه GlobalProtect را باز کنید و وارد شوید."
    assert list(TicketArticle.objects.values_list("ticket", "article", "linked_by")) == [
        (ticket.pk, vpn.pk, desk["agent"].pk)
    ]
    assert ticket.events.filter(kind=EventKind.ARTICLE_LINKED).count() == 1
    linked = client.get(url(ticket, "articles/linked/")).content.decode()
    assert "اتصال به VPN از خانه" in linked and 'name="action" value="unlink_article"' in linked


def test_an_insertion_of_an_unknown_shape_or_of_another_clients_article_changes_nothing(desk):
    client, ticket = client_for(desk["agent"]), desk["ticket"]

    assert client.post(url(ticket, f"articles/{desk['vpn'].pk}/insert/"), {"as": "pdf"}).status_code == 400
    assert (
        client.post(url(ticket, f"articles/{desk['others_own'].pk}/insert/"), {"as": "link"}).status_code
        == 404
    )
    assert client.get(url(ticket, f"articles/{desk['vpn'].pk}/insert/")).status_code == 405
    assert not TicketArticle.objects.exists()


def test_an_agent_unlinks_an_article_from_the_page(desk):
    client, ticket, vpn = client_for(desk["agent"]), desk["ticket"], desk["vpn"]
    knowledge.link_to_ticket(desk["agent"], ticket, vpn)

    page = client.post(url(ticket), {"action": "unlink_article", "article": vpn.pk}, follow=True)

    assert not TicketArticle.objects.exists()
    assert "The article is no longer linked to this ticket." in page.content.decode()


def test_creating_an_article_from_the_ticket_opens_its_draft_in_the_editor(desk):
    client, ticket = client_for(desk["agent"]), desk["ticket"]

    answer = client.post(url(ticket), {"action": "create_article"})

    article = Article.objects.get(state="draft")
    assert answer.status_code == 302 and answer["Location"] == f"/desk/knowledge/{article.pk}/fa/edit/"
    assert article.variants.get().title == ticket.subject
    assert TicketArticle.objects.filter(ticket=ticket, article=article).exists()
    editor = client.get(answer["Location"])
    assert editor.status_code == 200 and "اتصال VPN از خانه قطع می‌شود." in editor.content.decode()


@pytest.mark.parametrize("language", ["fa", "he"])
def test_the_panel_speaks_the_agents_language(language):
    pars = OrganisationFactory(code="PARS", name="بازرگانی پارس", language="fa")
    admin = AdminFactory(name="مینا")
    agent = AgentFactory(name="سارا رضایی", serves=[pars], language=language)
    requester = PersonFactory(organisation=pars, name="رضا احمدی", language="fa")
    printer = published_article(
        agent,
        admin,
        {"fa": ("چاپگر کاغذ گیر می‌کند", "همه درهای چاپگر را باز کنید و کاغذ را بیرون بکشید.")},
    )
    published_article(agent, admin, {"en": ("The printer jams again", "Open every door of the printer.")})
    ticket = make_ticket(requester, subject="چاپگر کاغذ گیر می‌کند", description="چاپگر طبقه سوم.")
    knowledge.link_to_ticket(agent, ticket, printer)
    addresses = [
        url(ticket),
        url(ticket, "articles/"),
        url(ticket, "articles/?q=%DA%86%D8%A7%D9%BE%DA%AF%D8%B1"),
        url(ticket, "articles/?q=printer"),
        url(ticket, "articles/?q=zzzz"),
        url(ticket, "articles/linked/"),
    ]
    # an article with no Persian variant is shown in its own language, marked as such
    found = client_for(agent).get(url(ticket, "articles/"), {"q": "printer jams"}).content.decode()
    assert 'lang="en">The printer jams again' in found
    assert ("انگلیسی" if language == "fa" else "אנגלית") in found

    assert pages_of(client_for(agent), addresses) == {}
