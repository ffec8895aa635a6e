"""The agent's ticket page for a catalogue request: a panel with the item, the form version, the
answers (labelled in the agent's language from the version the request was made with), the
approval's steps and decisions, the fulfilment tasks (complete one, tick its checklist) and the
automated actions' runs (retry a failed one). Each action here is a POST on the ticket page
(action complete_task, check_item, retry_action) answered with a redirect back to it; the
fulfilment services check that the agent may work the ticket. Also the agent's "My tasks": the
open tasks of their groups."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from moked.approvals.selectors import approval_of
from moked.fulfilment import services as fulfilment
from moked.fulfilment.models import ActionRun, Task
from moked.fulfilment.selectors import action_runs_of, tasks_for, tasks_of
from moked.fulfilment.wording import action_label, run_summary
from moked.tickets import selectors as tickets_read

from ..common import refusals
from ..common.catalogue_forms import in_language, shown_answers
from ..portal.catalogue import catalogue_request
from . import desk
from .views import _staff

MY_TASKS_SHOWN = 200  # the most tasks the list shows at once


def panel_context(person, ticket) -> dict:
    """What the ticket page adds for a catalogue request (nothing for other tickets)."""
    service_request = catalogue_request(person, ticket)
    if service_request is None:
        return {}
    may_work = rules.has_perm("tickets.work_ticket", person, ticket)
    tasks = [
        {
            "task": task,
            "title": in_language(task.title),
            "checklist": [
                {"index": index, "text": in_language(entry.get("text")), "done": bool(entry.get("done"))}
                for index, entry in enumerate(task.checklist or [])
            ],
            "open": may_work and task.status == Task.Status.OPEN and ticket.is_open,
        }
        for task in tasks_of(person, ticket).order_by("stage", "position")
    ]
    runs = [
        {
            "run": run,
            "label": action_label(run.action),
            "summary": run_summary(run),
            "may_retry": may_work and run.status == ActionRun.Status.FAILED and ticket.is_open,
        }
        for run in action_runs_of(person, ticket).order_by("position")
    ]
    return {
        "service_request": service_request,
        "request_item_name": in_language(service_request.item.name),
        "request_answers": shown_answers(
            service_request.form.fields,
            service_request.answers or {},
            files=tickets_read.ticket_files(person, ticket),
        ),
        "request_approval": approval_of(person, ticket),
        "request_tasks": tasks,
        "request_runs": runs,
    }


def _number(request, name: str) -> int | None:
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() and len(value) <= 18 else None


def _task(request, page):
    pk = _number(request, "task")
    task = tasks_of(page.person, page.ticket).filter(pk=pk).first() if pk is not None else None
    if task is None:
        refusals.keep(request, [_("This request has no such task.")])
    return task


def complete_task(request, page) -> None:
    task = _task(request, page)
    if task is not None and refusals.apply(request, lambda: fulfilment.complete_task(page.person, task)):
        messages.success(request, _("The task “%(title)s” is done.") % {"title": in_language(task.title)})


def check_item(request, page) -> None:
    task, index = _task(request, page), _number(request, "item")
    if task is None:
        return
    if index is None:
        refusals.keep(request, [_("The task has no such item.")])
        return
    done = request.POST.get("done") == "true"
    refusals.apply(request, lambda: fulfilment.check_item(page.person, task, index, done=done))


def retry_action(request, page) -> None:
    pk = _number(request, "run")
    run = action_runs_of(page.person, page.ticket).filter(pk=pk).first() if pk is not None else None
    if run is None:
        refusals.keep(request, [_("This request has no such action.")])
        return
    if refusals.apply(request, lambda: fulfilment.retry_action(page.person, run)):
        messages.success(request, _("“%(action)s” will be run again.") % {"action": action_label(run.action)})


ACTIONS = {"complete_task": complete_task, "check_item": check_item, "retry_action": retry_action}


@login_required
def my_tasks(request):
    """The open tasks of the agent's groups, oldest first, each with its request."""
    person = _staff(request)
    tasks = list(tasks_for(person)[:MY_TASKS_SHOWN])
    rows = [{"task": task, "title": in_language(task.title)} for task in tasks]
    context = {"rows": rows, "views": desk.counted_views(person), "shown": MY_TASKS_SHOWN}
    return render(request, "web/workspace/my_tasks.html", context)
