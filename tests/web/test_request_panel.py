"""The agent's ticket page for a catalogue request: the item, form version and answers (labelled in
the agent's language), the approval's decisions, the fulfilment tasks (tick a checklist item,
complete a task) and the automated actions (a failed one retried), each through the fulfilment
services; and "My tasks", the open tasks of the agent's groups."""

import pytest

from moked.approvals import services as approvals
from moked.approvals.models import Approver
from moked.fulfilment import services as fulfilment
from moked.fulfilment.models import ActionRun, Task
from moked.servicerequests.models import ServiceRequest
from tests.factories import AgentFactory, GroupFactory, OrganisationFactory, PersonFactory
from tests.web.catalogue import make_item, texts
from tests.web.clients import client_for
from tests.web.conftest import PASSWORD
from tests.web.test_accessibility import violations
from tests.web.test_no_english_left import english_in

pytestmark = pytest.mark.django_db

SHARED_FOLDER = {"answer-access_type": "shared_folder", "answer-folder_path": r"\\files\finance"}


@pytest.fixture
def world(org):
    boss = PersonFactory(organisation=org, username="pomo", name="Pomo Päällikkö", language="fi")
    aino = PersonFactory(organisation=org, username="aino", name="Aino Virtanen", language="fi", manager=boss)
    agent = AgentFactory(username="agent-avi", name="Avi Agent", serves=[org], language="en")
    agent.set_password(PASSWORD)
    agent.save()
    desk = GroupFactory(name="Access team", members=[agent])
    item = make_item(
        org,
        fulfilment_group=desk,
        approval_steps=[
            {"name": texts("Manager", "Esihenkilö"), "approvers": [{"kind": "manager"}], "rule": "all"}
        ],
        fulfilment_plan={
            "tasks": [
                {
                    "title": texts("Give access", "Anna käyttöoikeus"),
                    "checklist": [
                        texts("Check the folder", "Tarkista kansio"),
                        texts("Tell Aino", "Kerro Ainolle"),
                    ],
                    "group": desk.pk,
                    "stage": 1,
                }
            ],
            "actions": [{"connector": "nowhere", "action": "unlock"}],
        },
    )
    client_for(aino).post(f"/portal/catalogue/{item.pk}/", SHARED_FOLDER)
    ticket = ServiceRequest.objects.get().ticket
    return {"boss": boss, "aino": aino, "agent": agent, "desk": desk, "ticket": ticket}


def section(page: str, testid: str) -> str:
    return page[page.index(f'data-testid="{testid}"') :].split("</section>")[0]


def approve_and_run(world):
    approvals.decide(world["boss"], Approver.objects.get(), approve=True, comment="Käy", channel="portal")
    fulfilment.run_pending(world["ticket"].pk)  # the worker's part (after commit in production)


def test_the_panel_shows_the_request_in_the_agents_language_and_its_approval(world):
    address = f"/desk/tickets/{world['ticket'].reference}/"
    client = client_for(world["agent"])
    page = client.get(address).content.decode()
    panel = section(page, "request-panel")
    assert "Shared folder access" in panel and "Form version 1" in panel
    assert "Access to" in panel and "Shared folder" in panel and "Käyttöoikeus" not in panel
    assert r"\\files\finance" in panel
    approval = section(page, "approval")
    assert "Manager" in approval and "Pomo Päällikkö" in approval and "no decision yet" in approval
    assert 'data-testid="request-tasks"' not in page

    approve_and_run(world)
    page = client.get(address).content.decode()
    approval = section(page, "approval")
    assert "Käy" in approval and "no decision yet" not in approval
    tasks = section(page, "request-tasks")
    assert "Give access" in tasks and "Check the folder" in tasks and "Access team" in tasks
    runs = section(page, "request-runs")
    run = ActionRun.objects.get()
    assert run.status == "failed"
    assert "Unlock the account for" in runs and "This organisation has no connector nowhere." in runs
    assert f'data-testid="retry-{run.pk}"' in runs


def test_an_agent_ticks_the_checklist_completes_the_task_and_retries_the_action(world):
    approve_and_run(world)
    address = f"/desk/tickets/{world['ticket'].reference}/"
    client = client_for(world["agent"])
    task, run = Task.objects.get(), ActionRun.objects.get()

    answer = client.post(address, {"action": "check_item", "task": task.pk, "item": 1, "done": "true"})
    assert answer.status_code == 302 and answer.url == address
    task.refresh_from_db()
    assert [entry["done"] for entry in task.checklist] == [False, True]
    client.post(address, {"action": "check_item", "task": task.pk, "item": 1, "done": "false"})
    task.refresh_from_db()
    assert [entry["done"] for entry in task.checklist] == [False, False]

    client.post(address, {"action": "retry_action", "run": run.pk})
    run.refresh_from_db()
    assert (run.status, run.actor, run.error) == ("pending", world["agent"], "")
    page = client.get(address).content.decode()
    assert f'data-testid="retry-{run.pk}"' not in page  # only a failed action is retried

    client.post(address, {"action": "complete_task", "task": task.pk})
    task.refresh_from_db()
    assert (task.status, task.done_by) == ("done", world["agent"])
    assert all(entry["done"] for entry in task.checklist)
    page = client.get(address).content.decode()
    assert f'data-testid="complete-{task.pk}"' not in page
    # a second completion is refused and said, not an error page
    page = client.post(address, {"action": "complete_task", "task": task.pk}, follow=True).content.decode()
    assert "Only an open task can be completed." in page


def test_another_tickets_task_and_outsiders_are_refused(world):
    approve_and_run(world)
    task = Task.objects.get()
    address = f"/desk/tickets/{world['ticket'].reference}/"
    outsider = AgentFactory(username="muu", serves=[OrganisationFactory()])
    assert client_for(outsider).post(address, {"action": "complete_task", "task": task.pk}).status_code == 404
    assert (
        client_for(world["aino"]).post(address, {"action": "complete_task", "task": task.pk}).status_code
        == 403
    )
    # a task named on another ticket's page is not this ticket's
    other = make_item(world["ticket"].organisation, code="other")
    client_for(world["aino"]).post(f"/portal/catalogue/{other.pk}/", SHARED_FOLDER)
    elsewhere = ServiceRequest.objects.exclude(ticket=world["ticket"]).get().ticket
    page = (
        client_for(world["agent"])
        .post(
            f"/desk/tickets/{elsewhere.reference}/", {"action": "complete_task", "task": task.pk}, follow=True
        )
        .content.decode()
    )
    assert "This request has no such task." in page
    task.refresh_from_db()
    assert task.status == "open"


def test_my_tasks_lists_the_open_tasks_of_the_agents_groups(world):
    approve_and_run(world)
    task = Task.objects.get()
    page = client_for(world["agent"]).get("/desk/").content.decode()
    assert 'href="/desk/tasks/"' in page
    page = client_for(world["agent"]).get("/desk/tasks/").content.decode()
    row = page[page.index(f'data-testid="my-task-{task.pk}"') :].split("</tr>")[0]
    assert world["ticket"].reference in row and "Give access" in row and "Access team" in row
    stranger = AgentFactory(username="toinen", serves=[world["ticket"].organisation])
    page = client_for(stranger).get("/desk/tasks/").content.decode()
    assert 'data-testid="no-tasks"' in page
    fulfilment.complete_task(world["agent"], task)
    page = client_for(world["agent"]).get("/desk/tasks/").content.decode()
    assert f'data-testid="my-task-{task.pk}"' not in page
    assert client_for(world["aino"]).get("/desk/tasks/").status_code == 403


def test_a_persian_agent_reads_the_panel_and_my_tasks_in_persian():
    org = OrganisationFactory(code="PARS", name="بازرگانی پارس", domains=["pars.example"], language="fa")
    boss = PersonFactory(organisation=org, username="manager", name="مدیر پارس", language="fa")
    reza = PersonFactory(organisation=org, username="reza", name="رضا احمدی", language="fa", manager=boss)
    agent = AgentFactory(username="sara", name="سارا رضایی", serves=[org], language="fa")
    desk = GroupFactory(name="تیم دسترسی", members=[agent])
    item = make_item(
        org,
        approval_steps=[
            {"name": texts("Manager", fa="مدیر"), "approvers": [{"kind": "manager"}], "rule": "all"}
        ],
        fulfilment_plan={
            "tasks": [
                {
                    "title": texts("Give access", fa="دادن دسترسی"),
                    "checklist": [texts("Check the mailbox", fa="بررسی صندوق")],
                    "group": desk.pk,
                    "stage": 1,
                }
            ],
            "actions": [],
        },
    )
    answers = {"answer-access_type": "mailbox", "answer-mailbox": "finance@pars.example"}
    client_for(reza).post(f"/portal/catalogue/{item.pk}/", answers)
    ticket = ServiceRequest.objects.get().ticket
    approvals.decide(boss, Approver.objects.get(), approve=True, comment="موافقم", channel="portal")
    client = client_for(agent)
    for address in (f"/desk/tickets/{ticket.reference}/", "/desk/tasks/"):
        answer = client.get(address)
        page = answer.content.decode()
        assert answer.status_code == 200 and "دادن دسترسی" in page
        assert english_in(page, "fa") == [], address


@pytest.mark.django_db(transaction=True)
def test_in_a_browser_an_agent_ticks_and_completes_a_task(world, sign_in):
    approve_and_run(world)
    task = Task.objects.get()
    desk = sign_in("agent-avi")
    desk.click("nav a:has-text('My tasks')")
    desk.wait_for_url("**/desk/tasks/")
    assert violations(desk) == [], "my tasks"
    desk.click(f"[data-testid=my-task-{task.pk}] a")
    desk.wait_for_url(f"**/desk/tickets/{world['ticket'].reference}/")
    assert violations(desk) == [], "request panel"
    desk.click(f"[data-testid=check-{task.pk}-0]")
    desk.wait_for_selector(f"[data-testid=check-{task.pk}-0][aria-pressed=true]")
    desk.click(f"[data-testid=complete-{task.pk}]")
    desk.wait_for_selector(f"[data-testid=task-{task.pk}] >> text=Done")
    task.refresh_from_db()
    assert task.status == "done" and all(entry["done"] for entry in task.checklist)
