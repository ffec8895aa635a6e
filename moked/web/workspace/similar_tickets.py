"""Similar tickets on the agent's ticket page: the tickets of the same organisation most like this
one (classification.similar), open and resolved, the resolved ones with their resolution. Each
can be linked to this ticket, or this ticket merged into it, in one step: the forms post to the
ticket page's own link and merge actions, which check the agent's rights as for any other."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from moked.classification.similar import similar_tickets
from moked.tickets import lifecycle
from moked.tickets import selectors as tickets_read

from ..common.conversation import ticket_or_404
from .views import _staff


@login_required
@require_GET
def ticket_similar(request, reference):
    """The panel's list, loaded after the page (ranking takes longer than the page itself)."""
    person = _staff(request)
    ticket = ticket_or_404(person, reference)
    related = {other.pk for _relation, other in tickets_read.ticket_links(person, ticket)}
    context = {
        "ticket": ticket,
        "similar": similar_tickets(person, ticket),
        "related": related,
        # A closed or merged ticket cannot be merged again (linking.merge_tickets says why).
        "may_merge": ticket.status != lifecycle.CLOSED and ticket.merged_into_id is None,
        "closed": lifecycle.CLOSED,
    }
    return render(request, "web/workspace/similar_tickets.html", context)
