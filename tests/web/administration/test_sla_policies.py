"""The SLA policies page: the calendar each policy counts on, and a new policy made from the page
through the SLA configuration service (which refuses a calendar of another organisation)."""

import pytest

from moked.businesstime.services import create_calendar
from moked.sla.models import SlaPolicy
from moked.sla.services import create_policy
from tests.factories import AdminFactory, OrganisationFactory
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return AdminFactory(name="Maya Admin")


@pytest.fixture
def galil():
    return OrganisationFactory(code="GALIL", name="Galil Logistics")


def test_the_list_shows_each_policy_calendar_and_offers_a_new_policy(admin, galil):
    office = create_calendar(admin, organisation=galil, name="Galil office hours")
    create_policy(admin, organisation=galil, name="Standard", calendar=office, resolution_minutes=540)
    page = client_for(admin).get("/desk/administration/sla-policies/").content.decode()
    assert ">Calendar</th>" in page and "<bdi>Galil office hours</bdi>" in page
    assert 'href="/desk/administration/sla-policies/new/"' in page


def test_an_admin_makes_a_new_policy(admin, galil):
    office = create_calendar(admin, organisation=galil, name="Galil office hours")
    client = client_for(admin)
    assert client.get("/desk/administration/sla-policies/new/").status_code == 200
    answer = client.post(
        "/desk/administration/sla-policies/new/",
        {
            "organisation": galil.pk,
            "name": "Urgent",
            "priority": "1",
            "calendar": office.pk,
            "first_response_minutes": 15,
            "next_response_minutes": 60,
            "resolution_minutes": 240,
            "warning_percent": 80,
            "is_active": "on",
        },
        follow=True,
    )
    policy = SlaPolicy.objects.get()
    assert (policy.organisation, policy.priority, policy.calendar, policy.resolution_minutes) == (
        galil,
        1,
        office,
        240,
    )
    assert "The SLA policy “Urgent” was created." in answer.content.decode()


def test_a_refused_policy_is_not_made_and_says_why_beside_the_field(admin, galil):
    other = OrganisationFactory(code="AMIR", name="Amir Foods")
    theirs = create_calendar(admin, organisation=other, name="Amir hours")
    page = (
        client_for(admin)
        .post(
            "/desk/administration/sla-policies/new/",
            {
                "organisation": galil.pk,
                "name": "Mixed",
                "priority": "",
                "calendar": theirs.pk,
                "first_response_minutes": 15,
                "next_response_minutes": 60,
                "resolution_minutes": 240,
                "warning_percent": 80,
            },
        )
        .content.decode()
    )
    assert not SlaPolicy.objects.exists()
    assert 'id="id_calendar_error"' in page and "The calendar belongs to another organisation." in page


def test_only_admins_make_policies(galil):
    from tests.factories import AgentFactory

    assert (
        client_for(AgentFactory(serves=[galil])).get("/desk/administration/sla-policies/new/").status_code
        == 403
    )
