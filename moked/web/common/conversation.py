"""What the agent's and the client's page of a ticket share: the ticket this person may open, its
conversation, a reply from the posted form, and where a merged ticket's conversation goes on."""

from django.http import Http404

from moked.tickets import selectors as tickets_read
from moked.tickets import services as tickets
from moked.tickets.models import Ticket
from moked.tickets.services.linking import surviving_ticket

from . import refusals
from .forms import ReplyForm


def ticket_or_404(person, reference) -> Ticket:
    try:
        return tickets_read.get_ticket(person, reference)
    except Ticket.DoesNotExist:
        raise Http404 from None


def conversation(person, ticket):
    return list(tickets_read.ticket_comments(person, ticket).select_related("author"))


def add_reply(request, person, ticket, channel) -> bool:
    """A reply (or, from staff, an internal note) with an optional attachment, from the posted form;
    whether it was added."""
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        refusals.keep_form_errors(request, form)
        return False
    data = form.cleaned_data
    files = [data["attachment"]] if data["attachment"] else []
    public = not (data["internal"] and person.is_staff_member)
    return refusals.apply(
        request,
        lambda: tickets.add_comment(
            person, ticket, data["body"], public=public, channel=channel, files=files
        ),
    )


def merged_into(person, ticket: Ticket) -> Ticket | None:
    """Where a merged ticket's conversation goes on, if this person may follow it there."""
    if ticket.merged_into_id is None:
        return None
    survivor = surviving_ticket(ticket)
    return tickets_read.visible_tickets(person).filter(pk=survivor.pk).first()
