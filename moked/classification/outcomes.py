"""What became of each prediction, followed through the ticket's events.

- An agent who sets a predicted field to another value corrects the prediction (the last such
  change is kept); one who sets it to the predicted value accepts it.
- When the ticket is resolved or closed, each prediction is settled against the field's final
  value: right or wrong. A ticket reopened and resolved again is settled again.

Changes made by rules or other automation (no actor) are no one's correction, but they count in
the final value like any other.
"""

from moked.tickets import lifecycle
from moked.tickets.models import EventKind

from .fields import FIELDS, label_of
from .models import TicketPrediction

SETTLING = frozenset({lifecycle.RESOLVED, lifecycle.CLOSED})


def on_ticket_events(sender, ticket, events, **kwargs) -> None:
    """Receiver of `ticket_events_recorded`."""
    changed = [
        event
        for event in events
        if event.kind == EventKind.FIELD_CHANGED and event.field in FIELDS and event.actor is not None
    ]
    settles = any(event.kind == EventKind.STATUS_CHANGED and event.new_value in SETTLING for event in events)
    if not changed and not settles:
        return
    predictions = {item.field: item for item in TicketPrediction.objects.filter(ticket=ticket)}
    if not predictions:
        return
    for event in changed:
        prediction = predictions.get(event.field)
        if prediction is None:
            continue
        if event.new_value == prediction.value:
            prediction.accepted_at = prediction.accepted_at or event.at
            prediction.accepted_by = prediction.accepted_by or event.actor
            prediction.corrected_at, prediction.corrected_by, prediction.corrected_value = None, None, ""
        else:
            prediction.corrected_at, prediction.corrected_by = event.at, event.actor
            prediction.corrected_value = event.new_value[:64]
        prediction.save(
            update_fields=["accepted_at", "accepted_by", "corrected_at", "corrected_by", "corrected_value"]
        )
    if settles:
        at = events[0].at
        for prediction in predictions.values():
            final = label_of(ticket, prediction.field)
            outcome = (
                TicketPrediction.Outcome.RIGHT
                if final == prediction.value
                else TicketPrediction.Outcome.WRONG
            )
            TicketPrediction.objects.filter(pk=prediction.pk).update(
                final_value=final, outcome=outcome, settled_at=at
            )
