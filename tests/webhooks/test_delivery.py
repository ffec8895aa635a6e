"""Sending a webhook: signed JSON to a real HTTP server, retries with back-off, a delivery log,
and never the same attempt twice."""

import json
import textwrap
import threading
import time
from datetime import UTC, timedelta
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from moked import signing
from moked.webhooks import services
from moked.webhooks.models import WebhookDelivery
from tests.factories import PersonFactory, make_ticket

from .conftest import queued_deliveries

pytestmark = pytest.mark.django_db


@pytest.fixture
def hook(admin, receiver):
    return services.create_webhook(admin, name="CRM", url=receiver.url)


def test_a_delivery_is_posted_as_signed_json_with_its_headers(hook, receiver, org):
    ticket = make_ticket(PersonFactory(organisation=org, email="dana@acme.example"), subject="VPN down")
    delivery = services.queue_delivery(hook, event="rule", ticket=ticket, payload={"rule": "Page on P1"})
    assert receiver.requests == []  # recorded, not sent

    before = int(time.time())
    assert services.deliver(delivery.pk) == "delivered"

    (request,) = receiver.requests
    headers = request["headers"]
    assert request["path"] == "/hooks/moked"
    assert headers["Content-Type"] == "application/json"
    assert headers["User-Agent"] == "Moked-Webhooks"
    assert headers["X-Moked-Event"] == "rule"
    assert headers["X-Moked-Delivery"] == str(delivery.pk)
    timestamp = int(headers["X-Moked-Timestamp"])
    assert before <= timestamp <= time.time()
    assert headers["X-Moked-Signature"] == signing.sign(hook.secret, timestamp, request["body"])
    assert signing.verify(
        hook.secret, timestamp, request["body"], headers["X-Moked-Signature"], now=int(time.time())
    )
    body = request["json"]
    assert body == WebhookDelivery.objects.get().payload
    assert (
        body["event"] == "rule" and body["delivery"] == delivery.pk and body["data"] == {"rule": "Page on P1"}
    )
    assert body["ticket"] == {
        "reference": ticket.reference,
        "organisation": "ACME",
        "subject": "VPN down",
        "type": ticket.ticket_type,
        "status": ticket.status,
        "priority": ticket.priority,
        "group": None,
        "assignee": None,
        "requester": "dana@acme.example",
        "url": f"/api/v1/tickets/{ticket.reference}/",
    }
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("delivered", 1, 200)
    assert (delivery.response_body, delivery.last_error) == ("thanks", "")
    assert delivery.delivered_at is not None and delivery.delivered_at.tzinfo is not None


def test_the_worker_is_asked_only_once_the_transaction_commits(
    hook, queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        delivery = services.queue_delivery(hook, event="rule", payload={})
        assert queued_deliveries(queue) == []  # nothing before the commit
    assert len(callbacks) == 1
    assert queued_deliveries(queue) == [delivery.pk]


def test_failures_are_retried_with_exponential_back_off_then_given_up(hook, receiver, queue):
    receiver.status = 503
    delivery = services.queue_delivery(hook, event="rule", payload={"x": 1})
    start = (timezone.now() + timedelta(seconds=1)).replace(microsecond=0)
    at, expected_waits = start, [1, 2, 4, 8, 16]  # minutes, after attempts 1 to 5 of 6
    for attempt, wait in enumerate(expected_waits, start=1):
        with time_machine.travel(at, tick=False):
            assert services.deliver(delivery.pk) == "pending"
        delivery.refresh_from_db()
        assert delivery.attempts == attempt and len(receiver.requests) == attempt
        assert delivery.next_attempt_at == at + timedelta(minutes=wait)
        assert (delivery.response_status, delivery.response_body) == (503, "not now")
        assert delivery.last_error == "HTTP 503 Service Unavailable"
        with time_machine.travel(delivery.next_attempt_at - timedelta(seconds=1), tick=False):
            assert services.deliver(delivery.pk) == "pending"  # not due yet: not sent
        assert len(receiver.requests) == attempt
        at = delivery.next_attempt_at
    # Each retry was handed to the worker's queue, for its time.
    etas = sorted(task.eta.replace(tzinfo=UTC) for task in queue.pending())
    assert etas == [start + timedelta(minutes=sum(expected_waits[:n])) for n in range(1, 6)]

    with time_machine.travel(at, tick=False):
        assert services.deliver(delivery.pk) == "failed"  # the sixth attempt was the last
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, len(receiver.requests)) == ("failed", 6, 6)
    assert len(queue.pending()) == 5  # nothing more is scheduled
    with time_machine.travel(at + timedelta(days=1), tick=False):
        assert services.deliver(delivery.pk) == "failed"
        assert services.send_due() == 0
    assert len(receiver.requests) == 6


def test_the_number_of_attempts_is_a_setting(hook, receiver, settings):
    settings.MOKED_WEBHOOK_ATTEMPTS = 2
    receiver.status = 500
    delivery = services.queue_delivery(hook, event="rule", payload={})
    assert services.deliver(delivery.pk) == "pending"
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        assert services.deliver(delivery.pk) == "failed"
    assert len(receiver.requests) == 2


def test_a_receiver_that_mends_gets_the_message(hook, receiver):
    receiver.status = 502
    delivery = services.queue_delivery(hook, event="rule", payload={})
    assert services.deliver(delivery.pk) == "pending"
    receiver.status = 204
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        assert services.deliver(delivery.pk) == "delivered"
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.response_status, delivery.last_error) == (2, 204, "")


def test_a_refused_connection_is_an_error_to_retry_not_a_crash(hook, receiver):
    receiver.close()
    delivery = services.queue_delivery(hook, event="rule", payload={})
    assert services.deliver(delivery.pk) == "pending"
    delivery.refresh_from_db()
    assert "Connection refused" in delivery.last_error
    assert delivery.response_status is None and delivery.attempts == 1


def test_a_receiver_that_does_not_answer_in_time_is_an_error(hook, receiver, monkeypatch):
    monkeypatch.setattr(services, "TIMEOUT_SECONDS", 0.3)
    receiver.delay = 2
    delivery = services.queue_delivery(hook, event="rule", payload={})
    assert services.deliver(delivery.pk) == "pending"
    delivery.refresh_from_db()
    assert "timed out" in delivery.last_error


def test_a_redirect_is_not_followed(hook, receiver):
    receiver.status = 302
    receiver.headers = {"Location": receiver.url + "/elsewhere"}
    delivery = services.queue_delivery(hook, event="rule", payload={})
    assert services.deliver(delivery.pk) == "pending"
    assert [request["path"] for request in receiver.requests] == ["/hooks/moked"]
    delivery.refresh_from_db()
    assert delivery.response_status == 302


def test_a_delivery_is_sent_once_even_when_asked_twice(hook, receiver):
    delivery = services.queue_delivery(hook, event="rule", payload={})
    assert services.deliver(delivery.pk) == "delivered"
    assert services.deliver(delivery.pk) == "delivered"
    assert len(receiver.requests) == 1


def test_a_switched_off_webhook_sends_nothing(admin, hook, receiver):
    delivery = services.queue_delivery(hook, event="rule", payload={})
    services.update_webhook(admin, hook, {"is_active": False})
    assert services.deliver(delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert delivery.last_error == "The webhook is switched off." and receiver.requests == []


def test_a_deleted_webhook_leaves_nothing_to_send(admin, hook, receiver):
    delivery = services.queue_delivery(hook, event="rule", payload={})
    services.delete_webhook(admin, hook)
    assert services.deliver(delivery.pk) == services.GONE
    assert receiver.requests == []


def test_the_sweep_sends_what_its_task_did_not_and_releases_dead_attempts(hook, receiver):
    now = timezone.now()
    lost = services.queue_delivery(hook, event="rule", payload={})  # its queue entry was lost
    stuck = services.queue_delivery(hook, event="rule", payload={})  # its worker died sending it
    WebhookDelivery.objects.filter(pk=stuck.pk).update(
        status="sending", attempts=1, next_attempt_at=now - timedelta(minutes=11)
    )
    later = services.queue_delivery(hook, event="rule", payload={})
    WebhookDelivery.objects.filter(pk=later.pk).update(next_attempt_at=now + timedelta(hours=1))
    sending = services.queue_delivery(hook, event="rule", payload={})  # another worker sends it now
    WebhookDelivery.objects.filter(pk=sending.pk).update(status="sending", next_attempt_at=now)

    assert services.send_due(now=now) == 1  # the lost one is left a minute to its own task
    with time_machine.travel(now + timedelta(minutes=2)):
        assert services.send_due() == 1
    sent = sorted(int(request["headers"]["X-Moked-Delivery"]) for request in receiver.requests)
    assert sent == sorted([lost.pk, stuck.pk])
    statuses = dict(WebhookDelivery.objects.values_list("pk", "status"))
    assert statuses == {
        lost.pk: "delivered",
        stuck.pk: "delivered",
        later.pk: "pending",
        sending.pk: "sending",
    }
    assert WebhookDelivery.objects.get(pk=stuck.pk).attempts == 2


@pytest.mark.django_db(transaction=True)
def test_workers_racing_for_the_same_deliveries_send_each_once(admin, receiver):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent claims need a database server (the PostgreSQL leg runs this)")
    receiver.delay = 0.02
    hook = services.create_webhook(admin, name="Race", url=receiver.url)
    pks = [services.queue_delivery(hook, event="rule", payload={"n": n}).pk for n in range(20)]
    results: list[str] = []

    def worker():
        try:
            for pk in pks:
                results.append(services.deliver(pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    sent = [int(request["headers"]["X-Moked-Delivery"]) for request in receiver.requests]
    assert sorted(sent) == pks
    assert len(results) == 6 * 20 and set(results) <= {"delivered", "sending"}
    assert set(WebhookDelivery.objects.values_list("status", "attempts")) == {("delivered", 1)}


def test_the_body_sent_is_exactly_the_logged_payload(hook, receiver):
    delivery = services.queue_delivery(hook, event="rule", payload={"note": "שלום", "n": [1, 2]})
    services.deliver(delivery.pk)
    body = receiver.requests[0]["body"]
    assert json.loads(body.decode("utf-8")) == WebhookDelivery.objects.get().payload
    assert "שלום".encode() in body  # UTF-8, not \\u escapes


def test_the_check_in_the_docs_accepts_a_delivery_and_refuses_a_forgery(hook, receiver):
    page = (Path(__file__).parents[2] / "docs" / "concepts" / "webhooks.md").read_text()
    snippet = page.split("To check it:", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec(textwrap.dedent(snippet), namespace)  # noqa: S102 (our own documentation)
    from_moked = namespace["from_moked"]
    services.deliver(services.queue_delivery(hook, event="rule", payload={}).pk)
    request = receiver.requests[0]
    assert from_moked(hook.secret, request["headers"], request["body"])
    assert not from_moked(hook.secret, request["headers"], request["body"].replace(b"rule", b"rulf"))
    assert not from_moked("another secret", request["headers"], request["body"])
