"""A task that fails for good is kept, for admins to see; one that will be retried is not yet."""

import pytest
from huey.contrib.djhuey import HUEY

from moked.jobs.models import FailedTask
from tests.factories import AdminFactory, AgentFactory, ClientManagerFactory

pytestmark = pytest.mark.django_db


@HUEY.task()
def always_fails(reason):
    raise RuntimeError(reason)


@HUEY.task(retries=2)
def fails_but_retries(reason):
    raise RuntimeError(reason)


@HUEY.task(retries=1)
def fails_once(attempts):
    attempts.append(1)
    if len(attempts) == 1:
        raise RuntimeError("first try")
    return "done"


def test_a_task_that_fails_for_good_is_recorded(immediate):
    always_fails("the SMTP relay is down")
    failure = FailedTask.objects.get()
    assert failure.task == "tests.jobs.test_failed_tasks.always_fails" and failure.task_id
    assert failure.error == "RuntimeError: the SMTP relay is down"
    assert "the SMTP relay is down" in failure.arguments
    assert "Traceback" in failure.traceback and "raise RuntimeError(reason)" in failure.traceback
    assert failure.retries == 0 and failure.failed_at.tzinfo is not None


def test_a_retried_failure_is_recorded_only_after_its_last_try(immediate):
    fails_but_retries("flaky")
    # Immediate mode runs the retries at once: three tries, one record (the last).
    failure = FailedTask.objects.get()
    assert failure.retries == 2 and failure.error == "RuntimeError: flaky"


def test_a_failure_that_a_retry_mends_is_not_recorded(immediate):
    attempts = []
    fails_once(attempts)
    assert len(attempts) == 2 and not FailedTask.objects.exists()


def test_long_arguments_are_cut(immediate):
    always_fails("x" * 20_000)
    failure = FailedTask.objects.get()
    assert len(failure.arguments) == 5000 and len(failure.error) == 5000


def test_admins_see_failed_tasks_and_nobody_else(api_as, immediate, org):
    always_fails("boom")
    failure = FailedTask.objects.get()
    admin = api_as(AdminFactory())
    assert admin.get("/api/v1/failed-tasks/").json()["results"][0]["error"] == "RuntimeError: boom"
    assert admin.get(f"/api/v1/failed-tasks/{failure.pk}/").json()["traceback"] == failure.traceback
    assert admin.post("/api/v1/failed-tasks/", {}, format="json").status_code == 405  # read-only
    for person in (AgentFactory(serves=[org]), ClientManagerFactory(organisation=org)):
        assert api_as(person).get("/api/v1/failed-tasks/").json()["results"] == []
        assert api_as(person).get(f"/api/v1/failed-tasks/{failure.pk}/").status_code == 404


def test_the_admin_site_lists_failed_tasks(client, immediate):
    always_fails("disk full")
    client.force_login(AdminFactory())
    page = client.get("/admin/jobs/failedtask/")
    assert page.status_code == 200 and "RuntimeError: disk full" in page.content.decode()
    failure = FailedTask.objects.get()
    assert client.get(f"/admin/jobs/failedtask/{failure.pk}/change/").status_code == 200
