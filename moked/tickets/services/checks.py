"""What every action on a ticket shares: the permission check, the row lock, and the checks of
a ticket's tags, description and references against its organisation.
"""

import re

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from moked.people.access import can_see_organisation
from moked.people.models import CLIENT_ROLES, Person
from moked.people.permissions import require
from moked.tenancy import priority as priority_matrix
from moked.tenancy.models import Organisation

from .. import lifecycle
from ..models import MAX_DESCRIPTION_LENGTH, Ticket

MAX_TAGS = 20
# full_clean checks the plain fields (choices, lengths); _check_references checks these against
# the organisation, and the database's constraints back both.
_REFERENCE_FIELDS = [
    "number",
    "requester",
    "organisation",
    "service",
    "category",
    "group",
    "assignee",
    "escalated_to",
]
_TAG = re.compile(r"^[\w][\w.+-]{0,49}$")


def _require(permission: str, actor: Person | None, ticket: Ticket) -> None:
    """Refuse unless `actor` may; `None` is the system itself (SLA escalation, automation), which
    acts on the provider's own configured rules and is never reachable from a request."""
    if actor is not None:
        require(actor, permission, ticket, message=_("You may not do this to this ticket."))


def normalise_tags(tags) -> list[str]:
    """Tags as stored: lower-case, spaces to hyphens, unique, sorted; bad ones are refused."""
    cleaned = set()
    for raw in tags:
        tag = re.sub(r"\s+", "-", str(raw).strip().lower())
        if not _TAG.match(tag):
            raise ValidationError(
                {
                    "tags": ValidationError(
                        _("“%(tag)s” is not a valid tag: use up to 50 letters, digits, hyphens or dots."),
                        code="invalid_tag",
                        params={"tag": raw},
                    )
                }
            )
        cleaned.add(tag)
    if len(cleaned) > MAX_TAGS:
        raise ValidationError(
            {
                "tags": ValidationError(
                    _("A ticket has at most %(max)d tags."), code="too_many_tags", params={"max": MAX_TAGS}
                )
            }
        )
    return sorted(cleaned)


_RELATION_FIELDS = ("requester", "service", "category", "group", "assignee")


def _check_references(ticket: Ticket, errors: dict, fields=_RELATION_FIELDS) -> None:
    """Collect into `errors` each reference among `fields` that does not fit the ticket's organisation
    (a change of group re-checks that the assignee is a member of it)."""
    org_id = ticket.organisation_id
    if "requester" in fields:
        requester = ticket.requester
        if requester.role not in CLIENT_ROLES or requester.organisation_id != org_id:
            errors["requester"] = _("The requester must be a person of the ticket's organisation.")
        elif not requester.is_active:
            errors["requester"] = _("This person's account is disabled.")
    if (
        "service" in fields
        and ticket.service_id
        and (ticket.service.organisation_id != org_id or not ticket.service.is_active)
    ):
        errors["service"] = _("This service is not an active service of the ticket's organisation.")
    if (
        "category" in fields
        and ticket.category_id
        and (not ticket.category.is_usable_by(org_id) or not ticket.category.is_active)
    ):
        errors["category"] = _("This category cannot be used for the ticket's organisation.")
    if "group" in fields and ticket.group_id and not ticket.group.is_active:
        errors["group"] = _("This group is no longer active.")
    if ("assignee" in fields or "group" in fields) and ticket.assignee_id:
        assignee = ticket.assignee
        if not (assignee.is_active and assignee.is_staff_member and can_see_organisation(assignee, org_id)):
            errors["assignee"] = _(
                "The assignee must be an active agent who serves the ticket's organisation."
            )
        elif ticket.group_id and not ticket.group.members.filter(pk=assignee.pk).exists():
            errors["assignee"] = _("The assignee is not a member of the ticket's group.")


def _check_organisation_open(organisation: Organisation) -> None:
    if not organisation.is_active:
        raise ValidationError(
            {
                "organisation": ValidationError(
                    _("This organisation is suspended: it cannot open new tickets."),
                    code="organisation_suspended",
                )
            }
        )


def check_description(description: str) -> None:
    """Refuse a description longer than MAX_DESCRIPTION_LENGTH characters, saying by how much:
    longer texts (logs, dumps) belong in an attached file, where they cost a page nothing."""
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise ValidationError(
            _(
                "A description may be at most %(limit)s characters; this one has %(length)s. "
                "Attach longer texts, such as logs, as a file."
            ),
            code="too_long",
            params={
                "limit": formats.number_format(MAX_DESCRIPTION_LENGTH, force_grouping=True),
                "length": formats.number_format(len(description), force_grouping=True),
            },
        )


def _matrix_priority(organisation: Organisation, impact, urgency) -> int:
    """The matrix priority; for an impact or urgency out of range, the current lowest, so that
    full_clean reports the bad field instead of this failing first."""
    if impact in priority_matrix.IMPACTS and urgency in priority_matrix.URGENCIES:
        return organisation.priority_for(impact, urgency)
    return priority_matrix.PRIORITIES[-1]


def _locked(ticket: Ticket) -> Ticket:
    """The ticket re-read under a row lock, so concurrent changes apply one after the other."""
    return Ticket.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=ticket.pk)


def _refuse_closed(ticket: Ticket, *, field: str) -> None:
    """A closed ticket takes no more public conversation."""
    if ticket.status == lifecycle.CLOSED:
        message = _("This ticket is closed: reopen it, or open a new ticket.")
        raise ValidationError({field: ValidationError(message, code="ticket_closed")})
