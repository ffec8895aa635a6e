"""Webhooks: signed JSON to a real HTTP server, retries with back-off, a delivery log, and only
what an organisation's webhook may know."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from moked.automation import services as automation
from moked.tickets import services as tickets
from moked.webhooks import services, signing
from moked.webhooks.models import WebhookDelivery
from tests.factories import AdminFactory, AgentFactory, OrganisationFactory, PersonFactory, make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return AdminFactory()


@pytest.fixture
def org(db):
    return OrganisationFactory(code="ACME", domains=["acme.example"])


def test_the_signature_is_hmac_sha256_of_timestamp_and_body():
    # A known vector: HMAC-SHA256(key="secret", "1700000000.{}")
    assert signing.sign("secret", 1_700_000_000, b"{}") == (
        "sha256=" + __import__("hmac").new(b"secret", b"1700000000.{}", "sha256").hexdigest()
    )
    signature = signing.sign("secret", 100, b"body")
    assert signing.verify("secret", 100, b"body", signature, now=150)
    assert not signing.verify("secret", 100, b"body!", signature, now=150)
    assert not signing.verify("other", 100, b"body", signature, now=150)
    assert not signing.verify("secret", 100, b"body", signature, now=100 + 301)  # replayed later


def test_subscribed_events_are_delivered_signed(admin, org, receiver, django_capture_on_commit_callbacks):
    hook = services.create_webhook(admin, organisation=org, name="CRM", url=receiver.url, events=["created"])
    with django_capture_on_commit_callbacks(execute=False):
        ticket = make_ticket(PersonFactory(organisation=org), subject="VPN down")
    delivery = WebhookDelivery.objects.get()
    assert services.deliver(delivery.pk) == "delivered"
    (request,) = receiver.requests
    headers = request["headers"]
    assert headers["X-Moked-Event"] == "ticket.created" and headers["X-Moked-Delivery"] == str(delivery.pk)
    timestamp = int(headers["X-Moked-Timestamp"])
    assert signing.verify(
        hook.secret, timestamp, request["body"], headers["X-Moked-Signature"], now=int(time.time())
    )
    assert request["json"]["ticket"]["reference"] == ticket.reference
    assert request["json"]["ticket"]["organisation"] == "ACME"
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.response_status, delivery.response_body) == (1, 200, "thanks")


def test_failures_are_retried_with_back_off_then_given_up(admin, org, receiver, settings):
    settings.MOKED_WEBHOOK_ATTEMPTS = 3
    receiver.status = 503
    hook = services.create_webhook(admin, name="Flaky", url=receiver.url)
    delivery = services.queue_delivery(hook, event="rule", payload={"x": 1})
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert services.deliver(delivery.pk) == "pending"
    delivery.refresh_from_db()
    assert delivery.next_attempt_at == start + timedelta(minutes=1)
    assert delivery.last_error == "HTTP 503 Service Unavailable" and delivery.response_body == "not now"
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        assert services.deliver(delivery.pk) == "pending"  # not due yet: not sent
    assert len(receiver.requests) == 1
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        assert services.deliver(delivery.pk) == "pending"
    delivery.refresh_from_db()
    assert delivery.next_attempt_at == start + timedelta(minutes=1) + timedelta(minutes=2)
    with time_machine.travel(start + timedelta(minutes=3), tick=False):
        assert services.deliver(delivery.pk) == "failed"
    assert len(receiver.requests) == 3


def test_an_unreachable_receiver_is_an_error_not_a_crash(admin, receiver):
    hook = services.create_webhook(admin, name="Gone", url=receiver.url)
    receiver.close()
    delivery = services.queue_delivery(hook, event="rule", payload={})
    assert services.deliver(delivery.pk) == "pending"
    delivery.refresh_from_db()
    assert "Connection refused" in delivery.last_error or "URLError" in delivery.last_error


def test_the_sweep_sends_what_is_due_and_releases_stuck_attempts(admin, receiver):
    hook = services.create_webhook(admin, name="CRM", url=receiver.url)
    lost = services.queue_delivery(hook, event="rule", payload={})
    stuck = services.queue_delivery(hook, event="rule", payload={})
    WebhookDelivery.objects.filter(pk=stuck.pk).update(
        status="sending", next_attempt_at=timezone.now() - timedelta(hours=1)
    )
    assert services.send_due() == 2
    assert sorted(int(r["headers"]["X-Moked-Delivery"]) for r in receiver.requests) == [lost.pk, stuck.pk]


def test_a_delivery_is_sent_once_even_when_asked_twice(admin, receiver):
    hook = services.create_webhook(admin, name="CRM", url=receiver.url)
    delivery = services.queue_delivery(hook, event="rule", payload={})
    assert services.deliver(delivery.pk) == "delivered"
    assert services.deliver(delivery.pk) == "delivered"
    assert len(receiver.requests) == 1


def test_a_rule_calls_a_webhook_without_waiting_for_it(
    admin, org, receiver, django_capture_on_commit_callbacks
):
    hook = services.create_webhook(admin, name="Pager", url=receiver.url)
    automation.create_rule(
        admin,
        name="Page on P1",
        trigger="ticket_updated",
        conditions={"all": [{"field": "priority", "operator": "changed_to", "value": 1}]},
        actions=[{"type": "call_webhook", "webhook": hook.pk}],
    )
    ticket = make_ticket(PersonFactory(organisation=org))
    with django_capture_on_commit_callbacks(execute=False):
        tickets.update_ticket(AgentFactory(serves=[org]), ticket, {"priority": 1})
    assert receiver.requests == []  # nothing is sent inside the request
    delivery = WebhookDelivery.objects.get()
    assert delivery.payload["data"] == {"rule": "Page on P1"} and delivery.ticket == ticket
    services.deliver(delivery.pk)
    assert receiver.requests[0]["json"]["ticket"]["priority"] == 1


def test_an_organisations_webhook_hears_only_of_its_tickets(admin, org):
    services.create_webhook(
        admin, organisation=org, name="Acme CRM", url="https://crm.acme.example/h", events=["created"]
    )
    make_ticket(PersonFactory(organisation=OrganisationFactory()))
    assert not WebhookDelivery.objects.exists()
    make_ticket(PersonFactory(organisation=org))
    assert WebhookDelivery.objects.count() == 1


def test_internal_notes_never_leave(admin, org):
    services.create_webhook(
        admin, name="All", url="https://x.example/h", events=["note_added", "reply_added"]
    )
    agent = AgentFactory(serves=[org])
    ticket = make_ticket(PersonFactory(organisation=org))
    tickets.add_comment(agent, ticket, "secret vendor case", public=False)
    tickets.add_comment(agent, ticket, "Please restart.")
    note, reply = WebhookDelivery.objects.order_by("id")
    assert "comment" not in note.payload["data"] and reply.payload["data"]["comment"] == "Please restart."


def test_only_admins_see_and_write_webhooks(api_as, admin, org):
    client = api_as(admin)
    created = client.post(
        "/api/v1/webhooks/",
        {"name": "CRM", "url": "https://crm.example/h", "events": ["created"]},
        format="json",
    )
    assert created.status_code == 201 and len(created.json()["secret"]) >= 32
    hook_id = created.json()["id"]
    assert "secret" not in client.get(f"/api/v1/webhooks/{hook_id}/").json()
    assert client.post("/api/v1/webhooks/", {"name": "x", "url": "ftp://x"}, format="json").status_code == 400
    assert (
        client.post(
            "/api/v1/webhooks/", {"name": "x", "url": "https://x", "events": ["nope"]}, format="json"
        ).status_code
        == 400
    )
    assert client.post(f"/api/v1/webhooks/{hook_id}/test/").status_code == 202
    deliveries = client.get("/api/v1/webhook-deliveries/").json()["results"]
    assert [d["event"] for d in deliveries] == ["ping"]
    assert client.post(f"/api/v1/webhook-deliveries/{deliveries[0]['id']}/redeliver/").status_code == 202
    agent = AgentFactory(serves=[org])
    assert api_as(agent).get("/api/v1/webhooks/").json()["results"] == []
    assert api_as(agent).get(f"/api/v1/webhooks/{hook_id}/").status_code == 404
    assert api_as(agent).get("/api/v1/webhook-deliveries/").json()["results"] == []
