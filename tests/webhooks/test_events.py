"""Ticket events reach the webhooks that subscribe to them, of the ticket's organisation or
provider-wide, without the change that caused them waiting for the other system."""

import pytest

from moked.automation import services as automation
from moked.tickets import services as tickets
from moked.webhooks import services
from moked.webhooks.models import WebhookDelivery
from tests.factories import AgentFactory, OrganisationFactory, PersonFactory, make_ticket

from .conftest import queued_deliveries

pytestmark = pytest.mark.django_db


def hooks_told() -> list[tuple[str, str]]:
    return sorted(WebhookDelivery.objects.values_list("webhook__name", "event"))


def test_subscribed_webhooks_of_the_organisation_and_provider_wide_are_told(admin, org):
    other = OrganisationFactory(code="OTHER")
    create = services.create_webhook
    create(admin, organisation=org, name="Acme created", url="https://a.example/h", events=["created"])
    create(admin, organisation=org, name="Acme rules only", url="https://a.example/r", events=[])
    create(admin, organisation=other, name="Other created", url="https://o.example/h", events=["created"])
    create(admin, name="Provider changes", url="https://p.example/h", events=["field_changed"])
    off = create(admin, organisation=org, name="Acme off", url="https://a.example/o", events=["created"])
    services.update_webhook(admin, off, {"is_active": False})

    ticket = make_ticket(PersonFactory(organisation=org))
    assert hooks_told() == [("Acme created", "ticket.created")]

    tickets.update_ticket(AgentFactory(serves=[org]), ticket, {"urgency": 1})
    told = WebhookDelivery.objects.filter(webhook__name="Provider changes")
    assert told.exists()
    assert {(d.payload["data"]["field"], d.ticket_id) for d in told} >= {("urgency", ticket.pk)}

    make_ticket(PersonFactory(organisation=other))
    assert ("Other created", "ticket.created") in hooks_told()
    assert [name for name, _ in hooks_told()].count("Acme created") == 1


def test_the_body_of_an_event_is_the_documented_one(admin, org):
    services.create_webhook(admin, name="All", url="https://x.example/h", events=["status_changed"])
    agent = AgentFactory(serves=[org], email="avi@provider.example")
    ticket = make_ticket(PersonFactory(organisation=org))
    tickets.update_ticket(agent, ticket, {"assignee": agent})
    delivery = WebhookDelivery.objects.get()
    body = delivery.payload
    assert set(body) == {"event", "delivery", "occurred_at", "ticket", "data"}
    assert body["event"] == "ticket.status_changed" and body["delivery"] == delivery.pk
    assert (
        body["ticket"]["reference"] == ticket.reference
        and body["ticket"]["assignee"] == "avi@provider.example"
    )
    assert body["data"] == {
        "kind": "status_changed",
        "at": body["data"]["at"],
        "actor": "avi@provider.example",
        "channel": "api",
        "field": "status",
        "old": "new",
        "new": "assigned",
        "old_label": None,
        "new_label": None,
        "public": True,
    }


def test_internal_notes_never_leave(admin, org):
    services.create_webhook(
        admin, name="All", url="https://x.example/h", events=["note_added", "reply_added"]
    )
    agent = AgentFactory(serves=[org])
    ticket = make_ticket(PersonFactory(organisation=org))
    tickets.add_comment(agent, ticket, "secret vendor case", public=False)
    tickets.add_comment(agent, ticket, "Please restart.")
    note, reply = WebhookDelivery.objects.order_by("id")
    assert note.event == "ticket.note_added" and "comment" not in note.payload["data"]
    assert "secret vendor case" not in str(note.payload)
    assert reply.payload["data"]["comment"] == "Please restart."


def test_the_request_that_changes_a_ticket_does_not_wait_for_the_webhook(
    admin, org, agent, api_as, receiver, queue, django_capture_on_commit_callbacks
):
    services.create_webhook(admin, organisation=org, name="CRM", url=receiver.url, events=["created"])
    PersonFactory(organisation=org, email="user02@acme.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(agent).post(
            "/api/v1/tickets/",
            {"requester_email": "user02@acme.example", "subject": "VPN drops", "impact": 2, "urgency": 1},
            format="json",
        )
    assert response.status_code == 201, response.json()
    assert receiver.requests == []  # the request only recorded the delivery and asked the worker
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 0
    assert queued_deliveries(queue) == [delivery.pk]

    assert services.deliver(delivery.pk) == "delivered"  # what the worker then does
    assert receiver.requests[0]["json"]["ticket"]["reference"] == response.json()["reference"]


def test_a_rule_calls_a_webhook_without_waiting_for_it(
    admin, org, receiver, queue, django_capture_on_commit_callbacks
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
    with django_capture_on_commit_callbacks(execute=True):
        tickets.update_ticket(AgentFactory(serves=[org]), ticket, {"priority": 1})
    assert receiver.requests == []  # nothing is sent inside the change
    delivery = WebhookDelivery.objects.get()
    assert delivery.event == "rule" and delivery.ticket == ticket
    assert delivery.payload["data"] == {"rule": "Page on P1"}
    assert queued_deliveries(queue) == [delivery.pk]
    services.deliver(delivery.pk)
    assert receiver.requests[0]["json"]["ticket"]["priority"] == 1
