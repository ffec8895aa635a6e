"""Classification's reads, scoped to what the acting person may see: a ticket's suggestions, each
organisation's settings and models, and how precise and how broad the predictions were."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from moked.people.access import organisation_filter
from moked.people.models import Person
from moked.people.permissions import require
from moked.tenancy.models import Organisation
from moked.tickets.models import Ticket

from .field_models import FieldEvaluation
from .fields import CHANGEABLE_FIELDS, FIELDS, label_of, shown, values_for
from .models import ClassifierModel, PredictedField, TicketPrediction
from .services import field_settings
from .training import evaluation_of

# A next likeliest value less likely than this is not worth an agent's reading ("0%").
SHOWN_ALTERNATIVE = 0.01
# The live figures count the predictions of this many recent days.
FIGURES_DAYS = 90


@dataclass(frozen=True)
class Suggestion:
    """A prediction as the ticket page shows it."""

    prediction: TicketPrediction
    field_name: str
    shown_value: str
    value: object | None  # None: the value no longer fits the ticket
    current: bool  # the ticket has this value now
    can_accept: bool
    alternatives: tuple[tuple[str, float], ...]


def ticket_suggestions(actor: Person, ticket: Ticket) -> list[Suggestion]:
    """The predictions for the ticket, for the provider's staff who may see it (nothing for clients)."""
    if (
        not actor.is_staff_member
        or not Ticket.objects.filter(organisation_filter(actor), pk=ticket.pk).exists()
    ):
        return []
    predictions = list(TicketPrediction.objects.filter(ticket=ticket))
    names = dict(PredictedField.choices)
    found = []
    for prediction in sorted(predictions, key=lambda item: FIELDS.index(item.field)):
        labels = [prediction.value, *(label for label, _confidence in prediction.alternatives)]
        values = values_for(prediction.field, labels, ticket.organisation_id)
        value = values.get(prediction.value)
        current = label_of(ticket, prediction.field) == prediction.value
        alternatives = tuple(
            (shown(prediction.field, values[label]), float(confidence))
            for label, confidence in prediction.alternatives
            if label in values and confidence >= SHOWN_ALTERNATIVE
        )
        found.append(
            Suggestion(
                prediction=prediction,
                field_name=str(names[prediction.field]),
                shown_value=shown(prediction.field, value) if value is not None else "",
                value=value,
                current=current,
                can_accept=value is not None and not current and prediction.field in CHANGEABLE_FIELDS,
                alternatives=alternatives,
            )
        )
    return [item for item in found if item.value is not None]


def classified_organisations(actor: Person):
    """The organisations whose classification the person may look at."""
    if not actor.is_staff_member:
        return Organisation.objects.none()
    return Organisation.objects.filter(organisation_filter(actor, "pk")).order_by("name")


def models_of(actor: Person, organisation: Organisation | None):
    """The models trained for the organisation (None: provider-wide), newest first."""
    require(actor, "classification.view", organisation)
    return ClassifierModel.objects.filter(organisation=organisation).order_by("-version")


@dataclass(frozen=True)
class FieldFigures:
    """One field of one organisation: its mode, the model that predicts it, what that model
    promised on held-out tickets, and what its predictions did on real ones since."""

    field: str
    field_name: str
    mode: str
    target_precision: float
    model: ClassifierModel | None
    evaluation: FieldEvaluation | None
    threshold: float | None
    held_out_precision: float | None
    held_out_coverage: float
    predictions: int
    above_threshold: int
    applied: int
    settled_above: int
    right_above: int
    settled: int
    right: int
    accepted: int
    corrected: int

    @property
    def coverage(self) -> float | None:
        """Share of predicted tickets whose confidence reached the threshold."""
        return self.above_threshold / self.predictions if self.predictions else None

    @property
    def precision(self) -> float | None:
        """Share right, among settled tickets whose confidence reached the threshold."""
        return self.right_above / self.settled_above if self.settled_above else None

    @property
    def accuracy(self) -> float | None:
        """Share right among all settled predictions, whatever their confidence."""
        return self.right / self.settled if self.settled else None


def field_figures(
    actor: Person, organisation: Organisation, *, days: int = FIGURES_DAYS, at=None
) -> list[FieldFigures]:
    """Every field's figures for the organisation over the last `days` days."""
    require(actor, "classification.view", organisation)
    settings = field_settings(organisation.pk)
    in_use = {
        model.organisation_id: model
        for model in ClassifierModel.objects.filter(state=ClassifierModel.State.ACTIVE).filter(
            Q(organisation=organisation) | Q(organisation__isnull=True)
        )
    }
    own, provider = in_use.get(organisation.pk), in_use.get(None)
    since = (at or timezone.now()) - timedelta(days=days)
    right = Q(outcome=TicketPrediction.Outcome.RIGHT)
    settled = ~Q(outcome=TicketPrediction.Outcome.PENDING)
    above = Q(threshold__isnull=False, confidence__gte=F("threshold"))
    counts = {
        row["field"]: row
        for row in TicketPrediction.objects.filter(organisation=organisation, created_at__gte=since)
        .values("field")
        .annotate(
            predictions=Count("id"),
            above_threshold=Count("id", filter=above),
            applied=Count("id", filter=Q(applied=True)),
            settled_above=Count("id", filter=above & settled),
            right_above=Count("id", filter=above & right),
            settled=Count("id", filter=settled),
            right=Count("id", filter=right),
            accepted=Count("id", filter=Q(accepted_at__isnull=False)),
            corrected=Count("id", filter=Q(corrected_at__isnull=False)),
        )
    }
    names = dict(PredictedField.choices)
    found = []
    for field in FIELDS:
        mode, target = settings[field]
        model = own if own is not None and field in own.evaluation else None
        if model is None and provider is not None and field in provider.evaluation:
            model = provider
        evaluation = evaluation_of(model, field) if model is not None else None
        threshold = evaluation.threshold_for(target) if evaluation is not None else None
        row = counts.get(field, {})
        found.append(
            FieldFigures(
                field=field,
                field_name=str(names[field]),
                mode=mode,
                target_precision=target,
                model=model,
                evaluation=evaluation,
                threshold=threshold,
                held_out_precision=evaluation.precision_at(threshold) if evaluation is not None else None,
                held_out_coverage=evaluation.coverage_at(threshold) if evaluation is not None else 0.0,
                **{
                    name: row.get(name, 0)
                    for name in (
                        "predictions",
                        "above_threshold",
                        "applied",
                        "settled_above",
                        "right_above",
                        "settled",
                        "right",
                        "accepted",
                        "corrected",
                    )
                },
            )
        )
    return found
