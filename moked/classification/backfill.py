"""Predictions for tickets opened before their organisation had a model.

A new ticket is classified as it is created (`services.classify_new_ticket`); one opened before a
model existed has no prediction. `predict_existing` records, for such a ticket, what the models in
use would have suggested: as suggestions only, never set on the ticket (auto mode acts only on a
ticket being opened, on the fields its creator left unset).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from moked.tickets import lifecycle
from moked.tickets.models import Ticket

from .models import FieldSetting, TicketPrediction
from .predicting import predict
from .services import field_settings, prediction_record


def predict_existing(ticket: Ticket, *, at=None) -> list[TicketPrediction]:
    """Record the predictions of the fields that are not off and not yet predicted for the
    ticket (none for one already settled); returns the new ones."""
    if ticket.status in lifecycle.DONE_STATUSES:
        return []
    settings = field_settings(ticket.organisation_id)
    done = set(TicketPrediction.objects.filter(ticket=ticket).values_list("field", flat=True))
    wanted = [
        field
        for field, (mode, _target) in settings.items()
        if mode != FieldSetting.Mode.OFF and field not in done
    ]
    if not wanted:
        return []
    records = []
    for field, prediction in predict(ticket, wanted).items():
        mode, target = settings[field]
        record = prediction_record(ticket, prediction, mode, prediction.threshold_for(target), applied=False)
        record.ticket = ticket
        record.created_at = at or timezone.now()
        records.append(record)
    with transaction.atomic():
        return TicketPrediction.objects.bulk_create(records)
