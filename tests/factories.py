"""Test data built through the same service functions the product uses, so tests see real records."""

import itertools

import factory
from django.contrib.auth.hashers import make_password

from moked.catalog.models import Category, Service
from moked.people.models import Person, Role, SupportGroup
from moked.tenancy.models import EmailDomain, Organisation
from moked.tickets import services
from moked.tickets.models import Ticket

PASSWORD = "correct horse battery"
_PASSWORD_HASH = make_password(PASSWORD)  # hashing once keeps the suite fast
_codes = (f"ORG{n}" for n in itertools.count(1))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    code = factory.LazyFunction(lambda: next(_codes))
    name = factory.LazyAttribute(lambda o: f"Client {o.code}")
    language = "en"
    timezone = "Asia/Jerusalem"
    country = "IL"

    @factory.post_generation
    def domains(self, create, extracted, **kwargs):
        for domain in extracted or [f"{self.code.lower()}.example"]:
            EmailDomain.objects.create(organisation=self, domain=domain)


class PersonFactory(factory.django.DjangoModelFactory):
    """An end user; pass role=... (and organisation=None for staff) for others, or use the subclasses."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.LazyAttribute(
        lambda p: (
            f"{p.username}@{p.organisation.email_domains.first().domain}"
            if p.organisation
            else f"{p.username}@provider.example"
        )
    )
    role = Role.END_USER
    organisation = factory.SubFactory(OrganisationFactory)
    password = _PASSWORD_HASH

    @factory.post_generation
    def serves(self, create, extracted, **kwargs):
        if extracted:
            self.organisations.set(extracted)


class ClientManagerFactory(PersonFactory):
    role = Role.CLIENT_MANAGER


class AgentFactory(PersonFactory):
    role = Role.AGENT
    tier = 1
    organisation = None


class TeamLeadFactory(AgentFactory):
    role = Role.TEAM_LEAD
    tier = 2


class AdminFactory(PersonFactory):
    role = Role.ADMIN
    organisation = None


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportGroup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Group {n}")
    tier = 1

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if extracted:
            self.members.set(extracted)

    @factory.post_generation
    def leads(self, create, extracted, **kwargs):
        if extracted:
            self.leads.set(extracted)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    runbook = "Restart it, then look at the logs."


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    organisation = None


def make_ticket(requester: Person | None = None, actor: Person | None = None, **fields) -> Ticket:
    """A ticket opened through services.create_ticket (by the requester unless `actor` is given)."""
    requester = requester or PersonFactory()
    fields.setdefault("subject", "Printer prints blank pages")
    fields.setdefault("description", "Since this morning the printer on floor 2 prints only blank pages.")
    return services.create_ticket(
        actor or requester, organisation=requester.organisation, requester=requester, **fields
    )


def resolve_ticket(agent: Person, ticket: Ticket, text: str = "", code: str = "solved") -> Ticket:
    """The ticket assigned to `agent` and resolved by them with this resolution."""
    services.update_ticket(agent, ticket, {"assignee": agent})
    return services.change_status(agent, ticket, "resolved", resolution_code=code, resolution_text=text)
