"""Classification on the agent's ticket page: what the models suggested for the ticket's fields,
each with its confidence, and accepting a suggestion in one click (the ticket then has it)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moked.classification import selectors as classification
from moked.classification.services import accept_prediction
from moked.tickets.models import EventChannel, Ticket

from ..common import refusals
from ..common.conversation import ticket_or_404
from .views import _staff


def suggestions_context(person, ticket: Ticket) -> dict:
    """The panel's suggestions (none for clients: the selector gives them nothing)."""
    return {"classification_suggestions": classification.ticket_suggestions(person, ticket)}


@login_required
@require_POST
def accept_suggestion(request, reference, field):
    """Set the ticket's `field` to its suggested value, then show the ticket again."""
    person = _staff(request)
    ticket = ticket_or_404(person, reference)
    suggested = {item.prediction.field: item for item in classification.ticket_suggestions(person, ticket)}
    try:
        accept_prediction(person, ticket, field, channel=EventChannel.WEB)
    except ValidationError as refusal:
        refusals.keep(request, refusal.messages)
    except PermissionDenied as refusal:
        refusals.keep(request, [str(refusal) or _("You may not change this ticket.")])
    else:
        item = suggested.get(field)
        if item is not None:
            names = {"field": item.field_name, "value": item.shown_value}
            messages.success(request, _("%(field)s is now “%(value)s”, as suggested.") % names)
    return redirect("desk-ticket", reference=ticket.reference)
