from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from moked.businesstime.services import create_calendar
from moked.sla.services import create_policy
from tests.factories import AdminFactory, AgentFactory, GroupFactory, OrganisationFactory, PersonFactory

JERUSALEM, TEHRAN, HELSINKI = ZoneInfo("Asia/Jerusalem"), ZoneInfo("Asia/Tehran"), ZoneInfo("Europe/Helsinki")
UTC = ZoneInfo("UTC")


def at(zone, *parts) -> datetime:
    return datetime(*parts, tzinfo=zone)


@pytest.fixture
def sla_admin(db):
    return AdminFactory(username="sla-admin")


@pytest.fixture
def israel(db):
    return OrganisationFactory(
        code="GALIL", timezone="Asia/Jerusalem", country="IL", domains=["galil.example"]
    )


@pytest.fixture
def office_hours(sla_admin, israel):
    """Israeli office hours: Sunday to Thursday 08:00-17:00, Israeli public holidays."""
    return create_calendar(sla_admin, organisation=israel, name="Office hours")


@pytest.fixture
def policy(sla_admin, israel, office_hours):
    """Any priority: first response 60, next response 120, resolution 540 business minutes."""
    return create_policy(
        sla_admin,
        organisation=israel,
        name="Standard",
        calendar=office_hours,
        first_response_minutes=60,
        next_response_minutes=120,
        resolution_minutes=540,
    )


@pytest.fixture
def customer(israel):
    return PersonFactory(organisation=israel, name="Dana")


@pytest.fixture
def desk_agent(israel):
    agent = AgentFactory(serves=[israel], name="Avi")
    GroupFactory(name="Service Desk", tier=1, members=[agent])
    return agent
