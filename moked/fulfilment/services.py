"""Fulfilling a request: its tasks, opened stage by stage, and its actions, run by the worker after
the transaction that started them commits, each audited (an ActionRun and an `action_run` event:
who, what, on whom, which approval). A failed action stops the ones after it, leaves the request
open with the error for an agent (a note, the fulfilment group) and can be retried; the request
resolves when every task is done and every action succeeded.

A password reset's temporary password goes into a OneTimeSecret for the person the request is for,
who is told of a one-time link (`/secrets/<token>/`); the password is never in the ticket, its
events, the logs or a notification.
"""

import hashlib
import logging
import secrets
from datetime import UTC, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from moked.notifications.models import Notification
from moked.notifications.services import may_see, notify
from moked.people.models import Person, SupportGroup
from moked.people.permissions import require
from moked.records import save_changes, save_new
from moked.tickets import lifecycle
from moked.tickets import services as tickets
from moked.tickets.events import EventLog
from moked.tickets.models import EventChannel, EventKind, ResolutionCode, Ticket

from . import plans
from .connecting import directory_connector
from .connectors.base import Action, ActionResult, ConnectorError
from .models import ActionRun, Connector, OneTimeSecret, Task
from .wording import action_label, problem_text

logger = logging.getLogger(__name__)
SYSTEM = EventChannel.SYSTEM
SECRET_LIFETIME = timedelta(days=3)
STUCK_AFTER = timedelta(minutes=10)  # a run started this long ago and not finished died with its worker
Status = ActionRun.Status


# --- starting -------------------------------------------------------------------------------------


def start_fulfilment(
    ticket: Ticket,
    plan,
    *,
    answers: dict,
    requested_for: Person,
    approval=None,
    approved_by: str = "",
    group: SupportGroup | None = None,
    at=None,
) -> list[ActionRun]:
    """Create the request's tasks (the first stage open) and its action runs, which the worker
    runs once the caller's transaction commits. `approval` (an approval or its id) and
    `approved_by` (who approved, as text) are recorded with each action; `group` (the item's
    fulfilment group; default the ticket's) takes the tasks without a group of their own and the
    request when an action fails. Started twice, the second time does nothing (same runs back)."""
    plan = plans.check_plan(plan)
    now = at or timezone.now()
    approval_id = getattr(approval, "pk", approval)
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        existing = list(ticket.action_runs.all())
        if existing or ticket.fulfilment_tasks.exists():
            return existing
        if not ticket.is_open or ticket.status == lifecycle.AWAITING_APPROVAL:
            raise ValidationError(
                _("A request is fulfilled once it is approved, and only while it is open."), code="not_ready"
            )
        group = group or ticket.group
        log = EventLog(ticket, None, SYSTEM, now)
        _create_tasks(ticket, plan["tasks"], group, log, now)
        runs = [
            _new_run(ticket, position, action, answers, requested_for, approval_id, approved_by, group, now)
            for position, action in enumerate(plan["actions"], start=1)
        ]
        log.save()
        if runs:
            _run_after_commit(ticket.pk)
    return runs


def _create_tasks(ticket: Ticket, task_defs: list[dict], group, log: EventLog, now) -> None:
    if not task_defs:
        return
    first = min(task["stage"] for task in task_defs)
    known = set(
        SupportGroup.objects.filter(pk__in=[t["group"] for t in task_defs if t["group"]]).values_list(
            "pk", flat=True
        )
    )
    for position, task_def in enumerate(task_defs, start=1):
        opens = task_def["stage"] == first
        task = Task.objects.create(
            ticket=ticket,
            stage=task_def["stage"],
            position=position,
            title=task_def["title"],
            checklist=[{"text": text, "done": False} for text in task_def["checklist"]],
            group_id=task_def["group"] if task_def["group"] in known else getattr(group, "pk", None),
            status=Task.Status.OPEN if opens else Task.Status.WAITING,
            created_at=now,
            opened_at=now if opens else None,
        )
        _task_event(log, task)


def _task_event(log: EventLog, task: Task) -> None:
    log.add(
        EventKind.TASK_CHANGED,
        is_public=False,
        data={
            "task": task.pk,
            "title": str(task),
            "stage": task.stage,
            "status": task.status,
            "group": task.group_id,
        },
    )


def _new_run(ticket, position, action, answers, requested_for, approval_id, approved_by, group, now):
    organisation_people = Person.objects.filter(organisation_id=ticket.organisation_id)
    connector = Connector.objects.filter(
        organisation_id=ticket.organisation_id, code=action["connector"]
    ).first()
    run = ActionRun(
        ticket=ticket,
        position=position,
        connector=connector,
        connector_code=action["connector"],
        action=action["action"],
        target=requested_for,
        definition=action,
        approval_id=approval_id,
        approved_by=(approved_by or "")[:500],
        group=group,
        created_at=now,
    )
    try:
        run.parameters = plans.action_parameters(
            action,
            answers or {},
            requested_for.username if requested_for is not None else "",
            person_login=lambda pk: (
                organisation_people.filter(pk=pk).values_list("username", flat=True).first()
            ),
        )
    except plans.InvalidPlan as invalid:
        # Kept pending: the worker records the failure like any other, with the note for agents.
        run.error = " ".join(problem_text(problem) for problem in invalid.problems)
    run.save()
    return run


def _run_after_commit(ticket_pk: int) -> None:
    from .tasks import run_fulfilment_actions

    # robust: a queue that cannot be reached must not undo the request; an agent retries the runs.
    transaction.on_commit(lambda: run_fulfilment_actions(ticket_pk), robust=True)


# --- running (the worker) ---------------------------------------------------------------------------


def run_pending(ticket_pk: int) -> list[ActionRun]:
    """Run the ticket's pending actions in order, stopping at the first failure (the ones after it
    wait for its retry). Returns the runs this call ran."""
    ran = []
    for run in ActionRun.objects.filter(ticket_id=ticket_pk, dry_run=False).order_by("position"):
        if run.status == Status.FAILED:
            break
        if run.status != Status.PENDING:
            continue
        done = run_action(run.pk)
        if done is not None:
            ran.append(done)
            if done.status == Status.FAILED:
                break
    return ran


def run_action(pk: int) -> ActionRun | None:
    """One pending run: claimed first (pending → running, in one UPDATE, so two workers never run
    it twice), then done outside of any transaction, then recorded. None when it was not pending."""
    now = timezone.now()
    claimed = ActionRun.objects.filter(pk=pk, status=Status.PENDING).update(
        status=Status.RUNNING, attempts=F("attempts") + 1, started_at=now, finished_at=None
    )
    if not claimed:
        return None
    run = ActionRun.objects.select_related("ticket", "connector", "target").get(pk=pk)
    if not run.ticket.is_open or run.ticket.status == lifecycle.AWAITING_APPROVAL:
        return _record(run, status=Status.CANCELLED, error=_("The request is no longer open."))
    if run.error and not run.parameters:  # the plan's values could not be found in the request
        return _record(run, status=Status.FAILED, error=run.error)
    if run.connector is None:
        run.connector = Connector.objects.filter(
            organisation_id=run.ticket.organisation_id, code=run.connector_code
        ).first()
    try:
        if run.connector is None:
            raise ConnectorError(f"This organisation has no connector {run.connector_code}.")
        result = perform(directory_connector(run.connector), run.action, run.parameters, dry_run=False)
    except ConnectorError as error:
        return _record(run, status=Status.FAILED, error=str(error))
    except Exception as error:  # a bug or an outage: recorded, never half-done silently
        logger.exception("Fulfilment action %s of %s failed unexpectedly", run.pk, run.ticket.reference)
        return _record(run, status=Status.FAILED, error=f"{type(error).__name__}")
    return _record(run, status=Status.DONE if result.changed else Status.UNCHANGED, result=result)


def perform(connector, action: str, parameters: dict, *, dry_run: bool) -> ActionResult:
    """Call the connector's method for `action` with the run's parameters."""
    account = parameters.get("account", "")
    if action in (Action.ADD_TO_GROUP, Action.REMOVE_FROM_GROUP):
        return getattr(connector, action)(account, parameters.get("group", ""), dry_run=dry_run)
    if action == Action.CREATE_USER:
        return connector.create_user(account, parameters.get("attributes", {}), dry_run=dry_run)
    if action in Action.__members__.values():
        return getattr(connector, action)(account, dry_run=dry_run)
    raise ConnectorError(f"Unknown action {action}.")


def _record(run: ActionRun, *, status: str, result: ActionResult | None = None, error: str = "") -> ActionRun:
    now = timezone.now()
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=run.ticket_id)
        run.status, run.finished_at, run.error = status, now, error[:4000]
        if result is not None:
            run.summary = result.summary[:4000]
            if result.details.get("group"):
                run.parameters = {**run.parameters, "group_dn": result.details["group"]}
        run.save(update_fields=["status", "finished_at", "error", "summary", "parameters", "connector"])
        log = EventLog(ticket, run.actor, EventChannel.SYSTEM if run.actor is None else EventChannel.API, now)
        log.add(EventKind.ACTION_RUN, is_public=False, data=run_event_data(run))
        log.save()
        if result is not None and result.temporary_password is not None:
            _hand_over(run, ticket, result, now)
        if status == Status.FAILED:
            _failed(run, ticket, now)
        elif status in (Status.DONE, Status.UNCHANGED):
            _resolve_when_done(ticket, now)
    return run


def run_event_data(run: ActionRun) -> dict:
    """What the `action_run` event keeps: who, what, on whom, the outcome and which approval
    allowed it (never a secret: the parameters are account and group names)."""
    return {
        "run": run.pk,
        "action": run.action,
        "connector": run.connector_code,
        "account": run.parameters.get("account", ""),
        "group": run.parameters.get("group", ""),
        "status": run.status,
        "dry_run": run.dry_run,
        "summary": run.summary,
        "error": run.error,
        "attempt": run.attempts,
        "approval": run.approval_id,
        "approved_by": run.approved_by,
    }


def _failed(run: ActionRun, ticket: Ticket, now) -> None:
    """The note for agents, and the request to the fulfilment group: never half-done silently."""
    note = _(
        "The automatic action “%(action)s” for %(account)s failed, so the request is not fulfilled: "
        "%(error)s Mend the cause, then retry the action."
    ) % {
        "action": action_label(run.action),
        "account": run.parameters.get("account") or "?",
        "error": run.error,
    }
    tickets.add_system_note(ticket, note, data={"action_run": run.pk}, at=now)
    group = run.group
    if group is not None and group.is_active and ticket.group_id != group.pk:
        current = Ticket.objects.get(pk=ticket.pk)
        tickets.update_ticket(None, current, {"group": group}, channel=SYSTEM, at=now)


# --- the temporary password -------------------------------------------------------------------------


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def secret_path(token: str) -> str:
    return f"/secrets/{token}/"


def _hand_over(run: ActionRun, ticket: Ticket, result: ActionResult, now) -> None:
    person = run.target
    if person is None:
        return
    token = secrets.token_urlsafe(32)
    expires = now + SECRET_LIFETIME
    OneTimeSecret.objects.create(
        ticket=ticket,
        run=run,
        person=person,
        value=result.temporary_password.reveal(),
        token_digest=token_digest(token),
        created_at=now,
        expires_at=expires,
    )
    link = settings.MOKED_BASE_URL.rstrip("/") + secret_path(token)
    account = run.parameters.get("account", "")

    def message():
        subject = _("Your new temporary password (%(reference)s)") % {"reference": ticket.reference}
        body = _(
            "A new temporary password was set for your account %(account)s, as asked in %(reference)s.\n\n"
            "Open this link to see it. It works once, for you only, until %(expires)s:\n%(link)s\n\n"
            "Choose a password of your own when you next sign in."
        ) % {
            "account": account,
            "reference": ticket.reference,
            "expires": expires.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "link": link,
        }
        return subject, body

    notify(
        [person],
        kind=Notification.Kind.ONE_TIME_SECRET,
        ticket=ticket if may_see(person, ticket) else None,
        message=message,
        at=now,
    )


class SecretUnavailable(ValidationError):
    """The link is unknown, someone else's, read already or expired (one message for all)."""


def reveal_secret(person: Person, token: str, *, at=None) -> str:
    """The secret behind a one-time link, for its person only, once, before it expires; it is
    forgotten as it is read. SecretUnavailable otherwise (the same for every reason)."""
    now = at or timezone.now()
    refusal = SecretUnavailable(
        _("This link does not show anything (any more): it works once, for its person, for a few days."),
        code="secret_unavailable",
    )
    if not isinstance(token, str) or not token or len(token) > 100 or not getattr(person, "is_active", False):
        raise refusal
    with transaction.atomic():
        found = OneTimeSecret.objects.select_for_update().filter(token_digest=token_digest(token)).first()
        if (
            found is None
            or found.person_id != person.pk
            or found.read_at is not None
            or found.expires_at <= now
        ):
            raise refusal
        value = str(found.value)
        taken = OneTimeSecret.objects.filter(pk=found.pk, read_at__isnull=True).update(read_at=now, value="")
    if not value or not taken:
        raise refusal
    return value


def forget_expired_secrets(now=None) -> int:
    """Empty the secrets whose time has passed unread (the worker, every hour)."""
    now = now or timezone.now()
    return OneTimeSecret.objects.filter(expires_at__lte=now).exclude(value="").update(value="")


# --- agents -----------------------------------------------------------------------------------------


def _require_work(actor, ticket) -> None:
    require(actor, "tickets.work_ticket", ticket, message=_("You may not do this to this ticket."))


def retry_action(actor: Person, run: ActionRun) -> ActionRun:
    """Run a failed action again (after its cause was mended), then the ones waiting after it; also
    one whose worker died while running it (running for more than STUCK_AFTER)."""
    _require_work(actor, run.ticket)
    with transaction.atomic():
        run = ActionRun.objects.select_for_update().select_related("ticket").get(pk=run.pk)
        stuck = (
            run.status == Status.RUNNING and run.started_at and run.started_at < timezone.now() - STUCK_AFTER
        )
        if run.status != Status.FAILED and not stuck:
            raise ValidationError(
                {"status": ValidationError(_("Only a failed action can be retried."), code="not_failed")}
            )
        if not run.ticket.is_open:
            raise ValidationError(
                {"status": ValidationError(_("The request is no longer open."), code="not_open")}
            )
        if not run.parameters:
            raise ValidationError(
                {
                    "parameters": ValidationError(
                        run.error or _("The action has nothing to act on."), code="no_parameters"
                    )
                }
            )
        run.status, run.actor, run.error = Status.PENDING, actor, ""
        run.save(update_fields=["status", "actor", "error"])
        _run_after_commit(run.ticket_id)
    return run


def complete_task(actor: Person, task: Task, *, at=None) -> Task:
    """Mark an open task done (its checklist with it); when its stage is done the next one opens,
    and when everything is done the request resolves."""
    _require_work(actor, task.ticket)
    now = at or timezone.now()
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=task.ticket_id)
        task = Task.objects.select_for_update().get(pk=task.pk)
        if task.status != Task.Status.OPEN or not ticket.is_open:
            raise ValidationError(
                {"status": ValidationError(_("Only an open task can be completed."), code="not_open")}
            )
        task.checklist = [
            {**item, "done": True, "done_by": item.get("done_by") or actor.pk} for item in task.checklist
        ]
        task.status, task.done_by, task.done_at = Task.Status.DONE, actor, now
        task.save(update_fields=["checklist", "status", "done_by", "done_at"])
        log = EventLog(ticket, actor, EventChannel.API, now)
        _task_event(log, task)
        _open_next_stage(ticket, log, now)
        log.save()
        _resolve_when_done(ticket, now)
    task.refresh_from_db()
    return task


def check_item(actor: Person, task: Task, index: int, *, done: bool = True, at=None) -> Task:
    """Tick (or untick) one item of an open task's checklist."""
    _require_work(actor, task.ticket)
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        if task.status != Task.Status.OPEN:
            raise ValidationError(
                {"status": ValidationError(_("Only an open task can be completed."), code="not_open")}
            )
        if not isinstance(index, int) or not 0 <= index < len(task.checklist):
            raise ValidationError({"item": ValidationError(_("The task has no such item."), code="invalid")})
        item = dict(task.checklist[index])
        item["done"] = bool(done)
        item["done_by"] = actor.pk if done else None
        task.checklist = [*task.checklist[:index], item, *task.checklist[index + 1 :]]
        task.save(update_fields=["checklist"])
    return task


def _open_next_stage(ticket: Ticket, log: EventLog, now) -> None:
    tasks = list(Task.objects.filter(ticket=ticket))
    if any(t.status == Task.Status.OPEN for t in tasks):
        return
    waiting = [t for t in tasks if t.status == Task.Status.WAITING]
    if not waiting:
        return
    stage = min(t.stage for t in waiting)
    for task in waiting:
        if task.stage == stage:
            task.status, task.opened_at = Task.Status.OPEN, now
            task.save(update_fields=["status", "opened_at"])
            _task_event(log, task)


def _resolve_when_done(ticket: Ticket, now) -> None:
    """Resolve the request when every task is done and every action succeeded."""
    ticket = Ticket.objects.get(pk=ticket.pk)
    if not ticket.is_open or ticket.status == lifecycle.AWAITING_APPROVAL:
        return
    tasks = list(Task.objects.filter(ticket=ticket).values_list("status", flat=True))
    runs = list(ActionRun.objects.filter(ticket=ticket, dry_run=False).values_list("status", flat=True))
    if not tasks and not runs:
        return
    if any(status not in (Task.Status.DONE, Task.Status.CANCELLED) for status in tasks):
        return
    if any(status not in (Status.DONE, Status.UNCHANGED) for status in runs):
        return
    tickets.change_status(
        None,
        ticket,
        lifecycle.RESOLVED,
        resolution_code=ResolutionCode.SOLVED,
        resolution_text=_("Fulfilled: every task is done and every automatic action succeeded."),
        channel=SYSTEM,
        at=now,
    )


def on_ticket_events(sender, ticket: Ticket, events, **kwargs) -> None:
    """Receiver of `ticket_events_recorded`: a request closed (cancelled, rejected, closed by an
    agent) cancels its open and waiting tasks and the actions still waiting to run."""
    closed = any(
        event.kind == EventKind.STATUS_CHANGED and event.new_value == lifecycle.CLOSED for event in events
    )
    if not closed:
        return
    Task.objects.filter(ticket=ticket, status__in=[Task.Status.OPEN, Task.Status.WAITING]).update(
        status=Task.Status.CANCELLED
    )
    ActionRun.objects.filter(ticket=ticket, status=Status.PENDING).update(status=Status.CANCELLED)


# --- dry runs (admins) --------------------------------------------------------------------------------


def dry_run_plan(actor: Person, plan, *, organisation, answers: dict, requested_for: Person) -> list[dict]:
    """What each action of a plan would do for this request, with no change anywhere: for each,
    {"position", "action", "connector", "parameters", "status" (dry_run | failed), "summary",
    "error"}. Nothing is stored."""
    require(actor, "fulfilment.configure", message=_("Only admins configure fulfilment."))
    try:
        plan = plans.check_plan(plan)
    except plans.InvalidPlan as invalid:
        raise ValidationError({"plan": [problem_text(problem) for problem in invalid.problems]}) from None
    people = Person.objects.filter(organisation=organisation)
    found = []
    for position, action in enumerate(plan["actions"], start=1):
        outcome = {"position": position, "action": action["action"], "connector": action["connector"]}
        try:
            parameters = plans.action_parameters(
                action,
                answers or {},
                requested_for.username,
                person_login=lambda pk: people.filter(pk=pk).values_list("username", flat=True).first(),
            )
            outcome["parameters"] = parameters
            record = Connector.objects.filter(organisation=organisation, code=action["connector"]).first()
            if record is None:
                raise ConnectorError(f"This organisation has no connector {action['connector']}.")
            result = perform(directory_connector(record), action["action"], parameters, dry_run=True)
        except plans.InvalidPlan as invalid:
            outcome.update(
                status=Status.FAILED, summary="", error=" ".join(map(problem_text, invalid.problems))
            )
        except ConnectorError as error:
            outcome.update(status=Status.FAILED, summary="", error=str(error))
        else:
            outcome.update(status=Status.DRY_RUN, summary=result.summary, error="")
            outcome["changes"] = result.changed
        outcome.setdefault("parameters", {})
        found.append(outcome)
    return found


# --- connectors (admins) -------------------------------------------------------------------------------


def _require_admin(actor) -> None:
    require(actor, "fulfilment.configure", message=_("Only admins configure fulfilment."))


def create_connector(actor: Person, **fields) -> Connector:
    _require_admin(actor)
    return save_new(Connector, fields)


def update_connector(actor: Person, connector: Connector, changes: dict) -> Connector:
    _require_admin(actor)
    changes = {**changes, "updated_at": timezone.now()}
    return save_changes(connector, changes)


def delete_connector(actor: Person, connector: Connector) -> None:
    """Delete a connector; its runs keep its code (and the audit its events)."""
    _require_admin(actor)
    if ActionRun.objects.filter(connector=connector, status__in=[Status.PENDING, Status.RUNNING]).exists():
        raise ValidationError(_("Actions of this connector are waiting to run: switch it off instead."))
    connector.delete()
