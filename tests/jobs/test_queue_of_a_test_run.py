"""A test run never queues into the checkout's queue (the demo worker's), so the demo's worker
cannot send mail that tests queued."""

from pathlib import Path

import pytest
from django.conf import settings
from huey.contrib.djhuey import HUEY


def test_a_test_run_has_a_queue_of_its_own():
    if "filename" not in HUEY.storage_kwargs:
        pytest.skip("the queue is on Redis here; its name is checked below")
    queue = Path(HUEY.storage_kwargs["filename"]).resolve()
    assert not queue.is_relative_to(settings.DATA_DIR)
    assert not queue.is_relative_to(Path(__file__).resolve().parents[2])


def test_a_redis_queue_of_a_test_run_has_a_name_of_its_own():
    if "filename" in HUEY.storage_kwargs:
        pytest.skip("the queue is a SQLite file here")
    assert HUEY.name.startswith("moked-test-")
