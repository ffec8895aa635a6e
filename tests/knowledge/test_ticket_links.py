"""Articles linked to the tickets they helped with: who links, what the ticket's timeline says,
and how often each article was used."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from moked.knowledge import services
from moked.knowledge.models import Article, TicketArticle
from moked.knowledge.selectors import articles_for_ticket, linked_articles, use_count, with_use_counts
from moked.tickets import services as tickets
from moked.tickets.models import EventKind
from tests.factories import AdminFactory, AgentFactory, OrganisationFactory, PersonFactory, make_ticket

pytestmark = pytest.mark.django_db


def published(author, admin, **fields) -> Article:
    article = services.create_article(author, **fields)
    services.submit_for_review(author, article)
    return services.publish(admin, article)


@pytest.fixture
def world():
    alpha, bravo = OrganisationFactory(code="ALPHA"), OrganisationFactory(code="BRAVO")
    admin = AdminFactory()
    agent = AgentFactory(serves=[alpha, bravo])
    requester = PersonFactory(organisation=alpha, language="fa")
    general = published(agent, admin, key="vpn", language="en", title="Connect to the VPN")
    services.save_variant(agent, general, language="fa", title="اتصال به VPN", body="")
    return {
        "alpha": alpha,
        "bravo": bravo,
        "admin": admin,
        "agent": agent,
        "ticket": make_ticket(requester, subject="VPN"),
        "general": general,
        "bravo_own": published(
            agent, admin, key="bravo-vpn", language="en", title="Bravo VPN", organisation=bravo
        ),
        "alpha_own": published(
            agent,
            admin,
            key="alpha-vpn",
            language="en",
            title="Alpha VPN",
            organisation=alpha,
            replaces=general,
        ),
        "agent_of_bravo": AgentFactory(serves=[bravo]),
    }


def test_an_agent_links_an_article_once_and_the_ticket_timeline_names_it_in_the_requesters_language(world):
    agent, ticket, article = world["agent"], world["ticket"], world["general"]

    link = services.link_to_ticket(agent, ticket, article)
    again = services.link_to_ticket(agent, ticket, article)

    assert again.pk == link.pk and (link.linked_by, link.ticket, link.article) == (agent, ticket, article)
    events = ticket.events.filter(kind=EventKind.ARTICLE_LINKED)
    assert [(e.actor, e.new_value, e.new_label, e.is_public) for e in events] == [
        (agent, str(article.pk), "اتصال به VPN", False)
    ]
    assert events[0].field_label == "knowledge articles"
    assert [lnk.article for lnk in linked_articles(agent, ticket)] == [article]


def test_unlinking_removes_the_link_and_says_so_on_the_timeline(world):
    agent, ticket, article = world["agent"], world["ticket"], world["general"]
    services.link_to_ticket(agent, ticket, article)

    services.unlink_from_ticket(agent, ticket, article)
    services.unlink_from_ticket(agent, ticket, article)

    assert not TicketArticle.objects.exists()
    assert list(
        ticket.events.filter(kind=EventKind.ARTICLE_UNLINKED).values_list("old_value", flat=True)
    ) == [str(article.pk)]


def test_the_use_count_is_how_many_tickets_an_article_was_linked_to(world):
    agent, article = world["agent"], world["general"]
    requester = world["ticket"].requester
    for ticket in (world["ticket"], make_ticket(requester), make_ticket(requester)):
        services.link_to_ticket(agent, ticket, article)

    counted = with_use_counts(Article.objects.order_by("key"))

    assert use_count(article) == 3
    assert {a.key: a.use_count for a in counted} == {"alpha-vpn": 0, "bravo-vpn": 0, "vpn": 3}


def test_another_organisations_own_article_cannot_be_linked_and_nothing_is_kept(world):
    with pytest.raises(ValidationError):
        services.link_to_ticket(world["agent"], world["ticket"], world["bravo_own"])

    assert not TicketArticle.objects.exists()
    assert not world["ticket"].events.filter(kind=EventKind.ARTICLE_LINKED).exists()


def test_an_agent_who_does_not_serve_the_tickets_organisation_is_refused(world):
    with pytest.raises(PermissionDenied):
        services.link_to_ticket(world["agent_of_bravo"], world["ticket"], world["general"])
    with pytest.raises(PermissionDenied):
        services.link_to_ticket(world["ticket"].requester, world["ticket"], world["general"])

    assert not TicketArticle.objects.exists()


def test_a_ticket_offers_what_its_organisation_sees_in_place_of_what_it_replaces(world):
    offered = articles_for_ticket(world["agent"], world["ticket"])

    assert list(offered.values_list("key", flat=True)) == ["alpha-vpn"]
    assert not articles_for_ticket(world["ticket"].requester, world["ticket"]).exists()


def test_linked_articles_are_for_staff_who_may_see_the_article(world):
    agent, ticket = world["agent"], world["ticket"]
    services.link_to_ticket(agent, ticket, world["alpha_own"])

    assert not linked_articles(ticket.requester, ticket).exists()
    assert not linked_articles(world["agent_of_bravo"], ticket).exists()


def test_an_article_from_a_ticket_is_a_linked_draft_in_the_requesters_language(world):
    agent, ticket = world["agent"], world["ticket"]
    ticket.description = "وی‌پی‌ان وصل نمی‌شود."
    ticket.save(update_fields=["description"])
    tickets.add_comment(agent, ticket, "Install the new VPN profile.", public=True)
    tickets.add_comment(agent, ticket, "Internal: the old profile expired.", public=False)

    article = services.create_article_from_ticket(agent, ticket)

    variant = article.variants.get()
    assert (article.state, article.kind, article.organisation) == ("draft", "troubleshooting", world["alpha"])
    assert (variant.language, variant.title) == ("fa", "VPN")
    assert variant.body == "## مشکل\n\nوی‌پی‌ان وصل نمی‌شود.\n\n## حل\n\nInstall the new VPN profile."
    assert list(linked_articles(agent, ticket).values_list("article", flat=True)) == [article.pk]


def test_the_resolution_note_is_the_articles_resolution_and_a_second_article_gets_a_key_of_its_own(world):
    agent, ticket = world["agent"], world["ticket"]
    ticket.resolution_text = "Reinstalled the client."
    ticket.save(update_fields=["resolution_text"])

    first = services.create_article_from_ticket(agent, ticket)
    second = services.create_article_from_ticket(agent, ticket)

    assert first.key != second.key
    assert second.variants.get().body.endswith("Reinstalled the client.")


def test_only_staff_who_work_the_ticket_start_an_article_from_it(world):
    for outsider in (world["agent_of_bravo"], world["ticket"].requester):
        with pytest.raises(PermissionDenied):
            services.create_article_from_ticket(outsider, world["ticket"])

    assert not Article.objects.filter(kind="troubleshooting").exists()
