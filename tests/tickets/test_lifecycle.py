from datetime import UTC, datetime, timedelta

import pytest

from moked.tickets import lifecycle as lc
from moked.tickets.lifecycle import TicketState, TransitionRefused

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
WINDOW = timedelta(days=14)


def check(status, target, *, assignee=True, closed_at=None, resolution_code="solved"):
    lc.check_transition(
        TicketState(status, assignee, closed_at),
        target,
        resolution_code=resolution_code,
        now=NOW,
        reopen_window=WINDOW,
    )


def refusal(status, target, **kwargs) -> str:
    with pytest.raises(TransitionRefused) as raised:
        check(status, target, **kwargs)
    return raised.value.code


@pytest.mark.parametrize(
    ("status", "target"),
    [
        (lc.NEW, lc.ASSIGNED),
        (lc.NEW, lc.IN_PROGRESS),
        (lc.NEW, lc.RESOLVED),
        (lc.ASSIGNED, lc.IN_PROGRESS),
        (lc.IN_PROGRESS, lc.PENDING_CUSTOMER),
        (lc.IN_PROGRESS, lc.PENDING_THIRD_PARTY),
        (lc.PENDING_CUSTOMER, lc.IN_PROGRESS),
        (lc.PENDING_CUSTOMER, lc.PENDING_THIRD_PARTY),
        (lc.PENDING_THIRD_PARTY, lc.RESOLVED),
        (lc.IN_PROGRESS, lc.RESOLVED),
        (lc.RESOLVED, lc.CLOSED),
        (lc.RESOLVED, lc.IN_PROGRESS),
        (lc.RESOLVED, lc.ASSIGNED),
    ],
)
def test_the_lifecycle_allows(status, target):
    check(status, target)


@pytest.mark.parametrize(
    ("status", "target"),
    [
        (lc.NEW, lc.CLOSED),
        (lc.IN_PROGRESS, lc.CLOSED),
        (lc.PENDING_CUSTOMER, lc.CLOSED),
        (lc.CLOSED, lc.RESOLVED),
        (lc.IN_PROGRESS, lc.NEW),
        (lc.CLOSED, lc.PENDING_CUSTOMER),
    ],
)
def test_the_lifecycle_refuses(status, target):
    assert refusal(status, target, closed_at=NOW) == TransitionRefused.NOT_ALLOWED


def test_unknown_and_same_status():
    assert refusal(lc.NEW, "done") == TransitionRefused.UNKNOWN_STATUS
    assert refusal(lc.ASSIGNED, lc.ASSIGNED) == TransitionRefused.SAME_STATUS


def test_assigned_and_in_progress_need_an_assignee():
    assert refusal(lc.NEW, lc.ASSIGNED, assignee=False) == TransitionRefused.NEEDS_ASSIGNEE
    assert refusal(lc.PENDING_CUSTOMER, lc.IN_PROGRESS, assignee=False) == TransitionRefused.NEEDS_ASSIGNEE
    check(lc.NEW, lc.PENDING_CUSTOMER, assignee=False)


def test_back_to_new_only_without_an_assignee():
    assert refusal(lc.ASSIGNED, lc.NEW, assignee=True) == TransitionRefused.HAS_ASSIGNEE
    check(lc.ASSIGNED, lc.NEW, assignee=False)
    check(lc.RESOLVED, lc.NEW, assignee=False)


def test_resolving_needs_a_resolution_code():
    assert refusal(lc.IN_PROGRESS, lc.RESOLVED, resolution_code="") == TransitionRefused.NEEDS_RESOLUTION


def test_a_closed_ticket_reopens_only_within_the_window():
    check(lc.CLOSED, lc.ASSIGNED, closed_at=NOW - WINDOW)
    assert refusal(lc.CLOSED, lc.ASSIGNED, closed_at=NOW - WINDOW - timedelta(seconds=1)) == (
        TransitionRefused.REOPEN_WINDOW_PASSED
    )
    assert refusal(lc.CLOSED, lc.ASSIGNED, closed_at=None) == TransitionRefused.REOPEN_WINDOW_PASSED


def test_reopen_is_a_move_from_done_to_open():
    assert lc.is_reopen(lc.RESOLVED, lc.IN_PROGRESS)
    assert lc.is_reopen(lc.CLOSED, lc.NEW)
    assert not lc.is_reopen(lc.RESOLVED, lc.CLOSED)
    assert not lc.is_reopen(lc.IN_PROGRESS, lc.RESOLVED)
    assert lc.reopen_target(has_assignee=True) == lc.ASSIGNED
    assert lc.reopen_target(has_assignee=False) == lc.NEW


def test_allowed_targets_lists_exactly_the_legal_moves():
    state = TicketState(lc.IN_PROGRESS, has_assignee=True)
    assert lc.allowed_targets(state, now=NOW, reopen_window=WINDOW) == [
        lc.ASSIGNED,
        lc.PENDING_CUSTOMER,
        lc.PENDING_THIRD_PARTY,
        lc.RESOLVED,
    ]
    closed_long_ago = TicketState(lc.CLOSED, has_assignee=False, closed_at=NOW - timedelta(days=30))
    assert lc.allowed_targets(closed_long_ago, now=NOW, reopen_window=WINDOW) == []


@pytest.mark.parametrize(
    ("status", "has_assignee", "expected"),
    [
        (lc.NEW, True, lc.ASSIGNED),
        (lc.ASSIGNED, False, lc.NEW),
        (lc.IN_PROGRESS, False, lc.NEW),
        (lc.PENDING_CUSTOMER, False, lc.PENDING_CUSTOMER),
        (lc.ASSIGNED, True, lc.ASSIGNED),
        (lc.NEW, False, lc.NEW),
    ],
)
def test_status_after_assignment(status, has_assignee, expected):
    assert lc.status_after_assignment(status, has_assignee) == expected


def approval_move(status, target, *, assignee=False, resolution_code=""):
    lc.check_transition(
        TicketState(status, assignee),
        target,
        resolution_code=resolution_code,
        now=NOW,
        reopen_window=WINDOW,
        by_approval=True,
    )


@pytest.mark.parametrize(
    ("status", "target", "assignee"),
    [
        (lc.NEW, lc.AWAITING_APPROVAL, False),  # a request starts waiting
        (lc.AWAITING_APPROVAL, lc.ASSIGNED, True),  # approved, back to its assignee
        (lc.AWAITING_APPROVAL, lc.IN_PROGRESS, True),
    ],
)
def test_only_an_approval_enters_or_leaves_awaiting_approval(status, target, assignee):
    if target == lc.IN_PROGRESS:
        assert refusal(status, target, assignee=assignee) == TransitionRefused.NOT_ALLOWED
        return
    assert refusal(status, target, assignee=assignee) == TransitionRefused.APPROVAL_ONLY
    approval_move(status, target, assignee=assignee)


def test_an_approved_request_without_assignee_goes_back_to_new():
    assert refusal(lc.AWAITING_APPROVAL, lc.NEW, assignee=False) == TransitionRefused.APPROVAL_ONLY
    approval_move(lc.AWAITING_APPROVAL, lc.NEW)


def test_a_waiting_request_is_closed_with_a_resolution_code_by_anyone_who_may_work_it():
    check(lc.AWAITING_APPROVAL, lc.CLOSED, resolution_code="cancelled")
    assert refusal(lc.AWAITING_APPROVAL, lc.CLOSED, resolution_code="") == TransitionRefused.NEEDS_RESOLUTION


def test_awaiting_approval_is_open_and_no_agent_is_offered_it():
    assert lc.AWAITING_APPROVAL in lc.OPEN_STATUSES
    for status in lc.STATUSES:
        offered = lc.allowed_targets(TicketState(status, True, NOW), now=NOW, reopen_window=WINDOW)
        assert lc.AWAITING_APPROVAL not in offered
    waiting = lc.allowed_targets(TicketState(lc.AWAITING_APPROVAL, False), now=NOW, reopen_window=WINDOW)
    assert waiting == [lc.CLOSED]
