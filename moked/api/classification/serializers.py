"""The shapes of classification's answers and requests."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from moked.api.serializers import ResponseSerializer
from moked.api.tickets.serializers import PersonSummary
from moked.classification.fields import shown, values_for
from moked.classification.models import ClassifierModel, FieldSetting, PredictedField, TicketPrediction


def typed_value(field: str, label: str):
    """A label as the ticket API gives the field: a type's code, a level's number, a record's id."""
    if not label:
        return None
    if field == "ticket_type" or not label.isdigit():
        return label
    return int(label)


class AlternativeSerializer(ResponseSerializer):
    value = serializers.JSONField(read_only=True, help_text=_("The alternative's value."))
    shown_value = serializers.CharField(read_only=True)
    confidence = serializers.FloatField(read_only=True)


class PredictionSerializer(ResponseSerializer):
    """One prediction for one field of a ticket, as the ticket page shows it."""

    field = serializers.ChoiceField(choices=PredictedField.choices, read_only=True)
    field_name = serializers.CharField(read_only=True)
    value = serializers.JSONField(
        read_only=True,
        help_text=_("As the ticket gives the field: a type's code, a level's number, a record's id."),
    )
    shown_value = serializers.CharField(read_only=True)
    confidence = serializers.FloatField(read_only=True, help_text=_("Between 0 and 1."))
    threshold = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text=_("The confidence the target precision needed when it was predicted."),
    )
    mode = serializers.ChoiceField(choices=FieldSetting.Mode.choices, read_only=True)
    applied = serializers.BooleanField(read_only=True, help_text=_("Set automatically at creation."))
    current = serializers.BooleanField(read_only=True, help_text=_("The ticket has this value now."))
    can_accept = serializers.BooleanField(read_only=True)
    alternatives = AlternativeSerializer(many=True, read_only=True)
    accepted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    accepted_by = PersonSummary(read_only=True, allow_null=True)
    corrected_at = serializers.DateTimeField(read_only=True, allow_null=True)
    corrected_by = PersonSummary(read_only=True, allow_null=True)
    corrected_value = serializers.JSONField(read_only=True, allow_null=True)
    outcome = serializers.ChoiceField(choices=TicketPrediction.Outcome.choices, read_only=True)
    model_version = serializers.IntegerField(read_only=True, allow_null=True)


def prediction_data(suggestion, organisation_id: int) -> dict:
    """A selectors.Suggestion as PredictionSerializer shows it; alternatives that no longer fit
    the ticket are left out, as on the ticket page."""
    prediction = suggestion.prediction
    labels = [label for label, _confidence in prediction.alternatives]
    fitting = values_for(prediction.field, labels, organisation_id)
    return {
        "field": prediction.field,
        "field_name": suggestion.field_name,
        "value": typed_value(prediction.field, prediction.value),
        "shown_value": suggestion.shown_value,
        "confidence": prediction.confidence,
        "threshold": prediction.threshold,
        "mode": prediction.mode,
        "applied": prediction.applied,
        "current": suggestion.current,
        "can_accept": suggestion.can_accept,
        "alternatives": [
            {
                "value": typed_value(prediction.field, label),
                "shown_value": shown(prediction.field, fitting[label]),
                "confidence": float(confidence),
            }
            for label, confidence in prediction.alternatives
            if label in fitting
        ],
        "accepted_at": prediction.accepted_at,
        "accepted_by": prediction.accepted_by,
        "corrected_at": prediction.corrected_at,
        "corrected_by": prediction.corrected_by,
        "corrected_value": typed_value(prediction.field, prediction.corrected_value),
        "outcome": prediction.outcome,
        "model_version": prediction.model_version,
    }


class ModelSummarySerializer(ResponseSerializer):
    id = serializers.IntegerField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    provider_wide = serializers.BooleanField(read_only=True)
    trained_at = serializers.DateTimeField(read_only=True)


class FieldFiguresSerializer(ResponseSerializer):
    """One field of one organisation: its settings, what its model promised on held-out tickets,
    and what its predictions did on real ones over the period."""

    field = serializers.ChoiceField(choices=PredictedField.choices, read_only=True)
    field_name = serializers.CharField(read_only=True)
    mode = serializers.ChoiceField(choices=FieldSetting.Mode.choices, read_only=True)
    target_precision = serializers.FloatField(read_only=True)
    threshold = serializers.FloatField(
        read_only=True, allow_null=True, help_text=_("The confidence that reaches the target precision.")
    )
    held_out_precision = serializers.FloatField(read_only=True, allow_null=True)
    held_out_coverage = serializers.FloatField(read_only=True)
    model = ModelSummarySerializer(read_only=True, allow_null=True)
    predictions = serializers.IntegerField(read_only=True)
    above_threshold = serializers.IntegerField(read_only=True)
    applied = serializers.IntegerField(read_only=True)
    settled = serializers.IntegerField(read_only=True)
    right = serializers.IntegerField(read_only=True)
    settled_above = serializers.IntegerField(read_only=True)
    right_above = serializers.IntegerField(read_only=True)
    accepted = serializers.IntegerField(read_only=True)
    corrected = serializers.IntegerField(read_only=True)
    coverage = serializers.FloatField(
        read_only=True, allow_null=True, help_text=_("Share of predictions that reached the threshold.")
    )
    precision = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text=_("Share right among settled predictions that reached the threshold."),
    )
    accuracy = serializers.FloatField(
        read_only=True, allow_null=True, help_text=_("Share right among all settled predictions.")
    )


def model_summary(model) -> dict | None:
    if model is None:
        return None
    return {
        "id": model.pk,
        "version": model.version,
        "provider_wide": model.organisation_id is None,
        "trained_at": model.trained_at,
    }


def figures_data(figures) -> dict:
    """A selectors.FieldFigures as FieldFiguresSerializer shows it."""
    names = [name for name in FieldFiguresSerializer._declared_fields if name != "model"]
    return {**{name: getattr(figures, name) for name in names}, "model": model_summary(figures.model)}


class FieldSettingSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=FieldSetting.Mode.choices, required=False)
    target_precision = serializers.DecimalField(
        max_digits=3,
        decimal_places=2,
        min_value=Decimal("0.5"),
        max_value=Decimal("0.99"),
        required=False,
        help_text=_("Between 0.5 and 0.99; the threshold of automatic mode is chosen to reach it."),
    )


class FiguresQuerySerializer(serializers.Serializer):
    days = serializers.IntegerField(
        required=False, min_value=1, max_value=3660, help_text=_("The period counted (default: 90 days).")
    )


class CurvePointSerializer(ResponseSerializer):
    threshold = serializers.FloatField(read_only=True)
    precision = serializers.FloatField(read_only=True, allow_null=True)
    coverage = serializers.FloatField(read_only=True)


class FieldEvaluationSerializer(ResponseSerializer):
    rows = serializers.IntegerField(read_only=True, help_text=_("Held-out tickets."))
    classes = serializers.IntegerField(read_only=True)
    accuracy = serializers.FloatField(read_only=True)
    macro_f1 = serializers.FloatField(read_only=True)
    top3 = serializers.FloatField(read_only=True)
    curve = CurvePointSerializer(
        many=True,
        read_only=True,
        required=False,
        help_text=_("Precision and coverage at each confidence threshold (only with ?curve=true)."),
    )


class ClassifierModelSerializer(ResponseSerializer):
    id = serializers.IntegerField(read_only=True)
    organisation = serializers.CharField(read_only=True, allow_null=True, source="organisation.code")
    version = serializers.IntegerField(read_only=True)
    state = serializers.ChoiceField(choices=ClassifierModel.State.choices, read_only=True)
    trained_at = serializers.DateTimeField(read_only=True)
    training_seconds = serializers.FloatField(read_only=True)
    tickets = serializers.IntegerField(read_only=True, help_text=_("Tickets learnt from."))
    newest_ticket_at = serializers.DateTimeField(read_only=True, allow_null=True)
    size = serializers.IntegerField(read_only=True)
    evaluation = serializers.DictField(
        child=FieldEvaluationSerializer(), read_only=True, help_text=_("Per field, on held-out tickets.")
    )
    skipped = serializers.DictField(child=serializers.CharField(), read_only=True)
    note = serializers.CharField(read_only=True)


def evaluation_data(stored: dict, *, curve: bool) -> dict:
    """A model's stored evaluation, each field's curve as points, or left out unless asked for."""
    shown = {}
    for field, evaluation in stored.items():
        item = {key: value for key, value in evaluation.items() if key != "curve"}
        if curve:
            item["curve"] = [
                {"threshold": threshold, "precision": precision, "coverage": coverage}
                for threshold, precision, coverage in evaluation.get("curve", ())
            ]
        shown[field] = item
    return shown


class CurveQuerySerializer(serializers.Serializer):
    curve = serializers.BooleanField(
        required=False, default=False, help_text=_("Include each field's precision and coverage curve.")
    )


class TrainingQueuedSerializer(ResponseSerializer):
    organisation = serializers.CharField(read_only=True, allow_null=True)
    queued = serializers.BooleanField(read_only=True)
