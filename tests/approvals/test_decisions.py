"""Approval steps, chains, delegation and replies (pure)."""

from datetime import UTC, datetime

import pytest

from moked.approvals.decisions import (
    ALL,
    ANY,
    APPROVE,
    APPROVED,
    AT_LEAST,
    PENDING,
    REJECT,
    REJECTED,
    Delegation,
    Step,
    acting_approver,
    chain_outcome,
    decision_in_reply,
    step_outcome,
)

TEAM = ["ada", "ben", "chen"]


@pytest.mark.parametrize(
    ("step", "decisions", "expected"),
    [
        (Step(ALL), {}, PENDING),
        (Step(ALL), {"ada": APPROVE, "ben": APPROVE}, PENDING),
        (Step(ALL), {"ada": APPROVE, "ben": APPROVE, "chen": APPROVE}, APPROVED),
        (Step(ALL), {"ada": APPROVE, "ben": REJECT}, REJECTED),
        (Step(ANY), {"ada": REJECT}, PENDING),
        (Step(ANY), {"ada": REJECT, "ben": APPROVE}, APPROVED),
        (Step(ANY), {"ada": REJECT, "ben": REJECT, "chen": REJECT}, REJECTED),
        (Step(AT_LEAST, 2), {"ada": APPROVE}, PENDING),
        (Step(AT_LEAST, 2), {"ada": APPROVE, "chen": APPROVE}, APPROVED),
        (Step(AT_LEAST, 2), {"ada": REJECT, "ben": REJECT}, REJECTED),  # one left cannot make two
        (Step(AT_LEAST, 2), {"ada": REJECT, "ben": APPROVE}, PENDING),
        (Step(AT_LEAST, 5), {"ada": APPROVE, "ben": APPROVE, "chen": APPROVE}, APPROVED),  # n above m: all
        (Step(ALL), {"mallory": APPROVE, "ada": APPROVE, "ben": APPROVE}, PENDING),  # not an approver
    ],
)
def test_a_step_is_decided_as_soon_as_its_outcome_cannot_change(step, decisions, expected):
    assert step_outcome(step, TEAM, decisions) == expected


def test_a_step_nobody_can_approve_is_rejected_and_a_bad_rule_is_refused():
    assert step_outcome(Step(ANY), [], {}) == REJECTED
    with pytest.raises(ValueError):
        Step("most")
    with pytest.raises(ValueError):
        Step(AT_LEAST, 0)


def test_a_chain_waits_on_its_first_undecided_step_and_stops_at_a_rejection():
    assert chain_outcome([APPROVED, PENDING, PENDING]) == (PENDING, 1)
    assert chain_outcome([APPROVED, REJECTED, PENDING]) == (REJECTED, None)
    assert chain_outcome([APPROVED, APPROVED]) == (APPROVED, None)
    assert chain_outcome([]) == (APPROVED, None)


def at(day):
    return datetime(2026, 12, day, 12, tzinfo=UTC)


def test_a_delegate_decides_while_the_approver_is_away_and_links_are_followed_but_not_round():
    away = [
        Delegation("ada", "ben", at(1), at(10)),
        Delegation("ben", "chen", at(5), at(8)),
        Delegation("chen", "ada", at(6), at(7)),
    ]
    assert acting_approver("ada", away, at(2)) == "ben"
    assert acting_approver("ada", away, at(5)) == "chen"  # ben is away too
    assert acting_approver("ada", away, at(6)) == "chen"  # chen's delegate would lead back to ada
    assert acting_approver("ada", away, at(10)) == "ada"  # back: the end is exclusive
    assert acting_approver("dan", away, at(2)) == "dan"


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("Approve", APPROVE),
        ("approved.\n\nThanks, Noa", APPROVE),
        ("  *Rejected* - not in budget", REJECT),
        ("מאשרת, בהצלחה", APPROVE),
        ("אָשֵׁר", APPROVE),  # with vowel points
        ("נדחה. אין תקציב", REJECT),
        ("تأیید", APPROVE),
        ("تاييد شد", APPROVE),  # Arabic yeh
        ("رد می‌شود", REJECT),
        ("Hyväksyn.", APPROVE),
        ("HYLÄTTY", REJECT),
        ("No problem, approved", None),
        ("Please approve this", None),
        ("", None),
        ("?!", None),
    ],
)
def test_the_first_word_of_a_reply_approves_or_rejects_in_four_languages(reply, expected):
    assert decision_in_reply(reply) == expected
