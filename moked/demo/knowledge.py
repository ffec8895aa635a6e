"""Seeding the demo's knowledge base (knowledge_content) through the knowledge services: every
article written by its owner in its source language and translated, put through review, read,
judged by readers and linked to the tickets of its category it helped with."""

from datetime import timedelta

from django.utils import timezone

from moked.knowledge import services as knowledge
from moked.knowledge.models import Article
from moked.people.models import Person
from moked.tickets.models import Ticket

from .knowledge_content import ARTICLES, DRAFT, LINKED_TICKETS_PER_ARTICLE, PUBLISHED, ArticleSpec

REVIEW_AFTER = timedelta(days=180)


def seed_knowledge(world) -> dict[str, Article]:
    """Create the demo's articles; `world` is the demo's configuration (generate._World)."""
    articles: dict[str, Article] = {}
    for spec in ARTICLES:
        articles[spec.key] = _written(world, spec, articles)
    clients = {p.username: p for p in Person.objects.filter(username__in=_readers())}
    for spec in ARTICLES:
        article = articles[spec.key]
        Article.objects.filter(pk=article.pk).update(view_count=spec.views)
        for username, helpful, comment in spec.feedback:
            knowledge.give_feedback(clients[username], article, helpful, comment)
        if spec.state == PUBLISHED:
            _link_tickets(world, spec, article, articles)
    return articles


def _written(world, spec: ArticleSpec, written: dict[str, Article]) -> Article:
    owner = world.staff[spec.owner]
    (language, (title, body)), *translations = spec.texts.items()
    fields = {}
    if spec.organisation:
        fields["organisation"] = world.organisations[spec.organisation]
    if spec.replaces:
        fields["replaces"] = written[spec.replaces]
    article = knowledge.create_article(
        owner,
        key=spec.key,
        language=language,
        title=title,
        body=body,
        kind=spec.kind,
        categories=[world.categories[spec.category]],
        reviewers=world.groups[spec.reviewers],
        review_date=(timezone.now() + REVIEW_AFTER).date(),
        **fields,
    )
    for other, (other_title, other_body) in translations:
        knowledge.save_variant(owner, article, language=other, title=other_title, body=other_body)
    if spec.state != DRAFT:
        article = knowledge.submit_for_review(owner, article)
    if spec.state == PUBLISHED:
        article = knowledge.publish(world.admin, article)
    return article


def _readers() -> set[str]:
    return {username for spec in ARTICLES for username, _helpful, _comment in spec.feedback}


def _link_tickets(world, spec: ArticleSpec, article: Article, articles: dict[str, Article]) -> None:
    """Link the article to a few tickets of its category, each by the agent on it, of the
    organisations that see this article (not those that see their own one instead)."""
    tickets = Ticket.objects.filter(category=world.categories[spec.category]).select_related(
        "assignee", "organisation", "requester"
    )
    if spec.organisation:
        tickets = tickets.filter(organisation=world.organisations[spec.organisation])
    replacing = [other.organisation for other in ARTICLES if other.replaces == spec.key]
    tickets = tickets.exclude(organisation__code__in=replacing)
    for ticket in tickets.order_by("pk")[:LINKED_TICKETS_PER_ARTICLE]:
        knowledge.link_to_ticket(ticket.assignee or world.admin, ticket, article)
