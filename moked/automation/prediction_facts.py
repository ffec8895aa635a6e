"""Facts about what classification predicted for a ticket, so that rules can test predictions:
"predicted group is Identity & Access with confidence at least 0.9".

For each predicted field: ``predicted_<field>``, in the form the ticket's own fact takes (a group's,
category's or service's id and a type's code as choices, impact and urgency as numbers), and
``predicted_<field>_confidence`` (a number from 0 to 1). Both are empty when nothing was predicted
for the field. Predictions are recorded when the ticket is created, before the rules of "ticket
created" run, so those rules can test them.

Automation sits above classification and reads its TicketPrediction rows: one query per ticket,
kept on the ticket object for the other prediction facts of the same evaluation (a prediction is
never changed once recorded, only accepted, corrected or settled).
"""

from functools import partial

from moked.classification.fields import FIELDS
from moked.classification.models import TicketPrediction

from . import conditions, registry

NUMBER_FIELDS = frozenset({"impact", "urgency"})
_CACHE = "_predicted_for_rules"
_COLUMNS = ("field", "value", "confidence")


def fact_names() -> list[str]:
    """Every prediction fact, in the order of the fields."""
    return [name for field in FIELDS for name in (f"predicted_{field}", f"predicted_{field}_confidence")]


def predictions(ticket) -> dict[str, tuple[str, float]]:
    """The ticket's predictions as (label, confidence) by field, read once per ticket object."""
    known = ticket.__dict__.get(_CACHE)
    if known is None:
        if ticket.pk is None:
            return {}
        rows = TicketPrediction.objects.filter(ticket_id=ticket.pk)
        known = {field: (value, confidence) for field, value, confidence in rows.values_list(*_COLUMNS)}
        ticket.__dict__[_CACHE] = known
    return known


def predicted_value(field: str, ticket, at=None):
    """The predicted value of `field` as the ticket's own fact gives it, or None."""
    label = predictions(ticket).get(field, ("", 0.0))[0]
    if not label:
        return None
    if field == "ticket_type":
        return label
    return int(label) if label.isdigit() else None


def predicted_confidence(field: str, ticket, at=None):
    """The confidence of the prediction of `field` (0 to 1), or None when there is none."""
    found = predictions(ticket).get(field)
    return None if found is None else float(found[1])


# Built once, so that registering again (a second `ready`) registers the same facts.
_FACTS = {
    field: (
        conditions.NUMBER if field in NUMBER_FIELDS else conditions.CHOICE,
        partial(predicted_value, field),
        partial(predicted_confidence, field),
    )
    for field in FIELDS
}


def register_prediction_facts() -> None:
    for field, (kind, value, confidence) in _FACTS.items():
        registry.register_fact(f"predicted_{field}", kind, value)
        registry.register_fact(f"predicted_{field}_confidence", conditions.NUMBER, confidence)
