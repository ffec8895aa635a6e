from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from moked.businesstime.services import create_calendar
from tests.factories import AdminFactory, OrganisationFactory

JERUSALEM, TEHRAN, HELSINKI = ZoneInfo("Asia/Jerusalem"), ZoneInfo("Asia/Tehran"), ZoneInfo("Europe/Helsinki")
UTC = ZoneInfo("UTC")


def at(zone, *parts) -> datetime:
    return datetime(*parts, tzinfo=zone)


@pytest.fixture
def calendar_admin(db):
    return AdminFactory(username="sla-admin")


@pytest.fixture
def israel(db):
    return OrganisationFactory(
        code="GALIL", timezone="Asia/Jerusalem", country="IL", domains=["galil.example"]
    )


@pytest.fixture
def office_hours(calendar_admin, israel):
    """Israeli office hours: Sunday to Thursday 08:00-17:00, Israeli public holidays."""
    return create_calendar(calendar_admin, organisation=israel, name="Office hours")
