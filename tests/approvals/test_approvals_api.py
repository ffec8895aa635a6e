"""The approvals API as a client sees it: what waits for me, deciding, a ticket's progress, delegations."""

from datetime import timedelta

from django.utils import timezone

from moked.approvals import services
from moked.approvals.models import Approver, Delegation
from moked.tickets.models import EventChannel, TicketEvent

from .conftest import step


def start(world, ticket, *steps):
    return services.start_approval(
        ticket, list(steps), subject_person=world.aino, channel=EventChannel.PORTAL
    )


def test_an_approver_lists_decides_and_follows_progress(world, make_request, api_as):
    ticket = make_request()
    start(world, ticket, step(expire=16), step({"kind": "client_managers"}, rule="any", name="Boss"))
    client = api_as(world.mikko)
    waiting = client.get("/api/v1/approvals/", HTTP_ACCEPT_LANGUAGE="fi")
    assert waiting.status_code == 200
    [row] = waiting.json()
    assert row["ticket"] == ticket.reference and row["requester"]["name"] == "Aino Asker"
    assert row["step"]["name"] == "Manager (fi)"  # in the language asked for
    assert row["on_behalf_of"] is None and row["asked_as"] == "manager"
    answer = client.post(
        f"/api/v1/approvals/{row['id']}/decision/", {"decision": "approve", "comment": "Ok"}, format="json"
    )
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["status"] == "pending" and body["current_step"] == 1
    assert body["steps"][0]["approvers"][0]["decision"] == "approved"
    assert body["steps"][0]["approvers"][0]["comment"] == "Ok"
    assert {a["person"]["name"] for a in body["steps"][1]["approvers"]} == {"Kaisa Boss", "Leena Boss"}
    assert client.get("/api/v1/approvals/").json() == []
    # the requester follows the progress of her request
    progress = api_as(world.aino).get(f"/api/v1/tickets/{ticket.reference}/approval/")
    assert progress.status_code == 200 and progress.json()["status"] == "pending"
    # the same decision twice: it is no longer waiting, 404
    again = client.post(f"/api/v1/approvals/{row['id']}/decision/", {"decision": "reject"}, format="json")
    assert again.status_code == 404
    assert TicketEvent.objects.filter(ticket=ticket, kind="approval_decided").count() == 1


def test_a_bad_decision_is_refused_and_changes_nothing(world, make_request, api_as):
    start(world, make_request(), step())
    asked = Approver.objects.get(person=world.mikko)
    answer = api_as(world.mikko).post(
        f"/api/v1/approvals/{asked.pk}/decision/", {"decision": "maybe"}, format="json"
    )
    assert answer.status_code == 400 and "decision" in answer.json()["errors"]
    asked.refresh_from_db()
    assert asked.decision == "pending"


def test_delegations_are_set_listed_and_ended(world, make_request, api_as):
    client = api_as(world.mikko)
    now = timezone.now()
    made = client.post(
        "/api/v1/approvals/delegations/",
        {
            "delegate": world.boss.pk,
            "starts_at": (now - timedelta(hours=1)).isoformat(),
            "ends_at": (now + timedelta(days=7)).isoformat(),
        },
        format="json",
    )
    assert made.status_code == 201, made.json()
    assert made.json()["delegate"]["name"] == "Kaisa Boss"
    start(world, make_request(), step())
    [row] = api_as(world.boss).get("/api/v1/approvals/").json()
    assert row["on_behalf_of"]["name"] == "Mikko Manager"
    assert [d["id"] for d in api_as(world.boss).get("/api/v1/approvals/delegations/").json()] == [
        made.json()["id"]
    ]
    assert api_as(world.boss).delete(f"/api/v1/approvals/delegations/{made.json()['id']}/").status_code == 404
    assert client.delete(f"/api/v1/approvals/delegations/{made.json()['id']}/").status_code == 204
    assert api_as(world.boss).get("/api/v1/approvals/").json() == []
    refused = client.post(
        "/api/v1/approvals/delegations/",
        {
            "delegate": world.outsider.pk,
            "starts_at": now.isoformat(),
            "ends_at": (now + timedelta(days=1)).isoformat(),
        },
        format="json",
    )
    assert refused.status_code == 400 and "delegate" in refused.json()["errors"]
    assert Delegation.objects.filter(delegate=world.outsider).count() == 0


def test_the_schema_describes_the_approvals_api(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    for path in (
        "/api/v1/approvals/",
        "/api/v1/approvals/{id}/decision/",
        "/api/v1/approvals/delegations/",
        "/api/v1/approvals/delegations/{id}/",
        "/api/v1/tickets/{reference}/approval/",
    ):
        assert path in schema["paths"], path


def test_a_delegate_decides_through_the_api_and_still_sees_what_they_decided(world, make_request, api_as):
    now = timezone.now()
    services.set_delegation(
        world.mikko,
        delegate=world.colleague,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=2),
    )
    ticket = make_request()
    start(world, ticket, step())
    client = api_as(world.colleague)  # an end user, who sees only what they asked or are asked
    [row] = client.get("/api/v1/approvals/").json()
    assert row["on_behalf_of"]["name"] == "Mikko Manager"
    answer = client.post(f"/api/v1/approvals/{row['id']}/decision/", {"decision": "approve"}, format="json")
    assert answer.status_code == 200 and answer.json()["status"] == "approved"
    assert answer.json()["steps"][0]["approvers"][0]["decided_by"]["name"] == "Ville Colleague"
    assert client.get(f"/api/v1/tickets/{ticket.reference}/approval/").status_code == 200


def test_the_lists_cost_the_same_queries_for_one_or_many(world, make_request, api_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_as(world.boss)
    client.get("/api/v1/approvals/")  # the token is looked up once, then kept
    ticket = make_request()
    start(world, ticket, step({"kind": "client_managers"}, {"kind": "manager"}, rule="all", name="Both"))
    with CaptureQueriesContext(connection) as one:
        assert len(client.get("/api/v1/approvals/").json()) == 1
    with CaptureQueriesContext(connection) as progress_one:
        client.get(f"/api/v1/tickets/{ticket.reference}/approval/")
    for _ in range(3):
        start(
            world,
            make_request(),
            step({"kind": "client_managers"}, {"kind": "manager"}, rule="all", name="Both"),
        )
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/api/v1/approvals/").json()) == 4
    assert len(many) == len(one)
    services.decide(world.boss2, Approver.objects.filter(person=world.boss2).first(), approve=True,
                    channel=EventChannel.API)  # fmt: skip
    with CaptureQueriesContext(connection) as progress_more:
        client.get(f"/api/v1/tickets/{ticket.reference}/approval/")
    assert len(progress_more) == len(progress_one)
