"""The catalogue pages' one door to the service-request apps, so that switching to them is one import.

Each function here stands in for one of `moked.servicerequests` (selectors.items_for,
services.submit_request) while those are being written, and reads the approval progress and
the tasks of a request from `moked.approvals` / `moked.fulfilment` once they exist. The pages
(moked.web.portal.catalogue, the phone desk) call only this module.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext

from moked.catalog.request_forms import clean_answers
from moked.people.access import can_see_organisation
from moked.people.models import CLIENT_ROLES, Person, Role
from moked.servicerequests.models import Audience, CatalogItem, ServiceRequest
from moked.tickets import services as tickets
from moked.tickets.models import TicketType

from ..common.catalogue_forms import answers_as_text, in_language, token_of

try:  # the approvals app's reads, once merged
    from moked.approvals.selectors import approval_of as _approval_of
except ImportError:  # pragma: no cover - until moked.approvals.selectors lands
    _approval_of = None
try:  # the fulfilment app's reads, once merged
    from moked.fulfilment.selectors import tasks_of as _tasks_of
except ImportError:  # pragma: no cover - until moked.fulfilment.selectors lands
    _tasks_of = None


def items_for(person: Person, *, query: str = "", organisation=None) -> list[CatalogItem]:
    """To be replaced by `moked.servicerequests.selectors.items_for` when merged.

    The active items `person` may request for `organisation` (theirs by default): the
    organisation's own and the shared ones, audience respected (everyone, members of the chosen
    groups, client managers), those whose name or description in any language holds `query`."""
    organisation_id = organisation.pk if organisation is not None else person.organisation_id
    if not person.is_active or organisation_id is None:
        return []
    items = (
        CatalogItem.objects.filter(Q(organisation_id=organisation_id) | Q(organisation__isnull=True))
        .filter(is_active=True)
        .select_related("category")
    )
    if person.is_client:
        audience = Q(audience=Audience.EVERYONE) | Q(audience=Audience.GROUPS, groups__members=person)
        if person.role == Role.CLIENT_MANAGER:
            audience |= Q(audience=Audience.CLIENT_MANAGERS)
        items = items.filter(audience).distinct()
    found = list(items.order_by("code"))
    words = query.casefold().split()
    if words:
        found = [item for item in found if all(word in _searchable(item) for word in words)]
    return found


def _searchable(item: CatalogItem) -> str:
    texts = [item.code]
    for field in (item.name, item.description):
        if isinstance(field, Mapping):
            texts.extend(str(text) for text in field.values())
    return " ".join(texts).casefold()


def people_of(person: Person, organisation) -> list[Person]:
    """To be replaced by a `moked.servicerequests.selectors` read when merged.

    The people of `organisation` a request may be made for, or named in a form's person field:
    its active clients, when `person` belongs to it or serves it."""
    if organisation is None or not person.is_active:
        return []
    if person.is_client and person.organisation_id != organisation.pk:
        return []
    if not person.is_client and not can_see_organisation(person, organisation.pk):
        return []
    return list(
        Person.objects.filter(organisation=organisation, is_active=True, role__in=CLIENT_ROLES).order_by(
            "name", "pk"
        )
    )


def submit_request(
    actor: Person,
    item: CatalogItem,
    answers: Mapping[str, Any],
    *,
    requested_for: Person | None = None,
    requested_by: Person | None = None,
    channel: str,
    files: Mapping[str, Any] | None = None,
    at=None,
) -> ServiceRequest:
    """To be replaced by `moked.servicerequests.services.submit_request` when merged.

    Checks `answers` with the item's current form (clean_answers: hidden fields' values dropped;
    refused: a ValidationError naming each field, in the reader's language), then opens the
    service-request ticket (its requester, `requested_by`: the actor, or, when staff raise it,
    the caller, by default the person it is for), subject the item's name and description the
    answers in the requester's language, with the files (`{field key: upload}`, each answer the
    file's name), and records the ServiceRequest, one change. Starting approval and fulfilment
    is submit_request's once merged."""
    form = item.current_form()
    if form is None:
        raise ValidationError(gettext("This item cannot be requested yet."))
    requested_by = actor if actor.is_client else (requested_by or requested_for)
    requested_for = requested_for or requested_by
    organisation = requested_by.organisation if requested_by is not None else None
    people = people_of(actor, organisation)
    if organisation is None or requested_by not in people or requested_for not in people:
        raise ValidationError(gettext("A request can be made only for a person of your organisation."))
    files = dict(files or {})
    tokens = {token_of(upload) for upload in files.values()}
    names = {person.pk: person.name for person in people}
    allowed = set(names)
    checked = clean_answers(
        form.fields,
        answers,
        known_people=lambda ids: [pk for pk in ids if pk in allowed],
        known_attachments=lambda names: [name for name in names if name in tokens],
    )
    if not checked.ok:
        raise ValidationError(
            {
                key or NON_FIELD_ERRORS: [gettext(template) % params for template, params in problems]
                for key, problems in checked.errors.items()
            }
        )
    kept = [upload for key, upload in files.items() if key in checked.values]
    service = item.service if item.service and item.service.organisation_id == organisation.pk else None
    category = item.category if item.category and item.category.is_usable_by(organisation.pk) else None
    requester = requested_by
    with translation.override(requester.preferred_language):
        subject = in_language(item.name)
        description = answers_as_text(form.fields, checked.values, names=names)
        if requested_for.pk != requester.pk:
            description = (
                gettext("Requested for %(name)s.") % {"name": requested_for.name} + "\n\n" + description
            )
    with transaction.atomic():
        ticket = tickets.create_ticket(
            actor,
            organisation=organisation,
            requester=requester,
            subject=subject,
            description=description,
            ticket_type=TicketType.SERVICE_REQUEST,
            service=service,
            category=category,
            channel=channel,
            files=kept,
            at=at,
        )
        return ServiceRequest.objects.create(
            ticket=ticket,
            item=item,
            form=form,
            answers=checked.values,
            requested_by=requested_by,
            requested_for=requested_for,
            created_at=ticket.created_at,
        )


def request_of(person: Person, ticket) -> ServiceRequest:
    """To be replaced by `moked.servicerequests.selectors.request_of` when merged.

    The catalogue request of `ticket` (one `person` may see, as the page checked); else
    ServiceRequest.DoesNotExist."""
    return ServiceRequest.objects.select_related("form", "item", "requested_by", "requested_for").get(
        ticket_id=ticket.pk
    )


def progress_of(person: Person, ticket) -> tuple[Any, list]:
    """The request's approval (None before the approvals app lands, or with nothing to approve)
    and its tasks (none before the fulfilment app lands), as `person` may see them."""
    approval = _approval_of(person, ticket) if _approval_of is not None else None
    tasks = list(_tasks_of(person, ticket)) if _tasks_of is not None else []
    return approval, tasks
