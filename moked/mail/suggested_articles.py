"""Articles offered in the acknowledgement of a new e-mail request: up to three that may answer it,
when its organisation asks for them, each with the address of its page in the portal, in the
requester's language where the article has it. Only articles the requester may see."""

from dataclasses import dataclass

from moked.knowledge.addresses import portal_address
from moked.knowledge.search import suggest_articles
from moked.tickets.models import Channel, Ticket

MAX_SUGGESTED = 3


@dataclass(frozen=True)
class SuggestedArticle:
    title: str
    address: str


def for_acknowledgement(ticket: Ticket, person) -> list[SuggestedArticle]:
    """What the acknowledgement to `person` lists; nothing unless the ticket came by e-mail from
    an organisation that asks for suggestions and `person` is one of its clients."""
    if ticket.channel != Channel.EMAIL or not ticket.organisation.articles_in_acknowledgement:
        return []
    if not person.is_client:
        return []
    text = f"{ticket.subject}\n{ticket.description}"
    matches = suggest_articles(person, text, language=person.preferred_language, limit=MAX_SUGGESTED)
    return [SuggestedArticle(match.variant.title, portal_address(match.article.pk)) for match in matches]
