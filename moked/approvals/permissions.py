"""Approvers see the ticket they are asked about: `tickets.view_ticket` is widened here (loaded in
ApprovalsConfig.ready, after the tickets app registered it) to the people asked to approve it and,
while they are away, their delegates. Everyone else sees exactly what they saw before."""

import rules
from django.db.models import Q
from django.utils import timezone

from moked.people.permissions import is_active, is_active_admin
from moked.tickets.permissions import can_view


@rules.predicate
def is_asked_to_approve(person, ticket) -> bool:
    """Someone asked to approve the ticket (a client only while they belong to its organisation),
    or who decided it as a delegate, or the delegate now acting for someone still to decide it."""
    from .acting import acting_for
    from .models import Approver

    if person.is_client and person.organisation_id != ticket.organisation_id:
        return False
    asked_or_decided = Q(person_id=person.pk) | Q(decided_by_id=person.pk)  # a delegate who decided
    if Approver.objects.filter(asked_or_decided, step__approval__ticket_id=ticket.pk).exists():
        return True
    represented = acting_for(person.pk, timezone.now()) - {person.pk}
    return (
        bool(represented)
        and Approver.objects.filter(
            step__approval__ticket_id=ticket.pk,
            person_id__in=represented,
            decision=Approver.Decision.PENDING,
            step__status="pending",
        ).exists()
    )


may_view = can_view | (is_active & is_asked_to_approve)

rules.set_perm("tickets.view_ticket", may_view)
# Setting or ending someone else's delegation (people set their own).
rules.add_perm("approvals.delegate_for_others", is_active_admin)


def tickets_asked_about(person):
    """The tickets `person` was asked to approve or decided as a delegate (their ids): what an
    end user's ticket lists add (tickets.selectors.END_USER_TICKETS), like the rule above."""
    from .models import Approver

    asked_or_decided = Q(person_id=person.pk) | Q(decided_by_id=person.pk)
    return Approver.objects.filter(asked_or_decided).values("step__approval__ticket_id")
