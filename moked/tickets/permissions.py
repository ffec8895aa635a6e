"""Who may do what to a ticket, as `rules` predicates (every check is tenant-aware).

Checked with `rules.has_perm(name, person, ticket)`, which skips Django's model-permission
backend and its queries.
"""

import rules

from moked.people.access import can_see_organisation
from moked.people.models import Role
from moked.people.permissions import is_active, is_active_staff


@rules.predicate
def serves_ticket_organisation(person, ticket) -> bool:
    """An agent or team lead who serves the ticket's organisation (admins serve all)."""
    return person.is_staff_member and can_see_organisation(person, ticket.organisation_id)


@rules.predicate
def is_requester(person, ticket) -> bool:
    return ticket.requester_id == person.pk


@rules.predicate
def manages_ticket_organisation(person, ticket) -> bool:
    return person.role == Role.CLIENT_MANAGER and person.organisation_id == ticket.organisation_id


@rules.predicate
def is_client(person) -> bool:
    return person.is_client


@rules.predicate
def follows(person, ticket) -> bool:
    from .models import TicketFollower

    # A follower who has moved to another organisation no longer sees its tickets.
    return (
        person.is_client
        and person.organisation_id == ticket.organisation_id
        and TicketFollower.objects.filter(ticket=ticket, person=person).exists()
    )


can_view = is_active & (serves_ticket_organisation | is_requester | manages_ticket_organisation | follows)
can_work = is_active & serves_ticket_organisation

rules.add_perm("tickets.view_ticket", can_view)
# Public replies and attachments: the requester, their client manager and the staff serving them.
rules.add_perm("tickets.reply_ticket", can_view)
# Fields, internal notes, escalation, any lifecycle move, phone calls: the provider's staff.
rules.add_perm("tickets.work_ticket", can_work)
# Accepting a resolution (closing) or rejecting it (reopening): the client side too.
rules.add_perm("tickets.accept_or_reopen_ticket", can_view)
# Logging a phone call (for a caller of an organisation served, as log_call checks): the staff.
rules.add_perm("tickets.log_calls", is_active_staff)
