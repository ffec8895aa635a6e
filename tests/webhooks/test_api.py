"""/api/v1/webhooks/ and /api/v1/webhook-deliveries/: admins only; nobody else learns anything."""

import time

import pytest
from rest_framework.test import APIClient

from moked import signing
from moked.webhooks import services
from moked.webhooks.models import Webhook, WebhookDelivery
from tests.factories import (
    AgentFactory,
    ClientManagerFactory,
    PersonFactory,
    TeamLeadFactory,
    make_ticket,
)

from .conftest import queued_deliveries

pytestmark = pytest.mark.django_db

WEBHOOKS = "/api/v1/webhooks/"
DELIVERIES = "/api/v1/webhook-deliveries/"


def test_an_admin_creates_a_webhook_and_sees_its_secret_once(api_as, admin, org):
    client = api_as(admin)
    created = client.post(
        WEBHOOKS,
        {"organisation": "ACME", "name": "CRM", "url": "https://crm.acme.example/h", "events": ["created"]},
        format="json",
    )
    assert created.status_code == 201, created.json()
    answer = created.json()
    hook = Webhook.objects.get()
    assert answer["secret"] == hook.secret and len(hook.secret) >= 43  # token_urlsafe(32)
    assert answer["organisation"] == "ACME" and answer["events"] == ["created"] and answer["is_active"]
    assert "secret" not in client.get(f"{WEBHOOKS}{hook.pk}/").json()
    assert "secret" not in client.get(WEBHOOKS).json()["results"][0]
    changed = client.patch(f"{WEBHOOKS}{hook.pk}/", {"is_active": False}, format="json")
    assert changed.status_code == 200 and "secret" not in changed.json()
    assert Webhook.objects.get().secret == hook.secret


def test_a_secret_given_is_the_one_that_signs(api_as, admin, receiver):
    secret = "a-shared-secret-of-ours"
    created = (
        api_as(admin)
        .post(WEBHOOKS, {"name": "CRM", "url": receiver.url, "secret": secret}, format="json")
        .json()
    )
    delivery = services.ping(admin, Webhook.objects.get(pk=created["id"]))
    services.deliver(delivery.pk)
    request = receiver.requests[0]
    timestamp = int(request["headers"]["X-Moked-Timestamp"])
    assert signing.verify(
        secret, timestamp, request["body"], request["headers"]["X-Moked-Signature"], now=int(time.time())
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x", "url": "ftp://files.example/h"}, "url"),
        ({"name": "x", "url": "not a url"}, "url"),
        ({"name": "x", "url": "https://x.example/h", "events": ["nope"]}, "events"),
        ({"name": "x", "url": "https://x.example/h", "events": "created"}, "events"),
        ({"name": "x", "url": "https://x.example/h", "secret": "short"}, "secret"),
        ({"name": "x", "url": "https://x.example/h", "organisation": "NOPE"}, "organisation"),
        ({"url": "https://x.example/h"}, "name"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(api_as, admin, org, body, field):
    client = api_as(admin)
    hook = services.create_webhook(admin, name="Kept", url="https://kept.example/h", events=["created"])
    refused = client.post(WEBHOOKS, body, format="json")
    assert refused.status_code == 400
    error = refused.json()
    assert error["code"] and error["message"] and field in error["errors"], error
    assert Webhook.objects.count() == 1
    if field != "name":
        changes = {key: value for key, value in body.items() if key != "name"}
        assert client.patch(f"{WEBHOOKS}{hook.pk}/", changes, format="json").status_code == 400
    hook.refresh_from_db()
    assert (hook.url, hook.events, hook.organisation) == ("https://kept.example/h", ["created"], None)


def test_an_admin_pings_lists_filters_and_redelivers(api_as, admin, org, receiver, queue):
    client = api_as(admin)
    hook = services.create_webhook(admin, organisation=org, name="CRM", url=receiver.url, events=["created"])
    other = services.create_webhook(admin, name="Other", url=receiver.url)
    ticket = make_ticket(PersonFactory(organisation=org))

    pinged = client.post(f"{WEBHOOKS}{hook.pk}/test/")
    assert pinged.status_code == 202
    ping = pinged.json()
    assert (ping["event"], ping["status"], ping["webhook"], ping["ticket"]) == (
        "ping",
        "pending",
        hook.pk,
        None,
    )
    assert services.deliver(ping["id"]) == "delivered"
    assert receiver.requests[-1]["json"]["data"] == {"webhook": "CRM"}
    services.queue_delivery(other, event="rule", payload={})

    listed = client.get(DELIVERIES).json()["results"]
    assert [d["event"] for d in listed] == ["rule", "ping", "ticket.created"]
    by_hook = client.get(DELIVERIES, {"webhook": hook.pk}).json()["results"]
    assert [d["event"] for d in by_hook] == ["ping", "ticket.created"]
    delivered = client.get(DELIVERIES, {"status": "delivered"}).json()["results"]
    assert [d["id"] for d in delivered] == [ping["id"]]
    assert delivered[0]["response_status"] == 200 and delivered[0]["attempts"] == 1
    of_ticket = client.get(DELIVERIES, {"ticket": ticket.reference}).json()["results"]
    assert [d["event"] for d in of_ticket] == ["ticket.created"] and of_ticket[0][
        "ticket"
    ] == ticket.reference
    assert client.get(DELIVERIES, {"ticket": "not-a-reference"}).json()["results"] == []
    assert client.get(DELIVERIES, {"status": "lost"}).status_code == 400
    assert client.get(DELIVERIES, {"webhook": "x"}).status_code == 400

    first = WebhookDelivery.objects.get(event="ticket.created")
    again = client.post(f"{DELIVERIES}{first.pk}/redeliver/")
    assert again.status_code == 202
    copy = WebhookDelivery.objects.get(pk=again.json()["id"])
    assert copy.pk != first.pk and copy.status == "pending" and copy.ticket == ticket
    assert copy.payload == {**first.payload, "delivery": copy.pk, "redelivery_of": first.pk}
    queued_deliveries(queue)
    services.deliver(copy.pk)
    assert receiver.requests[-1]["headers"]["X-Moked-Delivery"] == str(copy.pk)

    assert client.delete(f"{WEBHOOKS}{other.pk}/").status_code == 204
    assert not WebhookDelivery.objects.filter(webhook_id=other.pk).exists()


@pytest.mark.parametrize("role", ["agent", "team_lead", "client_manager", "end_user"])
def test_nobody_but_admins_sees_or_touches_webhooks(api_as, admin, org, role):
    person = {
        "agent": lambda: AgentFactory(serves=[org]),
        "team_lead": lambda: TeamLeadFactory(serves=[org]),
        "client_manager": lambda: ClientManagerFactory(organisation=org),
        "end_user": lambda: PersonFactory(organisation=org),
    }[role]()
    hook = services.create_webhook(
        admin, organisation=org, name="CRM", url="https://x.example/h", events=["created"]
    )
    make_ticket(PersonFactory(organisation=org))
    delivery = WebhookDelivery.objects.get()
    client = api_as(person)

    assert client.get(WEBHOOKS).json()["results"] == []
    assert client.get(f"{WEBHOOKS}{hook.pk}/").status_code == 404
    assert client.patch(f"{WEBHOOKS}{hook.pk}/", {"name": "Mine"}, format="json").status_code == 404
    assert client.delete(f"{WEBHOOKS}{hook.pk}/").status_code == 404
    assert client.post(f"{WEBHOOKS}{hook.pk}/test/").status_code == 404
    created = client.post(WEBHOOKS, {"name": "Mine", "url": "https://mine.example/h"}, format="json")
    assert created.status_code == 403 and created.json()["code"]
    assert client.get(DELIVERIES).json()["results"] == []
    assert client.get(DELIVERIES, {"webhook": hook.pk}).json()["results"] == []
    assert client.get(f"{DELIVERIES}{delivery.pk}/").status_code == 404
    assert client.post(f"{DELIVERIES}{delivery.pk}/redeliver/").status_code == 404
    # What is missing reads exactly like what is hidden.
    assert client.get(f"{WEBHOOKS}{hook.pk + 1000}/").json() == client.get(f"{WEBHOOKS}{hook.pk}/").json()
    hook.refresh_from_db()
    assert hook.name == "CRM" and Webhook.objects.count() == 1 and WebhookDelivery.objects.count() == 1


def test_strangers_are_asked_to_sign_in():
    for url in (WEBHOOKS, DELIVERIES):
        assert APIClient().get(url).status_code == 401
