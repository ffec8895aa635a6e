"""Background jobs of classification (run by `moked worker`): training, nightly and on demand."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from moked.tenancy.models import Organisation

from . import training


@db_task()
def train_in_worker(organisation_id: int | None) -> str | None:
    """Train one organisation's model (None: the provider-wide one) now; its state, or None."""
    organisation = None
    if organisation_id is not None:
        organisation = Organisation.objects.filter(pk=organisation_id).first()
        if organisation is None:
            return None
    with lock_task(f"classification-train-{organisation_id or 'provider'}"):
        model = training.train(organisation)
    return model.state if model is not None else None


@db_periodic_task(crontab(hour="2", minute="23"))
@lock_task("classification-train-nightly")
def train_nightly() -> int:
    """Every night: a new model for each organisation (and the provider-wide one) that resolved
    tickets since its model in use was trained. Returns how many were trained."""
    trained = 0
    for organisation in training.due_for_training():
        if training.train(organisation) is not None:
            trained += 1
    return trained
