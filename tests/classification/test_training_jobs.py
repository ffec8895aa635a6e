"""Training in the worker: nightly for whoever resolved tickets since, and on an admin's demand."""

import pytest
from django.core.exceptions import PermissionDenied
from huey.contrib.djhuey import HUEY

from moked.classification import services, training
from moked.classification.models import ClassifierModel
from moked.classification.tasks import train_in_worker, train_nightly
from tests.classification.history import resolved_history, routing
from tests.factories import AgentFactory, OrganisationFactory


def test_the_nightly_job_trains_who_resolved_tickets_since_and_only_them(org, agent):
    resolved_history(org, agent, routing(), per_class=15)
    quiet = OrganisationFactory()  # no history: no model of its own
    assert training.due_for_training() == [None, org]
    assert train_nightly.call_local() == 2
    assert ClassifierModel.objects.filter(organisation=org, state="active").exists()
    assert ClassifierModel.objects.filter(organisation__isnull=True, state="active").exists()
    assert not ClassifierModel.objects.filter(organisation=quiet).exists()
    assert training.due_for_training() == []  # nothing resolved since


def test_an_admin_trains_on_demand_in_the_worker(org, agent, admin, django_capture_on_commit_callbacks):
    resolved_history(org, agent, routing(), per_class=15)
    HUEY.flush()
    with django_capture_on_commit_callbacks(execute=True):
        services.train_now(admin, org)
    assert HUEY.pending_count() == 1
    assert train_in_worker.call_local(org.pk) == ClassifierModel.State.ACTIVE
    with pytest.raises(PermissionDenied):
        services.train_now(agent, org)
    with pytest.raises(PermissionDenied):
        services.train_now(AgentFactory(serves=[OrganisationFactory()]), org)
