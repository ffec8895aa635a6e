"""Seeding the demo's service catalogue (catalogue_content): each client's reporting lines and
groups, then its five catalogue items, each with the first version of its form, its approval chain
and its fulfilment plan, and the directory connector the plans name once fulfilment has one.

Idempotent: what exists is left as it is (an item an admin changed stays changed), so `moked demo`
also adds the catalogue to a demo loaded before there was one. Deterministic: no randomness, rows
written in a fixed order.
"""

from dataclasses import dataclass

from moked.approvals.chains import check_chain
from moked.catalog.models import Category, Service
from moked.catalog.request_forms import check_form
from moked.fulfilment import services as fulfilment
from moked.fulfilment.models import Connector
from moked.fulfilment.plans import check_plan
from moked.people.models import ClientGroup, Person, Role, SupportGroup
from moked.servicerequests.models import CatalogItem, RequestForm
from moked.tenancy.models import Organisation

from . import content
from .catalogue_content import CLIENT_GROUPS, DIRECTOR, DIRECTORIES, DIRECTORY, ITEMS, MANAGER_OF, ItemSpec


@dataclass
class Seeded:
    """What one call added."""

    managers: int = 0  # people given a manager
    groups: int = 0  # client groups
    items: int = 0  # catalogue items (each with its form)
    connectors: int = 0

    def __bool__(self) -> bool:
        return bool(self.managers or self.groups or self.items or self.connectors)


def seed_catalogue(admin: Person | None) -> Seeded:
    """Add what is missing of the demo's catalogue to the demo clients that exist; `admin` is
    recorded as the forms' author."""
    seeded = Seeded()
    support = dict(SupportGroup.objects.values_list("name", "pk"))
    categories = {
        f"{category.parent.name}/{category.name}": category
        for category in Category.objects.filter(organisation=None, parent__isnull=False).select_related(
            "parent"
        )
    }
    organisations = {o.code: o for o in Organisation.objects.filter(code__in=DIRECTORIES)}
    for spec in content.ORGANISATIONS:
        organisation = organisations.get(spec.code)
        if organisation is None:
            continue
        people = _people(organisation, spec)
        seeded.managers += _set_managers(people)
        groups = _client_groups(organisation, spec.language, people, seeded)
        services = {service.name: service for service in Service.objects.filter(organisation=organisation)}
        existing = set(CatalogItem.objects.filter(organisation=organisation).values_list("code", flat=True))
        for item in ITEMS:
            if item.code not in existing:
                _create_item(admin, organisation, item, services, categories, support, groups)
                seeded.items += 1
    if admin is not None:
        seeded.connectors = demo_connectors(admin, organisations)
    return seeded


def _people(organisation: Organisation, spec: content.OrganisationSpec) -> dict[int, Person]:
    """The client's demo people by their index in content.NAMES."""
    usernames = {
        content.client_username(spec.code, index): index for index in range(len(content.NAMES[spec.language]))
    }
    return {
        usernames[person.username]: person
        for person in Person.objects.filter(organisation=organisation, username__in=usernames)
    }


def _set_managers(people: dict[int, Person]) -> int:
    """Give the client's people their managers (MANAGER_OF); one who has a manager keeps them.
    The managing director is a client manager too: an approval never asks the person who
    requests, so a client manager's own request needs another client manager to approve it."""
    director = people.get(DIRECTOR)
    if director is not None and director.role == Role.END_USER:
        Person.objects.filter(pk=director.pk).update(role=Role.CLIENT_MANAGER)
        director.role = Role.CLIENT_MANAGER
    given = 0
    for index, manager_index in MANAGER_OF.items():
        person, manager = people.get(index), people.get(manager_index)
        if person is None or manager is None or person.manager_id:
            continue
        if manager.organisation_id != person.organisation_id:  # Person.clean's rule, kept here too
            raise ValueError(f"{manager} cannot manage {person}: another organisation")
        Person.objects.filter(pk=person.pk).update(manager=manager)
        person.manager = manager
        given += 1
    return given


def _client_groups(
    organisation: Organisation, language: str, people: dict[int, Person], seeded: Seeded
) -> dict[str, ClientGroup]:
    """The client's groups (CLIENT_GROUPS), named in its language; a new one gets its members."""
    groups = {}
    for key, (names, members) in CLIENT_GROUPS.items():
        group, created = ClientGroup.objects.get_or_create(
            organisation=organisation, name=names.get(language, names["en"])
        )
        if created:
            group.members.set([people[index] for index in members if index in people])
            seeded.groups += 1
        groups[key] = group
    return groups


def _create_item(
    admin: Person | None,
    organisation: Organisation,
    spec: ItemSpec,
    services: dict[str, Service],
    categories: dict[str, Category],
    support: dict[str, int],
    groups: dict[str, ClientGroup],
) -> CatalogItem:
    fields = check_form(spec.form(DIRECTORIES[organisation.code]))
    item = CatalogItem.objects.create(
        organisation=organisation,
        service=services.get(content.SERVICES[spec.service][0]),
        category=categories.get(spec.category),
        code=spec.code,
        name=spec.name,
        description=spec.description,
        icon=spec.icon,
        delivery_days=spec.delivery_days,
        audience=spec.audience,
        fulfilment_group_id=support.get(spec.fulfilment_group),
        approval_steps=check_chain(spec.chain()),
        fulfilment_plan=check_plan(spec.plan(support), answer_keys=[field["key"] for field in fields]),
    )
    if spec.audience_groups:
        item.groups.set([groups[key] for key in spec.audience_groups])
    RequestForm.objects.create(item=item, version=1, fields=fields, created_by=admin)
    return item


def demo_connectors(admin: Person, organisations: dict[str, Organisation]) -> int:
    """Each demo client's directory connector, by the code its plans name (DIRECTORY): an LDAP
    directory holding the client's accounts and groups, which the demo does not run, so the
    demo's automated actions fail and wait for an agent as a real failure would, until an admin
    points the connector at a real directory. No bind password: nothing random (an encrypted
    secret) goes into the demo's rows."""
    existing = set(Connector.objects.filter(code=DIRECTORY).values_list("organisation_id", flat=True))
    created = 0
    for spec in content.ORGANISATIONS:
        organisation = organisations.get(spec.code)
        if organisation is None or organisation.pk in existing:
            continue
        base = DIRECTORIES[spec.code].base
        fulfilment.create_connector(
            admin,
            organisation=organisation,
            code=DIRECTORY,
            name=f"{spec.name}: directory",
            kind="ldap",
            settings={
                "url": "ldap://127.0.0.1:389",
                "bind_dn": f"cn=moked,ou=services,{base}",
                "people_base": f"ou=people,{base}",
                "groups_base": f"ou=groups,{base}",
                "mfa_attribute": "totpSecret",
            },
        )
        created += 1
    return created
