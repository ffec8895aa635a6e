import pytest

from moked.automation import services
from tests.factories import AdminFactory, AgentFactory, GroupFactory, OrganisationFactory, PersonFactory


@pytest.fixture
def admin(db):
    return AdminFactory(username="maya", name="Maya Admin")


@pytest.fixture
def org(db):
    return OrganisationFactory(code="ACME", name="Acme", domains=["acme.example"], tags=["vip"])


@pytest.fixture
def other_org(db):
    return OrganisationFactory(code="OTHER", name="Other Ltd", domains=["other.example"])


@pytest.fixture
def requester(org):
    return PersonFactory(organisation=org, username="dana", name="Dana Cohen", email="dana@acme.example")


@pytest.fixture
def agent(org):
    return AgentFactory(username="avi", name="Avi Agent", email="avi@provider.example", serves=[org])


@pytest.fixture
def desk(agent):
    return GroupFactory(name="Service desk", tier=1, members=[agent])


@pytest.fixture
def identity(org):
    specialist = AgentFactory(username="ida", name="Ida Identity", tier=2, serves=[org])
    return GroupFactory(name="Identity", tier=2, members=[specialist])


@pytest.fixture
def rule(admin):
    """rule(name, trigger, conditions, actions, **more) → a saved rule, made as an admin would."""

    def make(name="A rule", trigger="ticket_created", conditions=None, actions=(), **more):
        return services.create_rule(
            admin, name=name, trigger=trigger, conditions=conditions or {}, actions=list(actions), **more
        )

    return make
