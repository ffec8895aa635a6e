"""Two `moked worker` processes on PostgreSQL and Redis share the queue and the periodic jobs,
and never do a job twice: each webhook delivery reaches the receiver exactly once."""

import os
import re
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from huey.contrib.djhuey import HUEY
from huey.storage import MemoryStorage, RedisStorage

from moked.webhooks import services
from moked.webhooks.models import WebhookDelivery
from moked.webhooks.tasks import deliver_webhook
from tests.factories import AdminFactory

pytestmark = pytest.mark.slow

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
ROOT = Path(__file__).parents[2]
LOST, QUEUED = 40, 60  # deliveries whose queue entry was lost (the sweep sends them), and queued ones
DELIVERED = re.compile(r"Webhook delivery (\d+) \(\S+\) attempt \d+: delivered")


@pytest.fixture
def redis_url():
    """A Redis database of its own (1 to 15, reserved in database 0 against parallel runs), emptied."""
    redis = pytest.importorskip("redis")
    first = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, socket_connect_timeout=2)
    try:
        first.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    for number in range(1, 16):
        reservation = f"moked:tests:redis-db:{number}"
        if first.set(reservation, os.getpid(), nx=True, ex=900):
            break
    else:
        pytest.skip("every Redis database is taken by other test runs")
    own = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=number)
    own.flushdb()
    yield f"redis://{REDIS_HOST}:{REDIS_PORT}/{number}"
    own.flushdb()
    first.delete(reservation)


@pytest.fixture
def queue_on(redis_url):
    """This process enqueues into that Redis, as the web server would."""
    before = HUEY._immediate, HUEY.storage
    HUEY._immediate = False
    HUEY.storage = RedisStorage(HUEY.name, url=redis_url)
    yield HUEY
    HUEY._immediate, HUEY.storage = before


def _environment(tmp_path, redis_url) -> dict:
    database = connection.settings_dict
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{credentials}@{host}:{port}/{database['NAME']}",
        "REDIS_URL": redis_url,
        "MOKED_DATA_DIR": str(tmp_path),
        "HUEY_IMMEDIATE": "false",
        "LOG_LEVEL": "INFO",
        "MOKED_ALLOWED_PRIVATE_NETWORKS": "127.0.0.0/8",  # the webhook receiver is on loopback
        # one installation: the workers read the secrets this process encrypted
        "SECRET_KEY": settings.SECRET_KEY,
        "MOKED_ENCRYPTION_KEYS": ",".join(settings.MOKED_ENCRYPTION_KEYS),
    }


def _wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds} s for {what}")
        time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_two_workers_do_each_job_exactly_once(tmp_path, redis_url, queue_on, receiver):
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL leg runs this (several workers need a database server)")
    receiver.delay = 0.02  # each delivery takes a moment, so both workers get some
    hook = services.create_webhook(AdminFactory(), name="Counter", url=receiver.url)

    # Deliveries whose queue entry was lost (queued into a queue that is gone) and are overdue:
    # only the periodic sweep, which both workers schedule, can send them.
    HUEY.storage, redis_storage = MemoryStorage(HUEY.name), HUEY.storage
    lost = [services.queue_delivery(hook, event="rule", payload={"n": n}).pk for n in range(LOST)]
    HUEY.storage = redis_storage
    WebhookDelivery.objects.filter(pk__in=lost).update(next_attempt_at=timezone.now() - timedelta(minutes=5))

    env = _environment(tmp_path, redis_url)
    logs = [tmp_path / f"worker-{n}.log" for n in (1, 2)]
    workers = []
    for log in logs:
        with log.open("w") as output:
            workers.append(
                subprocess.Popen(
                    [sys.executable, "-m", "moked.manage", "worker", "--workers", "2"],
                    env=env,
                    cwd=ROOT,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            )
    try:
        _wait_for(
            lambda: all("Huey consumer started" in log.read_text() for log in logs),
            60,
            "both workers to start",
        )
        # Queued as the web server queues them (on commit), and each queued a second time, as
        # a task retried after a lost answer would be.
        queued = [services.queue_delivery(hook, event="rule", payload={"n": n}).pk for n in range(QUEUED)]
        for pk in queued:
            deliver_webhook(pk)
        _wait_for(
            lambda: WebhookDelivery.objects.filter(status="delivered").count() == LOST + QUEUED,
            90,
            "every delivery to be delivered",
        )
        time.sleep(1)  # anything sent twice would arrive now
        assert all(worker.poll() is None for worker in workers), "a worker died"
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)

    received = Counter(int(request["headers"]["X-Moked-Delivery"]) for request in receiver.requests)
    assert sorted(received) == sorted(lost + queued)
    assert set(received.values()) == {1}, [pk for pk, times in received.items() if times > 1]
    assert set(WebhookDelivery.objects.values_list("status", "attempts")) == {("delivered", 1)}

    texts = [log.read_text() for log in logs]
    done_by = [{int(pk) for pk in DELIVERED.findall(text)} for text in texts]
    assert done_by[0] and done_by[1], "both workers delivered some"
    assert not done_by[0] & done_by[1] and done_by[0] | done_by[1] == set(lost + queued)
    # Both schedulers queued the periodic sweep; the lock and the claims kept it from doing anything twice.
    assert all("send_due_webhooks" in text for text in texts)
