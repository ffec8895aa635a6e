"""The fulfilment API: a request's tasks and actions, completing and retrying, connectors (admins;
the secret write-only), dry runs; and the OpenAPI schema describing them."""

import pytest

from moked.fulfilment import services
from moked.fulfilment.models import ActionRun, Connector, Task
from tests.factories import GroupFactory, PersonFactory, make_ticket


@pytest.fixture
def request_ticket(org, requester, django_capture_on_commit_callbacks):
    ticket = make_ticket(requester=requester)
    plan = {
        "tasks": [
            {"title": {"en": "Order the laptop", "fi": "Tilaa kannettava"}, "checklist": ["Model", "Dock"]},
            {"title": "Hand it over", "stage": 2},
        ],
        "actions": [{"connector": "nowhere", "action": "unlock"}],
    }
    with django_capture_on_commit_callbacks(execute=False):
        services.start_fulfilment(ticket, plan, answers={}, requested_for=requester, group=GroupFactory())
    services.run_pending(ticket.pk)  # the worker: the connector does not exist, so it fails
    return ticket


def test_the_staff_read_and_complete_tasks(api_as, agent, requester, request_ticket):
    client = api_as(agent)
    tasks = client.get(f"/api/v1/tickets/{request_ticket.reference}/tasks/").json()
    assert [(t["title"]["en"], t["status"], t["stage"]) for t in tasks] == [
        ("Order the laptop", "open", 1),
        ("Hand it over", "waiting", 2),
    ]
    assert tasks[0]["checklist"][0] == {"text": {"en": "Model"}, "done": False}
    first = tasks[0]["id"]
    ticked = client.post(f"/api/v1/tasks/{first}/checklist/", {"item": 1}, format="json").json()
    assert [i["done"] for i in ticked["checklist"]] == [False, True]
    assert client.post(f"/api/v1/tasks/{first}/checklist/", {"item": 9}, format="json").status_code == 400
    done = client.post(f"/api/v1/tasks/{first}/complete/").json()
    assert done["status"] == "done" and done["done_by"] == agent.pk
    assert client.post(f"/api/v1/tasks/{first}/complete/").status_code == 400
    assert Task.objects.get(pk=tasks[1]["id"]).status == "open"

    # The requester follows the tasks, but neither completes them nor sees the actions.
    own = api_as(requester)
    assert len(own.get(f"/api/v1/tickets/{request_ticket.reference}/tasks/").json()) == 2
    assert own.post(f"/api/v1/tasks/{tasks[1]['id']}/complete/").status_code == 404
    assert own.get(f"/api/v1/tickets/{request_ticket.reference}/actions/").json() == []


def test_the_staff_read_and_retry_a_failed_action(api_as, agent, org, request_ticket):
    client = api_as(agent)
    runs = client.get(f"/api/v1/tickets/{request_ticket.reference}/actions/").json()
    assert [(r["action"], r["connector"], r["status"]) for r in runs] == [("unlock", "nowhere", "failed")]
    assert "no connector nowhere" in runs[0]["error"] and "failed" in runs[0]["outcome"]
    retried = client.post(f"/api/v1/actions/{runs[0]['id']}/retry/")
    assert retried.status_code == 202 and retried.json()["status"] == "pending"
    assert client.post(f"/api/v1/actions/{runs[0]['id']}/retry/").status_code == 400  # not failed now
    assert ActionRun.objects.get().actor == agent


def test_admins_manage_connectors_and_never_read_a_secret(api_as, admin, org):
    client = api_as(admin)
    created = client.post(
        "/api/v1/fulfilment/connectors/",
        {
            "organisation": org.code,
            "code": "corp-ldap",
            "name": "Corporate LDAP",
            "kind": "ldap",
            "settings": {
                "url": "ldap://ldap.acme.example",
                "bind_dn": "cn=moked,dc=acme",
                "people_base": "ou=people,dc=acme",
                "groups_base": "ou=groups,dc=acme",
            },
            "secret": "bind-Password-1",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert "secret" not in body and body["has_secret"] is True
    assert "bind-Password-1" not in created.content.decode()
    connector = Connector.objects.get()
    assert connector.secret == "bind-Password-1"
    listed = client.get("/api/v1/fulfilment/connectors/")
    assert "bind-Password-1" not in listed.content.decode()
    changed = client.patch(f"/api/v1/fulfilment/connectors/{connector.pk}/", {"name": "LDAP"}, format="json")
    assert changed.status_code == 200 and Connector.objects.get().secret == "bind-Password-1"

    refused = client.post(
        "/api/v1/fulfilment/connectors/",
        {
            "organisation": org.code,
            "code": "other",
            "name": "Other",
            "kind": "ldap",
            "settings": {"url": "ldap://x", "bind_password": "in the open"},
        },
        format="json",
    )
    assert refused.status_code == 400
    assert "settings" in refused.json()["errors"]
    assert client.delete(f"/api/v1/fulfilment/connectors/{connector.pk}/").status_code == 204


def test_a_dry_run_of_a_plan_through_the_api(api_as, admin, org, requester):
    client = api_as(admin)
    answer = client.post(
        "/api/v1/fulfilment/dry-run/",
        {
            "organisation": org.code,
            "plan": {"actions": [{"connector": "nowhere", "action": "unlock"}]},
            "requested_for": requester.pk,
        },
        format="json",
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json()[0]["status"] == "failed"
    bad = client.post(
        "/api/v1/fulfilment/dry-run/",
        {"organisation": org.code, "plan": {"actions": [{"action": "x"}]}, "requested_for": requester.pk},
        format="json",
    )
    assert bad.status_code == 400 and "plan" in bad.json()["errors"]


@pytest.mark.parametrize("role", ["agent", "requester", "stranger"])
def test_nobody_but_admins_sees_connectors_or_dry_runs(api_as, role, agent, requester, org):
    Connector.objects.create(
        organisation=org, code="hr", name="HR", kind="webhook", settings={"url": "https://hr.example/h"}
    )
    person = {"agent": agent, "requester": requester, "stranger": PersonFactory()}[role]
    client = api_as(person)
    assert client.get("/api/v1/fulfilment/connectors/").json()["results"] == []
    connector = Connector.objects.get()
    assert client.get(f"/api/v1/fulfilment/connectors/{connector.pk}/").status_code == 404
    assert client.delete(f"/api/v1/fulfilment/connectors/{connector.pk}/").status_code == 404
    created = client.post(
        "/api/v1/fulfilment/connectors/",
        {
            "organisation": org.code,
            "code": "x",
            "name": "X",
            "kind": "webhook",
            "settings": {"url": "https://x.example"},
        },
        format="json",
    )
    assert created.status_code in (400, 403)
    assert Connector.objects.count() == 1
