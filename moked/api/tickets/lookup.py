"""Finding the ticket an API path names, among those the requesting person may see."""

from rest_framework import exceptions

from moked.tickets import selectors
from moked.tickets.models import Ticket


def ticket_or_404(request, reference: str) -> Ticket:
    """The ticket, or the same 404 whether it does not exist or may not be seen."""
    try:
        return selectors.get_ticket(request.user, reference)
    except Ticket.DoesNotExist:
        raise exceptions.NotFound() from None
