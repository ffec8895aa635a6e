"""A task that fails for good is kept, for admins to see; one that will be retried is not."""

import pytest
from huey.contrib.djhuey import HUEY

from moked.jobs.models import FailedTask
from tests.factories import AdminFactory, AgentFactory

pytestmark = pytest.mark.django_db


@HUEY.task()
def always_fails(reason):
    raise RuntimeError(reason)


@HUEY.task(retries=2)
def fails_but_retries(reason):
    raise RuntimeError(reason)


@pytest.fixture
def immediate():
    before = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = before


def test_a_task_that_fails_for_good_is_recorded(immediate):
    always_fails("the SMTP relay is down")
    failure = FailedTask.objects.get()
    assert failure.task.endswith("always_fails")
    assert failure.error == "RuntimeError: the SMTP relay is down"
    assert "the SMTP relay is down" in failure.arguments and "Traceback" in failure.traceback


def test_a_retried_failure_is_recorded_only_at_its_last_try(immediate):
    fails_but_retries("flaky")
    # Immediate mode runs the retries at once: three tries, one record (the last).
    assert FailedTask.objects.count() == 1


def test_admins_see_failed_tasks_and_nobody_else(api_as, immediate):
    always_fails("boom")
    assert (
        api_as(AdminFactory()).get("/api/v1/failed-tasks/").json()["results"][0]["error"]
        == "RuntimeError: boom"
    )
    assert api_as(AgentFactory()).get("/api/v1/failed-tasks/").json()["results"] == []
