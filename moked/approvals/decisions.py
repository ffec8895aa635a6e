"""How approval steps and chains are decided, who decides for whom, and what a reply says (pure).

A **step** has approvers and a rule: every approver must approve (`ALL`), any one suffices
(`ANY`), or at least `n` of them (`AT_LEAST`). A step is decided as soon as its outcome can no
longer change: under ALL the first rejection rejects it; under ANY the first approval approves it,
and it is rejected only when every approver rejected; under AT_LEAST it is approved at the n-th
approval and rejected once too few approvers are left undecided to reach n.

A **chain** is its steps in order: the first step not yet approved is the one waiting; a rejected
step rejects the chain; the chain is approved when every step is (a chain of no steps is).

**Delegation**: an approver away for a period names a delegate, who decides in their place (and
the delegate's own delegate in turn, if they are away too). `acting_approver` follows those links
at a given instant, stopping at a loop.

**Replies**: `decision_in_reply` reads the first word of an e-mail reply as approve or reject, in
English, Hebrew, Persian or Finnish, and nothing else.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

ALL, ANY, AT_LEAST = "all", "any", "at_least"
APPROVE, REJECT = "approve", "reject"
PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"


@dataclass(frozen=True)
class Step:
    """One step's rule; `needed` is n for AT_LEAST (1 ≤ n ≤ number of approvers)."""

    rule: str
    needed: int = 1

    def __post_init__(self) -> None:
        if self.rule not in (ALL, ANY, AT_LEAST):
            raise ValueError(f"unknown rule {self.rule!r}")
        if self.rule == AT_LEAST and self.needed < 1:
            raise ValueError("at least one approval is needed")


def step_outcome(step: Step, approvers: Collection[Hashable], decisions: Mapping[Hashable, str]) -> str:
    """PENDING, APPROVED or REJECTED for the step, from the decisions of its approvers (decisions
    by anyone else do not count). A step with no approvers cannot be approved: it is rejected."""
    if not approvers:
        return REJECTED
    counted = {approver: decisions[approver] for approver in approvers if approver in decisions}
    approvals = sum(1 for decision in counted.values() if decision == APPROVE)
    rejections = sum(1 for decision in counted.values() if decision == REJECT)
    undecided = len(approvers) - approvals - rejections
    if step.rule == ALL:
        if rejections:
            return REJECTED
        return APPROVED if undecided == 0 else PENDING
    if step.rule == ANY:
        if approvals:
            return APPROVED
        return REJECTED if undecided == 0 else PENDING
    needed = min(step.needed, len(approvers))
    if approvals >= needed:
        return APPROVED
    return REJECTED if approvals + undecided < needed else PENDING


def chain_outcome(outcomes: Sequence[str]) -> tuple[str, int | None]:
    """The chain's outcome from its steps' outcomes in order, and the index of the step waiting
    (None once the chain is decided)."""
    for index, outcome in enumerate(outcomes):
        if outcome == REJECTED:
            return REJECTED, None
        if outcome == PENDING:
            return PENDING, index
    return APPROVED, None


@dataclass(frozen=True)
class Delegation:
    """`approver` is away from `starts` to `ends` (exclusive): `delegate` decides for them."""

    approver: Hashable
    delegate: Hashable
    starts: datetime
    ends: datetime


def acting_approver(approver: Hashable, delegations: Iterable[Delegation], at: datetime) -> Hashable:
    """Who decides for `approver` at `at`: their delegate's delegate... as far as the links go,
    or the last person before a link would lead back to someone already on the way."""
    current = {item.approver: item.delegate for item in delegations if item.starts <= at < item.ends}
    seen = [approver]
    while seen[-1] in current and current[seen[-1]] not in seen:
        seen.append(current[seen[-1]])
    return seen[-1]


# The words a reply may start with: each language's forms of approve and reject, and nothing
# vaguer ("yes", "no", "ok"), since "No problem, approved" must not reject.
_APPROVING_FORMS = (
    "approve", "approved", "approves",  # en
    "אשר", "אשרו", "מאשר", "מאשרת", "מאשרים", "מאושר", "אושר",  # he
    "تایید", "تأیید", "موافقم",  # fa
    "hyväksy", "hyväksyn", "hyväksytty", "hyväksytään",  # fi
)  # fmt: skip
_REJECTING_FORMS = (
    "reject", "rejected", "rejects", "deny", "denied",  # en
    "דחה", "דחו", "דוחה", "דוחים", "נדחה",  # he
    "رد", "مخالفم",  # fa
    "hylkää", "hylkään", "hylätty", "hylätään",  # fi
)  # fmt: skip


def _word(text: str) -> str:
    """The text's first word, case-folded, without marks around it or diacritics (Hebrew points,
    Arabic-script short vowels), with Arabic ي and ك as the Persian ی and ک, and no zero-width
    joiners or non-joiners."""
    cleaned = unicodedata.normalize("NFKC", text).replace("\u200c", "").replace("\u200d", "")
    for word in cleaned.split():
        stripped = "".join(
            char for char in unicodedata.normalize("NFD", word) if unicodedata.category(char) != "Mn"
        )
        stripped = unicodedata.normalize("NFC", stripped).strip(".,;:!?()[]{}\"'«»“”„-—–*_،؛؟").casefold()
        if stripped:
            return stripped.replace("ي", "ی").replace("ك", "ک")
    return ""


_APPROVING = frozenset(_word(form) for form in _APPROVING_FORMS)
_REJECTING = frozenset(_word(form) for form in _REJECTING_FORMS)


def decision_in_reply(text: str) -> str | None:
    """APPROVE or REJECT when the reply's first word says so (in en, he, fa or fi), else None."""
    word = _word(text)
    if word in _APPROVING:
        return APPROVE
    if word in _REJECTING:
        return REJECT
    return None
