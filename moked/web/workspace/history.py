"""A ticket's timeline as the ticket page shows it: each change's field, old and new value in the
reader's words (a status's name, not its code; an instant in their time zone and calendar)."""

from datetime import datetime

from django.core.exceptions import FieldDoesNotExist, ValidationError

from moked.tickets.models import Ticket, TicketEvent

from ..templatetags.moked_time import when


def _shown(field: str, stored: str, label: str):
    if label or not stored:
        return label or "—"
    try:
        model_field = Ticket._meta.get_field(field)
    except FieldDoesNotExist:
        return stored
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(_typed(model_field, stored), stored))
    if model_field.get_internal_type() == "DateTimeField":
        try:
            return when(datetime.fromisoformat(stored))
        except ValueError:
            return stored
    return stored


def _typed(model_field, stored: str):
    try:
        return model_field.to_python(stored)
    except ValidationError:  # a value stored before the field changed type: shown as stored
        return stored


def described(events: list[TicketEvent]) -> list[dict]:
    """Each event with `field`, `old` and `new` ready to show."""
    return [
        {
            "event": event,
            "field": event.field_label if event.field else "",
            "old": _shown(event.field, event.old_value, event.old_label),
            "new": _shown(event.field, event.new_value, event.new_label),
        }
        for event in events
    ]
