"""Reading people and groups, scoped to what the acting person may see."""

from django.db.models import Q, QuerySet

from moked.tenancy.models import Organisation

from . import addresses
from .access import organisation_filter, served_organisation_ids
from .models import STAFF_ROLES, ClientGroup, Person, Role, SupportGroup, phone_digits

MIN_PHONE_DIGITS = 4


def visible_organisations(person: Person) -> QuerySet[Organisation]:
    """The organisations a person belongs to or serves (every one, for admins)."""
    organisations = Organisation.objects.prefetch_related("email_domains")
    ids = served_organisation_ids(person)
    return organisations if ids is None else organisations.filter(pk__in=ids)


def visible_organisation_for_domain(person: Person, domain: str) -> Organisation | None:
    """The organisation owning an e-mail domain, if `person` may see it."""
    organisations = Organisation.objects.filter(email_domains__domain=domain.strip().lower())
    ids = served_organisation_ids(person)
    return (organisations if ids is None else organisations.filter(pk__in=ids)).first()


def visible_people(person: Person) -> QuerySet[Person]:
    """Admins see everyone; agents the people of the organisations they serve and all staff;
    client managers the people of their organisation; end users themselves."""
    people = Person.objects.select_related("organisation")
    if not person.is_active:
        return people.none()
    if person.role == Role.END_USER:
        return people.filter(pk=person.pk)
    ids = served_organisation_ids(person)
    if ids is None:
        return people
    if person.role == Role.CLIENT_MANAGER:
        return people.filter(organisation_id=person.organisation_id)
    return people.filter(Q(organisation_id__in=ids) | Q(role__in=STAFF_ROLES))


def person_by_address(address: str) -> Person | None:
    """The person with this e-mail address, however it is written (case, Unicode or ASCII domain);
    for Moked's own intake (e-mail), which has nobody acting yet to scope by."""
    forms = addresses.variants(address)
    if not forms:
        return None
    people = (
        Person.objects.filter(email__in=forms) if len(forms) > 1 else Person.objects.filter(email=forms[0])
    )
    return people.select_related("organisation").first()


def find_people(person: Person, q: str) -> QuerySet[Person]:
    """People `person` may see whose name, e-mail or phone number matches `q` (a caller lookup)."""
    q = q.strip()
    if not q:
        return visible_people(person)
    match = Q(name__icontains=q) | Q(email__icontains=q) | Q(username__iexact=q)
    digits = phone_digits(q)
    if len(digits) >= MIN_PHONE_DIGITS:
        match |= Q(phone_digits__contains=digits.lstrip("0") or digits)
    return visible_people(person).filter(match)


def visible_groups(person: Person) -> QuerySet[SupportGroup]:
    """Groups are the provider's internal organisation: staff see them, clients do not."""
    if not (person.is_active and person.is_staff_member):
        return SupportGroup.objects.none()
    return SupportGroup.objects.prefetch_related("members", "leads")


def assignable_agents(person: Person) -> QuerySet[Person]:
    """Active staff `person` may see, who may be given tickets."""
    return visible_people(person).filter(role__in=STAFF_ROLES, is_active=True)


def agents_serving(person: Person, organisation_id: int) -> QuerySet[Person]:
    """Active staff `person` may see who may be given a ticket of this organisation: admins, and
    the agents and team leads who serve it (the rule tickets.services checks an assignee by)."""
    serving = Person.organisations.through.objects.filter(organisation_id=organisation_id)
    return assignable_agents(person).filter(Q(role=Role.ADMIN) | Q(pk__in=serving.values("person_id")))


def organisations_served(agents) -> dict[int, frozenset[int] | None]:
    """For each of these staff, the ids of the organisations they serve; None for admins, who
    serve all. One query."""
    served: dict[int, set[int]] = {agent.pk: set() for agent in agents if agent.role != Role.ADMIN}
    pairs = Person.organisations.through.objects.filter(person_id__in=served).values_list(
        "person_id", "organisation_id"
    )
    for person_id, organisation_id in pairs:
        served[person_id].add(organisation_id)
    return {agent.pk: frozenset(served[agent.pk]) if agent.pk in served else None for agent in agents}


def memberships(group_ids) -> dict[int, list[int]]:
    """For each member of these groups, the ids of those of them they are a member of, in id order.
    One query of pairs of ids: no person or group is read."""
    pairs = (
        SupportGroup.members.through.objects.filter(supportgroup_id__in=list(group_ids))
        .order_by("supportgroup_id")
        .values_list("person_id", "supportgroup_id")
    )
    found: dict[int, list[int]] = {}
    for person_id, group_id in pairs:
        found.setdefault(person_id, []).append(group_id)
    return found


def two_factor_required(person: Person) -> bool:
    """Whether `person` is a member or team lead of a group that requires two-factor sign-in.

    A group that is no longer active still counts: switching a group off does not loosen sign-in.
    """
    if not (person.is_active and person.is_staff_member):
        return False
    return SupportGroup.objects.filter(Q(members=person) | Q(leads=person), requires_two_factor=True).exists()


def visible_client_groups(person: Person) -> QuerySet[ClientGroup]:
    """Client organisations' groups: admins see all, agents those of the organisations they
    serve, client managers their organisation's, end users the groups they belong to."""
    groups = ClientGroup.objects.select_related("organisation").prefetch_related("members")
    if not person.is_active:
        return groups.none()
    if person.role == Role.END_USER:
        return groups.filter(members=person, organisation_id=person.organisation_id)
    return groups.filter(organisation_filter(person))
