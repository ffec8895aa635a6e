"""Who decides for whom at an instant: the delegations in force, followed with
decisions.acting_approver (transitively, stopping at a loop)."""

from .decisions import Delegation, acting_approver
from .models import Delegation as DelegationRecord


def delegations_at(at) -> list[Delegation]:
    """The delegations in force at `at` (people away at one time are few)."""
    rows = DelegationRecord.objects.filter(starts_at__lte=at, ends_at__gt=at)
    return [Delegation(person, delegate, starts, ends) for person, delegate, starts, ends in
            rows.values_list("person_id", "delegate_id", "starts_at", "ends_at")]  # fmt: skip


def acting_person_id(person_id: int, at, delegations: list[Delegation] | None = None) -> int:
    """The id of who decides for `person_id` at `at`: themselves, or their delegate (or the
    delegate's...)."""
    if delegations is None:
        delegations = delegations_at(at)
    return acting_approver(person_id, delegations, at)  # type: ignore[return-value]


def acting_for(person_id: int, at) -> set[int]:
    """The ids of the people `person_id` decides for at `at`, themselves included."""
    delegations = delegations_at(at)
    away = {item.approver for item in delegations}
    return {person_id} | {
        approver for approver in away if acting_approver(approver, delegations, at) == person_id
    }
