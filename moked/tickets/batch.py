"""One change applied to many tickets (a bulk action): each ticket on its own, so one refusal
does not undo the others, and every refusal is reported with its reason."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Ticket

MAX_TICKETS = 200  # a page of a list and then some; more is an import, not a click


@dataclass
class BatchOutcome:
    done: list[str] = field(default_factory=list)  # references
    refused: dict[str, list[str]] = field(default_factory=dict)  # reference → reasons


def for_each(tickets: Iterable[Ticket], change: Callable[[Ticket], object]) -> BatchOutcome:
    """Apply `change` (a ticket service call) to each ticket in its own transaction."""
    outcome = BatchOutcome()
    for ticket in tickets:
        try:
            with transaction.atomic():
                change(ticket)
        except ValidationError as refusal:
            outcome.refused[ticket.reference] = refusal.messages
        except PermissionDenied as refusal:
            outcome.refused[ticket.reference] = [str(refusal) or _("You may not change this ticket.")]
        else:
            outcome.done.append(ticket.reference)
    return outcome
