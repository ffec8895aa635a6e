"""Two worker processes on PostgreSQL and Redis share the queue and never do a job twice."""

import os
import random
import subprocess
import sys
import time
from collections import Counter

import pytest
from django.db import connection

from moked.webhooks import services
from moked.webhooks.models import WebhookDelivery
from tests.factories import AdminFactory

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
JOBS = 100


def _redis():
    redis = pytest.importorskip("redis")
    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=random.randint(1, 15), socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    return client


@pytest.fixture
def redis_db():
    client = _redis()
    client.flushdb()
    yield client.connection_pool.connection_kwargs["db"]
    client.flushdb()


def _environment(tmp_path, redis_db) -> dict:
    database = connection.settings_dict
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    url = f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}"
    return {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{redis_db}",
        "MOKED_DATA_DIR": str(tmp_path),
        "HUEY_IMMEDIATE": "false",
    }


@pytest.mark.django_db(transaction=True)
def test_two_workers_deliver_each_job_exactly_once(tmp_path, redis_db, receiver):
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL leg runs this (several workers need a server database)")
    hook = services.create_webhook(AdminFactory(), name="Counter", url=receiver.url)
    pks = [services.queue_delivery(hook, event="rule", payload={"n": n}).pk for n in range(JOBS)]
    env = _environment(tmp_path, redis_db)
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "moked.manage", "worker", "--workers", "2"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(2)
    ]
    try:
        # Every job is queued twice, as a redelivery racing the first would be.
        enqueue = (
            f"from moked.webhooks.tasks import deliver_webhook\nfor pk in {pks!r} * 2: deliver_webhook(pk)"
        )
        subprocess.run(
            [sys.executable, "-m", "moked.manage", "shell", "-v0", "-c", enqueue], env=env, check=True
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if WebhookDelivery.objects.filter(status="delivered").count() == JOBS:
                break
            time.sleep(0.5)
        assert all(worker.poll() is None for worker in workers), "a worker died"
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
    received = Counter(int(request["headers"]["X-Moked-Delivery"]) for request in receiver.requests)
    assert sorted(received) == sorted(pks)
    assert set(received.values()) == {1}
    assert set(WebhookDelivery.objects.values_list("attempts", flat=True)) == {1}
