"""Who may request a catalogue item, see a request, and configure the catalogue (`rules`).

- `servicerequests.request_item` (person, item): an active item of the person's organisation or
  a shared one (no organisation), for its audience: everyone of the organisation, members of the
  item's client groups, or client managers. The provider's staff may raise any item of an
  organisation they serve (or a shared one) for a caller; the caller's audience is checked then.
- `servicerequests.view_request` (person, service request): whoever may see its ticket
  (tickets.view_ticket), and the person it was requested for.
- `servicerequests.configure_items`: the provider's active admins.
"""

import rules

from moked.people.access import can_see_organisation
from moked.people.models import Role
from moked.people.permissions import is_active, is_active_admin

from .models import Audience


def in_audience(person, item) -> bool:
    """Whether `person`, a client, is someone the item is offered to (organisation and audience);
    the groups' members are read from the database when the audience is groups."""
    if not (person.is_active and person.is_client and item.is_active):
        return False
    if item.organisation_id is not None and item.organisation_id != person.organisation_id:
        return False
    if item.audience == Audience.EVERYONE:
        return True
    if item.audience == Audience.CLIENT_MANAGERS:
        return person.role == Role.CLIENT_MANAGER
    return item.groups.filter(members=person, organisation_id=person.organisation_id).exists()


@rules.predicate
def may_request_item(person, item) -> bool:
    if item is None or not person.is_active:
        return False
    if person.is_client:
        return in_audience(person, item)
    return bool(
        person.is_staff_member
        and item.is_active
        and (item.organisation_id is None or can_see_organisation(person, item.organisation_id))
    )


@rules.predicate
def is_requested_for(person, service_request) -> bool:
    return service_request is not None and service_request.requested_for_id == person.pk


@rules.predicate
def may_view_ticket_of(person, service_request) -> bool:
    return service_request is not None and rules.has_perm(
        "tickets.view_ticket", person, service_request.ticket
    )


rules.add_perm("servicerequests.request_item", may_request_item)
rules.add_perm("servicerequests.view_request", is_active & (is_requested_for | may_view_ticket_of))
rules.add_perm("servicerequests.configure_items", is_active_admin)
