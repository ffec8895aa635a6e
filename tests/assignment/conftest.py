import pytest

from moked.assignment.models import GroupAssignment
from tests.factories import AgentFactory, GroupFactory, OrganisationFactory, PersonFactory, TeamLeadFactory


@pytest.fixture
def org(db):
    return OrganisationFactory(code="ACME", name="Acme", domains=["acme.example"])


@pytest.fixture
def requester(org):
    return PersonFactory(organisation=org, username="dana", name="Dana Cohen")


@pytest.fixture
def agents(org):
    return [AgentFactory(username=name, name=name.title(), serves=[org]) for name in ("avi", "bea", "cem")]


@pytest.fixture
def lead(org):
    return TeamLeadFactory(username="lea", name="Lea Lead", serves=[org])


@pytest.fixture
def desk(agents, lead):
    return GroupFactory(name="Service desk", members=agents, leads=[lead])


@pytest.fixture
def strategy(desk):
    def set_to(name):
        GroupAssignment.objects.update_or_create(group=desk, defaults={"strategy": name})

    return set_to
