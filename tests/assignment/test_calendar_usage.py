"""What counts on a business calendar (SLA policies, agents' working hours), as the calendar pages
show it; and a calendar agents' hours follow is not deleted."""

import pytest
from django.core.exceptions import ValidationError

from moked.assignment.calendar_usage import with_usage
from moked.assignment.services import set_calendar
from moked.businesstime.models import Calendar
from moked.businesstime.services import create_calendar, delete_calendar
from moked.sla.services import create_policy
from tests.factories import AgentFactory


@pytest.fixture
def office_hours(admin, org):
    return create_calendar(
        admin, organisation=org, name="Office hours", timezone="Asia/Jerusalem", country="IL"
    )


@pytest.fixture
def policy(admin, org, office_hours):
    return create_policy(
        admin, organisation=org, name="Standard", calendar=office_hours, resolution_minutes=540
    )


def test_usage_counts_policies_and_agents_hours(admin, office_hours, policy):
    set_calendar(admin, AgentFactory(), office_hours)
    spare = create_calendar(admin, name="Spare", timezone="UTC", country="FI")
    counted = {
        calendar.name: (calendar.policy_count, calendar.agent_count)
        for calendar in with_usage(Calendar.objects)
    }
    assert counted == {"Office hours": (1, 1), spare.name: (0, 0)}


def test_a_calendar_agents_work_by_is_not_deleted(admin, office_hours):
    set_calendar(admin, AgentFactory(), office_hours)
    with pytest.raises(ValidationError) as refusal:
        delete_calendar(admin, office_hours)
    assert refusal.value.code == "in_use"
    assert Calendar.objects.filter(pk=office_hours.pk).exists()
