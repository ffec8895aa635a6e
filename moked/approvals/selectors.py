"""Reading approvals: what waits for a person's decision, and a ticket's approval for those who may see it."""

import rules
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from .acting import acting_for
from .models import Approval, ApprovalStep, Approver, Delegation


def pending_for(person, *, at=None) -> QuerySet[Approver]:
    """The approvals waiting for `person`'s decision: their own and, while their delegations run,
    those of the people they decide for; oldest first. A client is asked only about their own
    organisation's tickets."""
    if not person.is_active:
        return Approver.objects.none()
    now = at or timezone.now()
    rows = Approver.objects.filter(
        person_id__in=acting_for(person.pk, now),
        decision=Approver.Decision.PENDING,
        counts=True,
        step__status=ApprovalStep.Status.PENDING,
        step__approval__status=Approval.Status.PENDING,
    )
    if person.is_client:
        rows = rows.filter(step__approval__ticket__organisation_id=person.organisation_id)
    return rows.select_related(
        "person", "step__approval__ticket__requester", "step__approval__ticket__organisation"
    ).order_by("step__started_at", "pk")


def pending_approver(person, approver_id: int) -> Approver | None:
    """One of the approvals waiting for `person` (None when it is not theirs to decide now)."""
    return pending_for(person).filter(pk=approver_id).first()


def pending_on_ticket(person, ticket) -> Approver | None:
    """The decision `person` is asked for on `ticket` now (theirs or, as delegate, someone
    else's): what an e-mail reply of theirs about the ticket decides. None when there is none."""
    return pending_for(person).filter(step__approval__ticket_id=ticket.pk).first()


def approval_of(person, ticket) -> Approval | None:
    """The ticket's latest approval with its steps and approvers, for someone who may see the
    ticket (approvers and their delegates included); None otherwise or when it has none."""
    if not rules.has_perm("tickets.view_ticket", person, ticket):
        return None
    approvers = Approver.objects.select_related("person", "decided_by").order_by("pk")
    steps = ApprovalStep.objects.order_by("position").prefetch_related(
        Prefetch("approvers", queryset=approvers, to_attr="asked")
    )
    return (
        Approval.objects.filter(ticket_id=ticket.pk)
        .prefetch_related(Prefetch("approval_steps", queryset=steps, to_attr="ordered_steps"))
        .order_by("-started_at", "-pk")
        .first()
    )


def delegations_of(person) -> QuerySet[Delegation]:
    """A person's delegations not over yet: those they set and those that make them a delegate."""
    return (
        Delegation.objects.filter(
            Q(person_id=person.pk) | Q(delegate_id=person.pk), ends_at__gt=timezone.now()
        )
        .select_related("person", "delegate")
        .order_by("starts_at", "pk")
    )
