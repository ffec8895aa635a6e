"""Moving a ticket through its lifecycle: resolving, closing, reopening, and the client's
acceptance or rejection of a resolution.
"""

from datetime import timedelta

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moked.people.models import Person

from .. import lifecycle
from ..events import EventLog
from ..models import EventChannel, EventKind, ResolutionCode, Status, Ticket
from .checks import _locked, _require
from .comments import add_comment


def transition_message(code: str) -> str:
    messages = {
        lifecycle.TransitionRefused.UNKNOWN_STATUS: _("This is not a ticket status."),
        lifecycle.TransitionRefused.SAME_STATUS: _("The ticket already has this status."),
        lifecycle.TransitionRefused.NOT_ALLOWED: _("A ticket cannot go from “%(current)s” to “%(target)s”."),
        lifecycle.TransitionRefused.NEEDS_ASSIGNEE: _(
            "Assign the ticket to an agent before setting it to “%(target)s”."
        ),
        lifecycle.TransitionRefused.HAS_ASSIGNEE: _(
            "Remove the assignee before putting the ticket back to “new”."
        ),
        lifecycle.TransitionRefused.NEEDS_RESOLUTION: _("A resolved ticket needs a resolution code."),
        lifecycle.TransitionRefused.REOPEN_WINDOW_PASSED: _(
            "This ticket was closed too long ago to be reopened; open a new ticket instead."
        ),
        lifecycle.TransitionRefused.APPROVAL_ONLY: _(
            "Only the request's approval moves it into or out of “awaiting approval”; "
            "a request can be cancelled (closed) while it waits."
        ),
    }
    return messages[code]


def _status_label(status: str) -> str:
    return str(Status(status).label) if status in Status.values else status


def _refuse_transition(refusal: lifecycle.TransitionRefused):
    params = {"current": _status_label(refusal.current), "target": _status_label(refusal.target)}
    raise ValidationError(
        {"status": ValidationError(transition_message(refusal.code), code=refusal.code, params=params)}
    ) from refusal


def reopen_window(ticket: Ticket) -> timedelta:
    return timedelta(days=ticket.organisation.reopen_window_days)


def allowed_statuses(actor: Person, ticket: Ticket) -> list[str]:
    """The statuses `actor` may move `ticket` to now."""
    state = ticket.lifecycle_state()
    targets = lifecycle.allowed_targets(state, now=timezone.now(), reopen_window=reopen_window(ticket))
    if rules.has_perm("tickets.work_ticket", actor, ticket):
        return targets
    if rules.has_perm("tickets.accept_or_reopen_ticket", actor, ticket):
        reopen = lifecycle.reopen_target(state.has_assignee)
        return [
            t
            for t in targets
            if (lifecycle.is_reopen(ticket.status, t) and t == reopen)
            or (ticket.status == lifecycle.RESOLVED and t == lifecycle.CLOSED)
        ]
    return []


def change_status(
    actor: Person,
    ticket: Ticket,
    status: str,
    *,
    resolution_code: str = "",
    resolution_text: str = "",
    reason: str = "",
    channel: str = EventChannel.API,
    at=None,
    by_approval: bool = False,
) -> Ticket:
    """Move a ticket through its lifecycle.

    Staff may make any move the lifecycle allows. The requester and their client manager may
    accept a resolution (resolved → closed) or reject it by reopening the ticket. Resolving
    needs a resolution code; moving a resolved or closed ticket back to an open status reopens
    it (counted), which a closed ticket allows only within the organisation's reopen window.
    Only the approvals app passes `by_approval` (see lifecycle.check_transition); closing a ticket
    that awaits approval needs a resolution code, kept like a resolution's.
    """
    with transaction.atomic():
        current = _locked(ticket)
        if actor is not None and not rules.has_perm(
            "tickets.work_ticket", actor, current
        ):  # None: the system
            _require("tickets.accept_or_reopen_ticket", actor, current)
            accepts = current.status == lifecycle.RESOLVED and status == lifecycle.CLOSED
            reopens = status == lifecycle.reopen_target(
                current.assignee_id is not None
            ) and lifecycle.is_reopen(current.status, status)
            if not (accepts or reopens):
                raise PermissionDenied(_("You can only accept a resolution or reopen the ticket."))
        if resolution_code and resolution_code not in ResolutionCode.values:
            raise ValidationError(
                {
                    "resolution_code": ValidationError(
                        _("This is not a resolution code."), code="invalid_choice"
                    )
                }
            )
        now = at or timezone.now()
        try:
            lifecycle.check_transition(
                current.lifecycle_state(),
                status,
                resolution_code=resolution_code,
                now=now,
                reopen_window=reopen_window(current),
                by_approval=by_approval,
            )
        except lifecycle.TransitionRefused as refusal:
            _refuse_transition(refusal)

        log = EventLog(current, actor, channel, now)
        data = {"reason": reason.strip()} if reason.strip() else {}
        reopening = lifecycle.is_reopen(current.status, status)
        if reopening:
            data["reopen"] = True
        log.field_change("status", current.status, status, kind=EventKind.STATUS_CHANGED, data=data)
        fields = ["status", "updated_at"]
        ends_with_resolution = status == lifecycle.RESOLVED or (
            status == lifecycle.CLOSED and current.status == lifecycle.AWAITING_APPROVAL
        )
        if ends_with_resolution:
            resolution = [("resolution_code", resolution_code), ("resolution_text", resolution_text.strip())]
            if status == lifecycle.RESOLVED:  # a request closed unapproved was never resolved
                resolution.append(("resolved_at", now))
            for field, value in resolution:
                log.field_change(field, getattr(current, field), value)
                setattr(current, field, value)
                fields.append(field)
        if status == lifecycle.CLOSED:
            log.field_change("closed_at", current.closed_at, now)
            current.closed_at = now
            fields.append("closed_at")
        if reopening:
            current.reopen_count += 1
            log.field_change("reopen_count", current.reopen_count - 1, current.reopen_count)
            fields.append("reopen_count")
            for field in ("resolved_at", "closed_at"):
                if getattr(current, field) is not None:
                    log.field_change(field, getattr(current, field), None)
                    setattr(current, field, None)
                    fields.append(field)
        current.status = status
        current.updated_at = now
        current.save(update_fields=fields)
        log.save()
    return current


def reopen_ticket(
    actor: Person, ticket: Ticket, *, reason: str = "", channel: str = EventChannel.API, at=None
) -> Ticket:
    """Reopen a resolved ticket, or a closed one within the reopen window: back to its assignee or to new."""
    target = lifecycle.reopen_target(ticket.assignee_id is not None)
    if ticket.status not in lifecycle.DONE_STATUSES:
        raise ValidationError(
            {
                "status": ValidationError(
                    _("Only a resolved or closed ticket can be reopened."), code="not_reopenable"
                )
            }
        )
    return change_status(actor, ticket, target, reason=reason, channel=channel, at=at)


def reject_resolution(
    actor: Person, ticket: Ticket, reason: str, *, channel: str = EventChannel.API, at=None
) -> Ticket:
    """The requester (or their client manager) says a resolved ticket is not solved: it reopens
    with their reason on its timeline, and the reason is a public reply in its conversation, where
    the agent reads on. A rejection without a reason is refused."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Say what is still not solved."), code="required")}
        )
    with transaction.atomic():
        reopened = reopen_ticket(actor, ticket, reason=reason, channel=channel, at=at)
        add_comment(actor, reopened, reason, channel=channel, at=at)
    return reopened
