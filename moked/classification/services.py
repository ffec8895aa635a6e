"""Classification's writes: classifying a new ticket, an agent accepting a suggestion, an admin
choosing a field's mode, and training on demand."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moked.people.models import Person
from moked.people.permissions import require
from moked.tenancy.models import Organisation
from moked.tickets import services as tickets
from moked.tickets.models import EventChannel, Ticket

from . import process_cache
from .fields import CHANGEABLE_FIELDS, FIELDS, label_of, values_for
from .models import FieldSetting, PredictedField, TicketPrediction
from .predicting import FieldPrediction, predict
from .tasks import train_in_worker

DEFAULT_MODE = FieldSetting.Mode.SUGGEST
DEFAULT_TARGET = Decimal("0.95")


def field_settings(organisation_id: int, *, fresh: bool = False) -> dict[str, tuple[str, float]]:
    """Each field's (mode, target precision) for the organisation, defaults filled in; as this
    process last read them (`process_cache`) unless `fresh`."""

    def read() -> dict[str, tuple[str, float]]:
        found = {field: (DEFAULT_MODE, float(DEFAULT_TARGET)) for field in FIELDS}
        for setting in FieldSetting.objects.filter(organisation_id=organisation_id):
            found[setting.field] = (setting.mode, float(setting.target_precision))
        return found

    return read() if fresh else process_cache.remembered(("settings", organisation_id), read)


def classify_new_ticket(ticket: Ticket, unset: frozenset[str]):
    """The classifier of `moked.tickets.classifying`: predict the fields that are not off, set
    those in automatic mode that the creator left unset when the confidence reaches the threshold
    of their target precision, and return the recorder of the predictions."""
    settings = field_settings(ticket.organisation_id)
    wanted = [field for field in FIELDS if settings[field][0] != FieldSetting.Mode.OFF]
    if not wanted:
        return None
    found = predict(ticket, wanted)
    if not found:
        return None
    records = []
    for field, prediction in found.items():
        mode, target = settings[field]
        threshold = prediction.threshold_for(target)
        applied = (
            mode == FieldSetting.Mode.AUTO
            and field in unset
            and threshold is not None
            and prediction.confidence >= threshold
        )
        if applied:
            value = prediction.value()
            applied = value is not None
            if applied:
                setattr(ticket, field, value)
        records.append(prediction_record(ticket, prediction, mode, threshold, applied))

    def record(saved: Ticket) -> None:
        for item in records:
            item.ticket = saved
        TicketPrediction.objects.bulk_create(records)

    return record


def prediction_record(
    ticket: Ticket, prediction: FieldPrediction, mode: str, threshold, applied: bool
) -> TicketPrediction:
    """The row that keeps `prediction` for the ticket (unsaved; its ticket is set by the caller
    once the ticket is saved)."""
    return TicketPrediction(
        organisation_id=ticket.organisation_id,
        field=prediction.field,
        model=prediction.model,
        value=prediction.label,
        confidence=round(prediction.confidence, 6),
        alternatives=[list(item) for item in prediction.alternatives],
        mode=mode,
        threshold=threshold,
        applied=applied,
        created_at=ticket.created_at,
    )


def accept_prediction(
    actor: Person, ticket: Ticket, field: str, *, channel: str = EventChannel.WEB, at=None
) -> Ticket:
    """Set the ticket's `field` to what was predicted for it (an agent's one click)."""
    if field not in CHANGEABLE_FIELDS:
        raise ValidationError({"field": _("This field cannot be changed once the ticket is open.")})
    prediction = TicketPrediction.objects.filter(ticket=ticket, field=field).first()
    if prediction is None:
        raise ValidationError({"field": _("There is no suggestion for this field.")})
    value = values_for(field, [prediction.value], ticket.organisation_id).get(prediction.value)
    if value is None:
        raise ValidationError({"field": _("The suggested value no longer fits this ticket.")})
    with transaction.atomic():
        if label_of(ticket, field) != prediction.value:
            ticket = tickets.update_ticket(actor, ticket, {field: value}, channel=channel, at=at)
        TicketPrediction.objects.filter(pk=prediction.pk).update(
            accepted_at=at or timezone.now(),
            accepted_by=actor,
            corrected_at=None,
            corrected_by=None,
            corrected_value="",
        )
    return ticket


def set_field_mode(
    actor: Person, organisation: Organisation, field: str, *, mode: str, target_precision=None
) -> FieldSetting:
    """Choose what classification does with one field of the organisation's new tickets."""
    require(
        actor,
        "classification.configure",
        organisation,
        message=_("You may not change classification settings."),
    )
    errors = {}
    if field not in PredictedField.values:
        errors["field"] = _("This field is not predicted.")
    if mode not in FieldSetting.Mode.values:
        errors["mode"] = _("Choose off, suggest or automatic.")
    target = DEFAULT_TARGET
    if target_precision is not None:
        try:
            target = Decimal(str(target_precision)).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            errors["target_precision"] = _("Give the target precision as a number between 0.5 and 0.99.")
        else:
            if not Decimal("0.5") <= target <= Decimal("0.99"):
                errors["target_precision"] = _("Give the target precision as a number between 0.5 and 0.99.")
    if errors:
        raise ValidationError(errors)
    setting, _created = FieldSetting.objects.update_or_create(
        organisation=organisation,
        field=field,
        defaults={
            "mode": mode,
            "target_precision": target,
            "updated_at": timezone.now(),
            "updated_by": actor,
        },
    )
    process_cache.forget("settings")
    return setting


def train_now(actor: Person, organisation: Organisation | None) -> None:
    """Queue the training of the organisation's model (None: the provider-wide one) in the worker."""
    require(actor, "classification.configure", organisation, message=_("You may not train models."))
    key = organisation.pk if organisation is not None else None
    transaction.on_commit(lambda: train_in_worker(key))
