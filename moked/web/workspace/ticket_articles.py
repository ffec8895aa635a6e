"""The knowledge base on the agent's ticket page: articles suggested for the ticket (from its
subject and description) or found by the agent's search, each inserted in one click into the reply
being written, as a link to its portal page or as its text, in the requester's language where the
article has it; inserting links the article to the ticket. And the articles linked so far."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from moked.knowledge.addresses import portal_address
from moked.knowledge.models import Article, ArticleVariant
from moked.knowledge.search import search_articles, suggest_articles
from moked.knowledge.selectors import (
    articles_for_ticket,
    linked_articles,
    variant_for_language,
    with_use_counts,
)
from moked.knowledge.services import link_to_ticket
from moked.tickets.models import EventChannel, Ticket

from ..common.conversation import ticket_or_404
from .views import _staff

SHOWN = 5
# The search ranks every article the agent may see; those the ticket's organisation may not see
# are left out after, so it is asked for more than are shown.
CANDIDATES = 30
MAX_QUERY_LENGTH = 200
INSERTED_AS = ("link", "text")


@dataclass(frozen=True)
class Offered:
    article: Article
    variant: ArticleVariant
    snippet: str
    in_requester_language: bool


def requester_language(ticket: Ticket) -> str:
    return ticket.requester.preferred_language


def offered_for(person, ticket: Ticket, query: str) -> list[Offered]:
    """What the panel offers: the search's matches (or, with no query, the suggestions for the
    ticket) that the ticket's organisation may see, best first, with their use counts."""
    language = requester_language(ticket)
    if query:
        matches = search_articles(person, query, language=language, limit=CANDIDATES)
    else:
        text = f"{ticket.subject}\n{ticket.description}"
        matches = suggest_articles(person, text, language=language, limit=CANDIDATES)
    allowed = with_use_counts(articles_for_ticket(person, ticket)).filter(
        pk__in=[match.article.pk for match in matches]
    )
    counted = {article.pk: article for article in allowed}
    return [
        Offered(counted[m.article.pk], m.variant, m.snippet, m.variant.language == language)
        for m in matches
        if m.article.pk in counted
    ][:SHOWN]


@login_required
@require_GET
def ticket_articles(request, reference):
    """The panel's list: suggestions for the ticket, or the matches of `q`."""
    person = _staff(request)
    ticket = ticket_or_404(person, reference)
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    context = {"ticket": ticket, "offered": offered_for(person, ticket, query), "query": query}
    return render(request, "web/workspace/ticket_articles.html", context)


def inserted_text(article: Article, language: str, shape: str) -> str:
    """What goes into the reply: the article's title and the address of its portal page, or its
    title and text, in `language` where the article has it."""
    variant = variant_for_language(article, language)
    if shape == "link":
        return f"{variant.title}: {portal_address(article.pk)}"
    return f"{variant.title}\n\n{variant.body.strip()}"


@login_required
@require_POST
def insert_article(request, reference, pk):
    """Link the article to the ticket and answer the text to insert into the reply (the page's
    script puts it at the cursor); `articlesLinked` tells the list of linked articles to reload."""
    person = _staff(request)
    ticket = ticket_or_404(person, reference)
    shape = request.POST.get("as", "")
    if shape not in INSERTED_AS:
        return HttpResponseBadRequest("as: link or text", content_type="text/plain")
    article = articles_for_ticket(person, ticket).filter(pk=pk).prefetch_related("variants").first()
    if article is None:
        raise Http404
    try:
        link_to_ticket(person, ticket, article, channel=EventChannel.WEB)
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages), content_type="text/plain")
    response = HttpResponse(
        inserted_text(article, requester_language(ticket), shape), content_type="text/plain; charset=utf-8"
    )
    response["HX-Trigger"] = "articlesLinked"
    return response


@login_required
@require_GET
def ticket_linked_articles(request, reference):
    """The list of the articles linked to the ticket (reloaded after an insertion)."""
    person = _staff(request)
    ticket = ticket_or_404(person, reference)
    return render(request, "web/workspace/linked_articles.html", linked_context(person, ticket))


def linked_context(person, ticket: Ticket) -> dict:
    language = requester_language(ticket)
    links = [(link, variant_for_language(link.article, language)) for link in linked_articles(person, ticket)]
    return {"ticket": ticket, "linked": links}
