"""What happens to a catalogue request once submitted: its approval, then its fulfilment.

The one place that calls the approvals and fulfilment engines (moked.approvals.services,
moked.fulfilment.services). An item with no approval steps needs no approval; an item with an
empty plan (no tasks, no actions) is fulfilled by people: its ticket stays new, in the item's
fulfilment group, as any ticket the desk works by hand.
"""

from moked.approvals.models import Approver
from moked.approvals.services import start_approval
from moked.approvals.signals import approval_ended
from moked.fulfilment.services import start_fulfilment

from .models import ServiceRequest


def after_submit(service_request: ServiceRequest, *, channel: str, at=None) -> None:
    """Start the item's approval chain; when there is nothing to approve, its fulfilment at once.
    Runs inside the submitting transaction."""
    item = service_request.item
    if item.approval_steps:
        approval = start_approval(
            service_request.ticket,
            item.approval_steps,
            subject_person=service_request.requested_for,
            service=item.service,
            channel=channel,
            at=at,
        )
        if approval is not None:
            return  # fulfilment starts when the approval ends approved (approval_ended)
    fulfil(service_request, approval=None, at=at)


def fulfil(service_request: ServiceRequest, *, approval=None, approved_by: str = "", at=None) -> None:
    """Start the item's fulfilment plan (tasks and automated actions), if it has one."""
    plan = service_request.item.fulfilment_plan or {}
    if not (plan.get("tasks") or plan.get("actions")):
        return  # fulfilled by hand: the ticket waits in the fulfilment group
    start_fulfilment(
        service_request.ticket,
        plan,
        answers=service_request.answers,
        requested_for=service_request.requested_for,
        approval=approval,
        approved_by=approved_by,
        group=service_request.item.fulfilment_group,
        at=at,
    )


def on_approval_ended(sender, *, approval, ticket, outcome, **kwargs) -> None:
    """An approved request goes on to its fulfilment; a rejected or cancelled one has already
    been closed by the approvals engine. Approvals of other tickets (changes) are not ours."""
    if outcome != "approved":
        return
    service_request = (
        ServiceRequest.objects.select_related("item", "requested_for", "ticket")
        .filter(ticket_id=ticket.pk)
        .first()
    )
    if service_request is not None:
        service_request.ticket = ticket  # as the approvals engine has just written it
        fulfil(service_request, approval=approval, approved_by=_approvers(approval))


def _approvers(approval) -> str:
    """Who approved, as the audit of each action keeps it: the people who decided "approve"."""
    approvers = Approver.objects.filter(step__approval=approval, decision=Approver.Decision.APPROVED)
    names = []
    for approver in approvers.select_related("person", "decided_by").order_by("decided_at", "pk"):
        decider = approver.decided_by or approver.person
        names.append(decider.name or decider.username)
    return ", ".join(dict.fromkeys(names))


def connect() -> None:
    """Listen to the approvals engine's approval_ended (from AppConfig.ready)."""
    approval_ended.connect(on_approval_ended, dispatch_uid="servicerequests.fulfil_when_approved")
