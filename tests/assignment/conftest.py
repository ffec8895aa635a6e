from datetime import timedelta

import pytest
from django.utils import timezone

from moked.assignment.models import Absence, GroupAssignment
from moked.businesstime.services import create_calendar
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
    def set_to(name, group=None):
        GroupAssignment.objects.update_or_create(group=group or desk, defaults={"strategy": name})

    return set_to


@pytest.fixture
def away():
    """away(person) → an absence covering now (or `at`), `hours` either side."""

    def record(person, *, at=None, hours=24, reason="Leave"):
        at = at or timezone.now()
        return Absence.objects.create(
            person=person,
            starts_at=at - timedelta(hours=hours),
            ends_at=at + timedelta(hours=hours),
            reason=reason,
        )

    return record


@pytest.fixture
def israeli_hours(admin):
    """The SLA engine's Israeli office hours: Sunday to Thursday 08:00-17:00, Israeli holidays."""
    return create_calendar(admin, name="Tel Aviv office", country="IL", timezone="Asia/Jerusalem")


@pytest.fixture
def finnish_hours(admin):
    """The SLA engine's Finnish office hours: Monday to Friday 08:00-16:00, Finnish holidays."""
    return create_calendar(admin, name="Helsinki office", country="FI", timezone="Europe/Helsinki")
