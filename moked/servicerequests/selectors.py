"""Reading the catalogue and its requests, scoped to what the acting person may see."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext

from moked.catalog import request_forms as rf
from moked.people.access import can_see_organisation, organisation_filter
from moked.people.models import Person, Role
from moked.tenancy.models import Organisation
from moked.tickets import numbering
from moked.tickets.models import Ticket
from moked.tickets.selectors import visible_tickets

from .models import Audience, CatalogItem, RequestForm, ServiceRequest
from .texts import Answer, answer_rows, matches


def _organisation_id(person: Person, organisation: Organisation | None) -> int | bool | None:
    """The organisation whose catalogue `person` reads: a client's own (another one: False,
    nothing); for staff the one given if they serve it (False if not), or None (all they serve)."""
    if person.is_client:
        if organisation is not None and organisation.pk != person.organisation_id:
            return False
        return person.organisation_id
    if organisation is None:
        return None
    return organisation.pk if can_see_organisation(person, organisation.pk) else False


def items_for(
    person: Person, *, query: str = "", organisation: Organisation | None = None
) -> QuerySet[CatalogItem]:
    """The active items `person` may request: their organisation's and the shared ones, for
    their audience (everyone, members of the item's client groups, client managers), whose name
    or description holds every word of `query` in one of the four languages.

    The provider's staff, taking a call, pick the caller's `organisation` (one they serve): its
    items and the shared ones, whatever the audience (submitting checks the caller's). Without
    one they get the items of every organisation they serve and the shared ones."""
    items = CatalogItem.objects.filter(is_active=True).select_related("category", "service")
    if not person.is_active:
        return items.none()
    organisation_id = _organisation_id(person, organisation)
    if organisation_id is False:
        return items.none()
    if organisation_id is None:
        items = items.filter(organisation_filter(person) | Q(organisation__isnull=True))
    else:
        items = items.filter(Q(organisation_id=organisation_id) | Q(organisation__isnull=True))
    if person.is_client:
        audience = Q(audience=Audience.EVERYONE) | Q(
            pk__in=CatalogItem.groups.through.objects.filter(
                clientgroup__members=person, clientgroup__organisation_id=person.organisation_id
            ).values("catalogitem_id"),
            audience=Audience.GROUPS,
        )
        if person.role == Role.CLIENT_MANAGER:
            audience |= Q(audience=Audience.CLIENT_MANAGERS)
        items = items.filter(audience)
    if query.strip():
        found = [
            pk
            for pk, code, name, description in items.values_list("pk", "code", "name", "description")
            if matches(query, code, name, description)
        ]
        items = items.filter(pk__in=found)
    return items.order_by("code", "organisation_id")


def item_for(person: Person, code: str, organisation: Organisation | None = None) -> CatalogItem:
    """The item with this code that `person` may request (for staff: in `organisation`), the
    organisation's own before a shared one with the same code; else CatalogItem.DoesNotExist."""
    found = sorted(
        items_for(person, organisation=organisation).filter(code=code),
        key=lambda one: one.organisation_id is None,
    )
    if not found:
        raise CatalogItem.DoesNotExist(code)
    return found[0]


def with_current_forms(items: QuerySet[CatalogItem]) -> QuerySet[CatalogItem]:
    """`items` with their form versions read in one query, newest first (see current_form)."""
    return items.prefetch_related(
        Prefetch("forms", queryset=RequestForm.objects.order_by("-version"), to_attr="versions")
    )


def current_form(item: CatalogItem) -> RequestForm | None:
    """The item's current form version, from with_current_forms' read when it was made."""
    versions = getattr(item, "versions", None)
    if versions is None:
        return item.current_form()
    return versions[0] if versions else None


def configurable_items(person: Person) -> QuerySet[CatalogItem]:
    """Every item, active or not, for those who configure the catalogue (admins); none otherwise."""
    if not (person.is_active and person.role == Role.ADMIN):
        return CatalogItem.objects.none()
    return CatalogItem.objects.select_related("organisation", "service", "category", "fulfilment_group")


def readable_items(person: Person) -> QuerySet[CatalogItem]:
    """The items `person` may read: those they may request, and every one for admins."""
    if person.is_active and person.role == Role.ADMIN:
        return configurable_items(person)
    return items_for(person).select_related("organisation", "fulfilment_group")


def form_versions(person: Person, item: CatalogItem) -> QuerySet[RequestForm]:
    """The versions of an item's form, newest first, if `person` may read the item."""
    if not readable_items(person).filter(pk=item.pk).exists():
        return RequestForm.objects.none()
    return item.forms.order_by("-version")


def people_of(person: Person, organisation: Organisation | None) -> QuerySet[Person]:
    """The people a request may be for, or a form's person field name: the active people of
    `organisation`, when `person` belongs to it or serves it."""
    people = Person.objects.filter(is_active=True)
    if organisation is None or not person.is_active:
        return people.none()
    if person.is_client and person.organisation_id != organisation.pk:
        return people.none()
    if not person.is_client and not can_see_organisation(person, organisation.pk):
        return people.none()
    return people.filter(organisation_id=organisation.pk).order_by("name", "pk")


def requestable_people(person: Person) -> QuerySet[Person]:
    """Everyone a request of `person`'s may be for: the active people of their organisation (a
    client), or of the organisations they serve (staff)."""
    if not person.is_active:
        return Person.objects.none()
    if person.is_client:
        return people_of(person, person.organisation)
    return Person.objects.filter(organisation_filter(person), is_active=True, organisation__isnull=False)


_REQUEST_RELATIONS = ("ticket", "item", "form", "requested_by", "requested_for")


def requests_of(person: Person) -> QuerySet[ServiceRequest]:
    """`person`'s own requests: those they made or that were made for them, newest first."""
    if not person.is_active:
        return ServiceRequest.objects.none()
    return (
        ServiceRequest.objects.filter(Q(requested_by_id=person.pk) | Q(requested_for_id=person.pk))
        .select_related(*_REQUEST_RELATIONS)
        .order_by("-created_at", "-ticket_id")
    )


def visible_requests(person: Person) -> QuerySet[ServiceRequest]:
    """The requests `person` may see: those whose ticket they may see, and those made for them."""
    if not person.is_active:
        return ServiceRequest.objects.none()
    return ServiceRequest.objects.filter(
        Q(ticket__in=visible_tickets(person)) | Q(requested_for_id=person.pk)
    ).select_related(*_REQUEST_RELATIONS)


def labelled_answers(fields: list, answers: dict, language: str) -> list[Answer]:
    """Answers as a reader in `language` reads them (texts.answer_rows): the form version's
    labels, a choice's label, yes or no, a person's name (read here)."""
    people = [answers[f["key"]] for f in fields if f["type"] == rf.PERSON and f["key"] in answers]
    names = dict(Person.objects.filter(pk__in=people).values_list("pk", "name")) if people else {}
    with translation.override(language):
        return answer_rows(fields, answers, language, yes=gettext("Yes"), no=gettext("No"), people=names)


def request_of(person: Person, ticket: Ticket) -> ServiceRequest:
    """The catalogue request of `ticket` if `person` may see it; else ServiceRequest.DoesNotExist."""
    return visible_requests(person).get(ticket_id=ticket.pk)


def request_by_reference(person: Person, reference: str) -> ServiceRequest:
    """The request whose ticket has this reference (SR-000123), if `person` may see it."""
    parsed = numbering.parse_reference(reference)
    if parsed is None:
        raise ServiceRequest.DoesNotExist(reference)
    ticket_type, number = parsed
    return visible_requests(person).get(ticket__ticket_type=ticket_type, ticket__number=number)
