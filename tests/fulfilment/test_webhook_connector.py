"""The webhook connector against a real HTTP receiver on loopback (tests/http_receiver.py): signed
JSON as webhooks are, the receiver's answer as the result, refusals and timeouts as failures, the
private-network check of moked.network, and the temporary password never in a summary."""

import json
import time

import pytest

from moked import network, signing
from moked.fulfilment import services
from moked.fulfilment.connectors.base import Action, ConnectorError
from moked.fulfilment.connectors.webhook import WebhookConnector, WebhookSettings
from moked.fulfilment.models import ActionRun, Connector
from moked.notifications.models import Notification
from moked.tickets.models import EventKind, TicketEvent
from tests.factories import PersonFactory, make_ticket

SECRET = "a-shared-secret-of-32-characters!"


def connector(receiver, timeout=5.0) -> WebhookConnector:
    return WebhookConnector(
        WebhookSettings(url=receiver.url, secret=SECRET, timeout=timeout), network.urlopen
    )


def answer(receiver, status=200, **body):
    receiver.status = status
    receiver.body = json.dumps(body).encode()


def test_an_action_is_posted_as_signed_json_and_the_answer_is_the_result(receiver):
    answer(receiver, changed=True, summary="Added aino to finance-share.")
    result = connector(receiver).add_to_group("aino", "finance-share")
    assert (result.action, result.account, result.changed, result.dry_run) == (
        Action.ADD_TO_GROUP,
        "aino",
        True,
        False,
    )
    assert result.summary == "Added aino to finance-share."
    sent = receiver.requests[0]
    assert sent["json"] == {
        "action": "add_to_group",
        "account": "aino",
        "group": "finance-share",
        "attributes": {},
        "dry_run": False,
        "password": None,
    }
    headers = sent["headers"]
    assert headers["X-Moked-Action"] == "add_to_group" and headers["Content-Type"] == "application/json"
    assert signing.verify(
        SECRET,
        int(headers["X-Moked-Timestamp"]),
        sent["body"],
        headers["X-Moked-Signature"],
        now=int(time.time()),
    )
    assert not signing.verify(
        "another secret",
        int(headers["X-Moked-Timestamp"]),
        sent["body"],
        headers["X-Moked-Signature"],
        now=int(time.time()),
    )


def test_what_was_already_so_and_a_dry_run_are_said_by_the_receiver(receiver):
    answer(receiver, changed=False)
    result = connector(receiver).unlock("aino", dry_run=True)
    assert not result.changed and result.dry_run
    assert receiver.requests[0]["json"]["dry_run"] is True
    assert "unlock aino" in result.summary


def test_a_reset_sends_a_new_password_and_never_shows_it(receiver):
    answer(receiver, changed=True, summary="Password set.")
    first = connector(receiver).reset_password("aino")
    sent = receiver.requests[0]["json"]["password"]
    assert sent == first.temporary_password.reveal() and len(sent) == 20
    assert sent not in repr(first) and sent not in first.summary
    receiver.status, receiver.body = 500, None
    with pytest.raises(ConnectorError) as refused:
        connector(receiver).reset_password("aino")
    sent_again = receiver.requests[1]["json"]["password"]
    assert sent_again != sent and sent_again not in str(refused.value)
    assert "HTTP 500" in str(refused.value) and "not now" in str(refused.value)


def test_a_dry_run_reset_sends_no_password(receiver):
    answer(receiver, changed=True)
    result = connector(receiver).reset_password("aino", dry_run=True)
    assert receiver.requests[0]["json"]["password"] is None and result.temporary_password is None


def test_a_refusal_is_a_connector_error_with_the_receivers_reason(receiver):
    answer(receiver, status=409, error="aino is disabled in HR")
    with pytest.raises(ConnectorError) as refused:
        connector(receiver).unlock("aino")
    assert "HTTP 409" in str(refused.value) and "aino is disabled in HR" in str(refused.value)


def test_an_answer_without_changed_is_refused(receiver):
    receiver.body = b"thanks"
    with pytest.raises(ConnectorError) as refused:
        connector(receiver).unlock("aino")
    assert "changed" in str(refused.value)


def test_a_slow_receiver_times_out(receiver):
    answer(receiver, changed=True)
    receiver.delay = 1.5
    with pytest.raises(ConnectorError) as failed:
        connector(receiver, timeout=0.5).unlock("aino")
    assert "Could not reach the receiver" in str(failed.value)


def test_a_private_address_is_refused_unless_the_installation_allows_it(receiver, settings):
    settings.MOKED_ALLOWED_PRIVATE_NETWORKS = []
    with pytest.raises(ConnectorError) as refused:
        connector(receiver).unlock("aino")
    assert "not a public address" in str(refused.value)
    assert receiver.requests == []


def test_a_request_is_fulfilled_through_a_webhook_connector(
    org, receiver, immediate, django_capture_on_commit_callbacks
):
    Connector.objects.create(
        organisation=org,
        code="hr",
        name="HR system",
        kind="webhook",
        settings={"url": receiver.url},
        secret=SECRET,
    )
    aino = PersonFactory(organisation=org, username="aino")
    ticket = make_ticket(requester=aino)
    answer(receiver, changed=True, summary="Password set in HR.")
    with django_capture_on_commit_callbacks(execute=True):
        services.start_fulfilment(
            ticket,
            {"actions": [{"connector": "hr", "action": "reset_password"}]},
            answers={},
            requested_for=aino,
        )
    run = ActionRun.objects.get()
    assert run.status == "done" and run.summary == "Password set in HR."
    sent = receiver.requests[0]
    assert signing.verify(
        SECRET,
        int(sent["headers"]["X-Moked-Timestamp"]),
        sent["body"],
        sent["headers"]["X-Moked-Signature"],
        now=int(time.time()),
    )
    password = sent["json"]["password"]
    token = Notification.objects.get(recipient=aino).body.split("/secrets/")[1].split("/")[0]
    assert services.reveal_secret(aino, token) == password
    assert all(password not in str(e.data) for e in TicketEvent.objects.filter(ticket=ticket))
    assert TicketEvent.objects.filter(ticket=ticket, kind=EventKind.ACTION_RUN).count() == 1


def test_a_webhook_connector_to_a_private_address_is_refused_when_saved(admin, org, settings):
    from django.core.exceptions import ValidationError

    settings.MOKED_ALLOWED_PRIVATE_NETWORKS = []
    with pytest.raises(ValidationError) as refused:
        services.create_connector(
            admin,
            organisation=org,
            code="hr",
            name="HR",
            kind="webhook",
            settings={"url": "http://10.0.0.5/hook"},
        )
    assert "not a public address" in str(refused.value)
