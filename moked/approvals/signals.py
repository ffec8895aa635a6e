"""What approvals tell the apps above them (service requests start fulfilment, later changes go ahead)."""

from django.dispatch import Signal

# Sent inside the transaction that ended an approval, after its ticket has moved (approved → new or
# assigned; rejected → closed as not approved, the requester told; cancelled: the ticket was closed
# while it waited), with `approval`, `ticket` and `outcome` ("approved", "rejected", "cancelled").
approval_ended = Signal()
