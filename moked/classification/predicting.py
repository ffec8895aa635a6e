"""Predicting the fields of a ticket with the models in use for its organisation.

Each field is predicted by the organisation's own model when it learnt that field, else by the
provider-wide model when the field is one it learns; otherwise there is no prediction. Of the
likeliest labels, the first that still fits a ticket of the organisation (`fields.values_for`) is
the prediction; its confidence is the model's probability for it. A model that cannot be loaded
predicts nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from moked.tickets.models import Ticket

from . import model_files, process_cache
from .field_models import FieldEvaluation, Sample
from .fields import FIELDS, PROVIDER_WIDE_FIELDS, fitting_labels, values_for
from .models import ClassifierModel
from .training import ticket_sample

# Labels asked of a model per field: the best that still fits is usually the first.
CANDIDATES = 5


@dataclass(frozen=True)
class FieldPrediction:
    field: str
    label: str
    organisation_id: int
    confidence: float
    alternatives: tuple[tuple[str, float], ...]
    model: ClassifierModel
    evaluation: FieldEvaluation | None

    def value(self) -> object | None:
        """The label as a value of the ticket's field now (a record, a level, a type), read
        afresh; None when it no longer fits."""
        return values_for(self.field, [self.label], self.organisation_id).get(self.label)

    def threshold_for(self, precision: float) -> float | None:
        """The confidence that reached `precision` on the model's held-out tickets (None: none did)."""
        return self.evaluation.threshold_for(precision) if self.evaluation is not None else None


def models_in_use(organisation_id: int) -> tuple[ClassifierModel | None, ClassifierModel | None]:
    """The organisation's own model in use and the provider-wide one (None where there is none),
    as this process last read them (`process_cache`)."""
    return process_cache.remembered(("models", organisation_id), lambda: _read_models_in_use(organisation_id))


def _read_models_in_use(organisation_id: int) -> tuple[ClassifierModel | None, ClassifierModel | None]:
    own = provider = None
    in_use = ClassifierModel.objects.filter(state=ClassifierModel.State.ACTIVE).filter(
        Q(organisation_id=organisation_id) | Q(organisation__isnull=True)
    )
    # The evaluation comes with the loaded model: the row is read for its file only.
    for model in in_use.only("id", "organisation_id", "file", "sha256"):
        if model.organisation_id is None:
            provider = model
        else:
            own = model
    return own, provider


def predict(ticket: Ticket, fields=FIELDS) -> dict[str, FieldPrediction]:
    """The prediction of each of `fields` for the ticket (it need not be saved yet)."""
    return predict_sample(ticket_sample(ticket), ticket.organisation_id, fields)


def predict_sample(sample: Sample, organisation_id: int, fields=FIELDS) -> dict[str, FieldPrediction]:
    own, provider = models_in_use(organisation_id)
    loaded = {
        model: model_files.load(model.file, model.sha256) for model in (own, provider) if model is not None
    }
    plan: dict[ClassifierModel, list[str]] = {}
    for field in fields:
        for model in (own, provider):
            models = loaded.get(model) if model is not None else None
            if models is None or field not in models.models:
                continue
            if model is provider and field not in PROVIDER_WIDE_FIELDS:
                continue
            plan.setdefault(model, []).append(field)
            break
    found: dict[str, FieldPrediction] = {}
    for model, wanted in plan.items():
        models = loaded[model]
        assert models is not None
        for field, ranked in models.predict(sample, wanted, k=CANDIDATES).items():
            fitting = fitting_labels(field, organisation_id)
            usable = [item for item in ranked if item.label in fitting]
            if not usable:
                continue
            first = usable[0]
            found[field] = FieldPrediction(
                field=field,
                label=first.label,
                organisation_id=organisation_id,
                confidence=first.confidence,
                alternatives=tuple((item.label, round(item.confidence, 4)) for item in usable[1:3]),
                model=model,
                evaluation=models.evaluations.get(field),
            )
    return found
