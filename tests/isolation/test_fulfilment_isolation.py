"""Fulfilment reaches only what a person may see of a request.

Organisation A has a request with tasks and a failed action; organisation B has a person and an
agent of its own. Agents who do not serve A and client people of B read none of A's tasks or
actions and complete or retry none (404, nothing changes); A's requester and client manager read
the tasks but neither the actions nor any change; the one-time secret of A's person opens for no
one else; connectors are the admins'. Beside each refusal stands its positive control."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from moked.fulfilment import selectors, services
from moked.fulfilment.models import ActionRun, Connector, OneTimeSecret, Task
from tests.factories import (
    AdminFactory,
    AgentFactory,
    ClientManagerFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
    make_ticket,
)

pytestmark = pytest.mark.django_db

OUTSIDERS = ("agent_of_b", "agent_of_none", "b_user")
CLIENTS_OF_A = ("requester", "a_manager")


@pytest.fixture
def world():
    a = OrganisationFactory(code="ALPHA", domains=["alpha.example"])
    b = OrganisationFactory(code="BRAVO", domains=["bravo.example"])
    group = GroupFactory()
    people = {
        "requester": PersonFactory(organisation=a),
        "a_manager": ClientManagerFactory(organisation=a),
        "b_user": PersonFactory(organisation=b),
        "agent_of_a": AgentFactory(serves=[a]),
        "agent_of_b": AgentFactory(serves=[b]),
        "agent_of_none": AgentFactory(),
        "admin": AdminFactory(),
    }
    for name in ("agent_of_a", "agent_of_b", "agent_of_none"):
        group.members.add(people[name])
    ticket = make_ticket(people["requester"])
    plan = {
        "tasks": [{"title": "Order the laptop"}],
        "actions": [{"connector": "nowhere", "action": "unlock"}],
    }
    services.start_fulfilment(ticket, plan, answers={}, requested_for=people["requester"], group=group)
    services.run_pending(ticket.pk)
    Connector.objects.create(
        organisation=a, code="hr", name="HR", kind="webhook", settings={"url": "https://hr.example"}
    )
    secret = OneTimeSecret.objects.create(
        ticket=ticket,
        person=people["requester"],
        value="Temporary-Pass-1",
        token_digest=services.token_digest("the-token"),
        expires_at=ticket.created_at + services.SECRET_LIFETIME,
    )
    return {
        **people,
        "ticket": ticket,
        "task": Task.objects.get(),
        "run": ActionRun.objects.get(),
        "secret": secret,
    }


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_reach_nothing_of_the_request(world, api_as, who):
    client = api_as(world[who])
    ticket, task, run = world["ticket"], world["task"], world["run"]
    assert client.get(f"/api/v1/tickets/{ticket.reference}/tasks/").status_code == 404
    assert client.get(f"/api/v1/tickets/{ticket.reference}/actions/").status_code == 404
    assert client.post(f"/api/v1/tasks/{task.pk}/complete/").status_code == 404
    assert client.post(f"/api/v1/tasks/{task.pk}/checklist/", {"item": 0}, format="json").status_code == 404
    assert client.post(f"/api/v1/actions/{run.pk}/retry/").status_code == 404
    assert list(selectors.tasks_for(world[who])) == []
    assert client.get("/api/v1/tasks/").json() == []
    with pytest.raises(PermissionDenied):
        services.complete_task(world[who], task)
    with pytest.raises(PermissionDenied):
        services.retry_action(world[who], run)
    task.refresh_from_db()
    run.refresh_from_db()
    assert (task.status, run.status) == ("open", "failed")


@pytest.mark.parametrize("who", CLIENTS_OF_A)
def test_the_clients_side_reads_the_tasks_only(world, api_as, who):
    client = api_as(world[who])
    ticket, task, run = world["ticket"], world["task"], world["run"]
    assert [t["id"] for t in client.get(f"/api/v1/tickets/{ticket.reference}/tasks/").json()] == [task.pk]
    assert client.get(f"/api/v1/tickets/{ticket.reference}/actions/").json() == []
    assert client.post(f"/api/v1/tasks/{task.pk}/complete/").status_code == 404
    assert client.post(f"/api/v1/actions/{run.pk}/retry/").status_code == 404
    assert client.get("/api/v1/fulfilment/connectors/").json()["results"] == []


def test_the_agent_serving_the_request_works_it(world, api_as):
    client = api_as(world["agent_of_a"])
    ticket = world["ticket"]
    assert len(client.get(f"/api/v1/tickets/{ticket.reference}/actions/").json()) == 1
    assert list(selectors.tasks_for(world["agent_of_a"])) == [world["task"]]
    assert [t["id"] for t in client.get("/api/v1/tasks/").json()] == [world["task"].pk]
    assert client.post(f"/api/v1/actions/{world['run'].pk}/retry/").status_code == 202
    assert client.post(f"/api/v1/tasks/{world['task'].pk}/complete/").status_code == 200
    assert client.get("/api/v1/fulfilment/connectors/").json()["results"] == []
    assert len(api_as(world["admin"]).get("/api/v1/fulfilment/connectors/").json()["results"]) == 1


@pytest.mark.parametrize("who", [*OUTSIDERS, "a_manager", "agent_of_a", "admin"])
def test_a_one_time_secret_opens_for_its_person_only(world, who):
    with pytest.raises(ValidationError):
        services.reveal_secret(world[who], "the-token")
    assert services.reveal_secret(world["requester"], "the-token") == "Temporary-Pass-1"
