"""The ticket lifecycle (pure: no Django imports).

new → assigned → in progress → pending (customer | third party) → resolved → closed, with
reopen from resolved, and from closed within the organisation's reopen window. A request that
needs approval waits in awaiting approval (from new), which only its approval enters and leaves
(to new or assigned when approved, to closed with a resolution code when rejected or cancelled).
A refused move raises TransitionRefused carrying a stable `code`; the service layer turns it into a message.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

NEW = "new"
ASSIGNED = "assigned"
IN_PROGRESS = "in_progress"
PENDING_CUSTOMER = "pending_customer"
PENDING_THIRD_PARTY = "pending_third_party"
AWAITING_APPROVAL = "awaiting_approval"
RESOLVED = "resolved"
CLOSED = "closed"

STATUSES = (
    NEW,
    ASSIGNED,
    IN_PROGRESS,
    PENDING_CUSTOMER,
    PENDING_THIRD_PARTY,
    AWAITING_APPROVAL,
    RESOLVED,
    CLOSED,
)
PENDING_STATUSES = frozenset({PENDING_CUSTOMER, PENDING_THIRD_PARTY})
OPEN_STATUSES = frozenset(
    {NEW, ASSIGNED, IN_PROGRESS, PENDING_CUSTOMER, PENDING_THIRD_PARTY, AWAITING_APPROVAL}
)
DONE_STATUSES = frozenset({RESOLVED, CLOSED})
NEEDS_ASSIGNEE = frozenset({ASSIGNED, IN_PROGRESS})

_WORK = {ASSIGNED, IN_PROGRESS, PENDING_CUSTOMER, PENDING_THIRD_PARTY, RESOLVED}
_REOPEN_TARGETS = {NEW, ASSIGNED, IN_PROGRESS}
TRANSITIONS: dict[str, frozenset[str]] = {
    NEW: frozenset(_WORK | {AWAITING_APPROVAL}),
    ASSIGNED: frozenset(_WORK - {ASSIGNED} | {NEW}),
    IN_PROGRESS: frozenset(_WORK - {IN_PROGRESS}),
    # back to the queue (new) when nobody is assigned, e.g. when the customer answers
    PENDING_CUSTOMER: frozenset(_WORK - {PENDING_CUSTOMER} | {NEW}),
    PENDING_THIRD_PARTY: frozenset(_WORK - {PENDING_THIRD_PARTY} | {NEW}),
    # approved: to the queue or its assignee; rejected, expired or cancelled: closed
    AWAITING_APPROVAL: frozenset({NEW, ASSIGNED, CLOSED}),
    RESOLVED: frozenset(_REOPEN_TARGETS | {CLOSED}),
    CLOSED: frozenset(_REOPEN_TARGETS),
}


class TransitionRefused(ValueError):
    """A status change the lifecycle does not allow; `code` says why."""

    UNKNOWN_STATUS = "unknown_status"
    SAME_STATUS = "same_status"
    NOT_ALLOWED = "transition_not_allowed"
    NEEDS_ASSIGNEE = "needs_assignee"
    HAS_ASSIGNEE = "has_assignee"
    NEEDS_RESOLUTION = "needs_resolution_code"
    REOPEN_WINDOW_PASSED = "reopen_window_passed"
    APPROVAL_ONLY = "approval_only"

    def __init__(self, code: str, current: str, target: str):
        super().__init__(f"{code}: {current} → {target}")
        self.code, self.current, self.target = code, current, target


@dataclass(frozen=True)
class TicketState:
    """What the lifecycle needs to know of a ticket."""

    status: str
    has_assignee: bool
    closed_at: datetime | None = None


def is_reopen(current: str, target: str) -> bool:
    return current in DONE_STATUSES and target in OPEN_STATUSES


def reopen_target(has_assignee: bool) -> str:
    """The status a reopened ticket returns to: back to its assignee, else to the queue."""
    return ASSIGNED if has_assignee else NEW


def check_transition(
    state: TicketState,
    target: str,
    *,
    resolution_code: str = "",
    now: datetime,
    reopen_window: timedelta,
    by_approval: bool = False,
) -> None:
    """Raise TransitionRefused unless a ticket in `state` may move to `target` at `now`.

    Only the approval of a request (`by_approval`) puts it in awaiting approval or lets it out
    other than closed: nobody skips an approval by changing the status.
    """
    current = state.status
    if target not in TRANSITIONS:
        raise TransitionRefused(TransitionRefused.UNKNOWN_STATUS, current, target)
    if target == current:
        raise TransitionRefused(TransitionRefused.SAME_STATUS, current, target)
    if target not in TRANSITIONS[current]:
        raise TransitionRefused(TransitionRefused.NOT_ALLOWED, current, target)
    leaves_approval = current == AWAITING_APPROVAL and target != CLOSED
    if (target == AWAITING_APPROVAL or leaves_approval) and not by_approval:
        raise TransitionRefused(TransitionRefused.APPROVAL_ONLY, current, target)
    if current == AWAITING_APPROVAL and target == CLOSED and not resolution_code:
        raise TransitionRefused(TransitionRefused.NEEDS_RESOLUTION, current, target)
    if target in NEEDS_ASSIGNEE and not state.has_assignee:
        raise TransitionRefused(TransitionRefused.NEEDS_ASSIGNEE, current, target)
    if target == NEW and state.has_assignee:
        raise TransitionRefused(TransitionRefused.HAS_ASSIGNEE, current, target)
    if target == RESOLVED and not resolution_code:
        raise TransitionRefused(TransitionRefused.NEEDS_RESOLUTION, current, target)
    if current == CLOSED and (state.closed_at is None or now - state.closed_at > reopen_window):
        raise TransitionRefused(TransitionRefused.REOPEN_WINDOW_PASSED, current, target)


def allowed_targets(state: TicketState, *, now: datetime, reopen_window: timedelta) -> list[str]:
    """The statuses a ticket in `state` may move to now (resolved assumes a resolution code is given)."""
    allowed = []
    for target in STATUSES:
        try:
            check_transition(state, target, resolution_code="given", now=now, reopen_window=reopen_window)
        except TransitionRefused:
            continue
        allowed.append(target)
    return allowed


def status_after_assignment(status: str, has_assignee: bool) -> str:
    """The status that follows a change of assignee: a new ticket given an agent is assigned;
    an assigned or in-progress ticket that loses its agent goes back to the queue as new."""
    if status == NEW and has_assignee:
        return ASSIGNED
    if status in NEEDS_ASSIGNEE and not has_assignee:
        return NEW
    return status
