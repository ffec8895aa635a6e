"""Training an organisation's models (or the provider-wide one) from its resolved tickets.

The labels are each ticket's final values, as they stood when it was resolved or closed (not the
first guesses, which agents corrected). An organisation's model learns from its own tickets
only; the provider-wide model, for organisations with too little history, learns from every
organisation's but only the fields whose values mean the same everywhere (`PROVIDER_WIDE_FIELDS`),
and it only ever says a label, never a text: no client reads another's words through it.

A new model replaces the one in use only if it is not worse (`is_not_worse`); otherwise it is
kept as rejected, with its evaluation, and its file deleted.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from moked.catalog.models import Category
from moked.tenancy.models import Organisation
from moked.tickets import lifecycle
from moked.tickets.models import Ticket

from . import field_models, model_files, process_cache
from .field_models import FieldEvaluation, Sample
from .fields import FIELDS, PROVIDER_WIDE_FIELDS, RELATION_FIELDS, labels_of_values, provider_wide_label
from .models import ClassifierModel

logger = logging.getLogger(__name__)

# The most recent tickets a model learns from: enough for any one client, and it bounds the time
# and memory of training the provider-wide model.
MAX_TICKETS = 100_000
# An organisation needs this many resolved tickets for a model of its own.
MIN_TICKETS = 40
# A new model may trail the one in use by this much mean accuracy over the fields both learnt
# (measured on different weeks of tickets, the figures wobble) and still replace it.
TOLERANCE = 0.01
SETTLED = (lifecycle.RESOLVED, lifecycle.CLOSED)
_COLUMNS = (
    "subject",
    "description",
    "channel",
    "requester_id",
    "requester__email",
    "requester__language",
    "created_at",
    "ticket_type",
    "impact",
    "urgency",
    *(f"{field}_id" for field in sorted(RELATION_FIELDS)),
)


def sample_of(
    subject: str, description: str, channel: str, email: str, language: str, requester_id
) -> Sample:
    """A ticket as the models see it: its text, where it came from, and who sent it."""
    domain = email.rpartition("@")[2].lower()
    context = (
        f"channel:{channel}",
        f"domain:{domain}",
        f"language:{language or '-'}",
        f"requester:{requester_id}",
    )
    return Sample(f"{subject}\n{description}", context)


def ticket_sample(ticket: Ticket) -> Sample:
    requester = ticket.requester
    return sample_of(
        ticket.subject, ticket.description, ticket.channel, requester.email, requester.language, requester.pk
    )


@dataclass(frozen=True)
class TrainingSet:
    samples: list[Sample]
    labels: dict[str, list[str | None]]
    newest: object  # the creation time of the newest ticket, or None


def training_set(organisation: Organisation | None, *, limit: int = MAX_TICKETS) -> TrainingSet:
    """The resolved and closed tickets (not merged away) a model learns from, oldest first."""
    tickets = Ticket.objects.filter(status__in=SETTLED, merged_into__isnull=True)
    if organisation is not None:
        tickets = tickets.filter(organisation=organisation)
        fields = FIELDS
    else:
        fields = tuple(field for field in FIELDS if field in PROVIDER_WIDE_FIELDS)
    rows = list(tickets.order_by("-created_at", "-id").values(*_COLUMNS)[:limit])
    rows.reverse()
    shared = frozenset(Category.objects.filter(organisation__isnull=True).values_list("pk", flat=True))
    samples = [
        sample_of(
            row["subject"],
            row["description"],
            row["channel"],
            row["requester__email"],
            row["requester__language"],
            row["requester_id"],
        )
        for row in rows
    ]
    labels: dict[str, list[str | None]] = {}
    for field in fields:
        if organisation is None:
            labels[field] = [provider_wide_label(field, row, shared) or None for row in rows]
        else:
            labels[field] = [labels_of_values(field, row) or None for row in rows]
    return TrainingSet(samples, labels, rows[-1]["created_at"] if rows else None)


def mean_accuracy(evaluation: dict, fields) -> float | None:
    scores = [float(evaluation[field]["accuracy"]) for field in fields if field in evaluation]
    return sum(scores) / len(scores) if scores else None


def is_not_worse(new: dict, old: dict) -> bool:
    """Whether a model evaluated as `new` may replace one evaluated as `old` ({field: figures}).

    It must learn every field the old one did, and its mean accuracy over those fields (each on
    its own most recent tickets) may trail the old one's by at most TOLERANCE.
    """
    if not set(old) <= set(new):
        return False
    shared = sorted(old)
    new_mean, old_mean = mean_accuracy(new, shared), mean_accuracy(old, shared)
    if old_mean is None or new_mean is None:
        return True
    return new_mean >= old_mean - TOLERANCE


def train(organisation: Organisation | None, *, at=None) -> ClassifierModel | None:
    """Train, evaluate and store a new model for `organisation` (None: provider-wide) and make it
    the one in use unless it is worse. None when there is nothing to learn (too few tickets, or
    no field with two values)."""
    data = training_set(organisation)
    if organisation is not None and len(data.samples) < MIN_TICKETS:
        return None
    started = time.perf_counter()
    models, skipped = field_models.train(data.samples, data.labels)
    seconds = time.perf_counter() - started
    if models is None:
        return None
    evaluation = {field: figures.as_dict() for field, figures in models.evaluations.items()}
    owner = organisation.code if organisation is not None else "provider"
    name, digest, size = model_files.save(models, owner)
    with transaction.atomic():
        scope = ClassifierModel.objects.select_for_update().filter(organisation=organisation)
        current = scope.filter(state=ClassifierModel.State.ACTIVE).first()
        version = (scope.aggregate(last=Max("version"))["last"] or 0) + 1
        accepted = current is None or is_not_worse(evaluation, current.evaluation)
        model = ClassifierModel.objects.create(
            organisation=organisation,
            version=version,
            state=ClassifierModel.State.REJECTED,
            file=name,
            sha256=digest,
            size=size,
            trained_at=at or timezone.now(),
            training_seconds=round(seconds, 3),
            tickets=len(data.samples),
            newest_ticket_at=data.newest,
            evaluation=evaluation,
            skipped={item.field: item.reason for item in skipped},
        )
        if accepted:
            if current is not None:
                current.state = ClassifierModel.State.REPLACED
                current.save(update_fields=["state"])
            model.state = ClassifierModel.State.ACTIVE
            model.save(update_fields=["state"])
        else:
            old_mean = mean_accuracy(current.evaluation, sorted(current.evaluation))
            new_mean = mean_accuracy(evaluation, sorted(current.evaluation))
            model.note = f"mean accuracy {new_mean:.3f} against {old_mean:.3f} of version {current.version}"
            model.save(update_fields=["note"])
    process_cache.forget("models")
    if not accepted:
        transaction.on_commit(lambda: model_files.delete(name))
    _delete_old_files(organisation)
    logger.info("Trained classification model %s in %.1f s: %s", model, seconds, model.state)
    return model


def _delete_old_files(organisation: Organisation | None) -> None:
    """Keep the files of the model in use and the one it replaced (a process may be reading it)."""
    replaced = ClassifierModel.objects.filter(
        organisation=organisation, state=ClassifierModel.State.REPLACED
    ).exclude(file="")
    for stale in replaced.order_by("-version")[1:]:
        model_files.delete(stale.file)
        stale.file = ""
        stale.save(update_fields=["file"])


def evaluation_of(model: ClassifierModel, field: str) -> FieldEvaluation | None:
    stored = model.evaluation.get(field)
    return FieldEvaluation.from_dict(stored) if stored else None


def due_for_training(*, at=None) -> list[Organisation | None]:
    """Who needs a new model: the provider-wide one and every active organisation with enough
    resolved tickets, when tickets were resolved since its model in use was trained (or it has
    none)."""
    due: list[Organisation | None] = []
    active = {
        model.organisation_id: model
        for model in ClassifierModel.objects.filter(state=ClassifierModel.State.ACTIVE)
    }
    settled = Ticket.objects.filter(status__in=SETTLED, merged_into__isnull=True)
    for organisation in [
        None,
        *Organisation.objects.filter(status=Organisation.Status.ACTIVE).order_by("pk"),
    ]:
        key = organisation.pk if organisation is not None else None
        scope = settled if organisation is None else settled.filter(organisation=organisation)
        current = active.get(key)
        if current is not None:
            if scope.filter(resolved_at__gt=current.trained_at).exists():
                due.append(organisation)
        elif organisation is None or scope.count() >= MIN_TICKETS:
            due.append(organisation)
    return due
