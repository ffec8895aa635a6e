"""Strategies, skills, working hours and absences: who may set them, and what is refused."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from moked.assignment import services
from moked.assignment.models import Absence, AgentProfile, GroupAssignment
from moked.businesstime.services import create_calendar
from tests.factories import (
    AdminFactory,
    AgentFactory,
    ClientManagerFactory,
    GroupFactory,
    OrganisationFactory,
    TeamLeadFactory,
)

pytestmark = pytest.mark.django_db

START = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.fixture
def other_lead(org):
    """Leads another group, of which none of the desk's agents is a member."""
    lead = TeamLeadFactory(username="olli", serves=[org])
    GroupFactory(name="Network", leads=[lead], members=[AgentFactory(serves=[org])])
    return lead


# --- strategies ----------------------------------------------------------------------------------


def test_admins_and_the_groups_leads_set_its_strategy(desk, lead, admin):
    assert services.strategy_of(desk) == "manual"
    assert services.set_strategy(lead, desk, "skills").strategy == "skills"
    assert services.set_strategy(admin, desk, "least_open").strategy == "least_open"
    assert GroupAssignment.objects.get(group=desk).strategy == "least_open"


def test_others_may_not_set_a_strategy(desk, agents, other_lead, org):
    disabled_admin = AdminFactory(is_active=False)
    for actor in (agents[0], other_lead, ClientManagerFactory(organisation=org), disabled_admin):
        with pytest.raises(PermissionDenied):
            services.set_strategy(actor, desk, "round_robin")
    assert not GroupAssignment.objects.exists()


def test_an_unknown_strategy_is_refused(desk, lead):
    with pytest.raises(ValidationError) as refused:
        services.set_strategy(lead, desk, "fastest")
    assert "strategy" in refused.value.message_dict
    assert not GroupAssignment.objects.exists()


# --- skills and working hours --------------------------------------------------------------------


def test_skills_are_normalised_like_ticket_tags(desk, agents, lead):
    profile = services.set_skills(lead, agents[0], ["VPN", " Wi Fi ", "vpn", "SAP.HR"])
    assert profile.skills == ["sap.hr", "vpn", "wi-fi"]


@pytest.mark.parametrize(
    "skills",
    [["no spaces allowed!"], ["x" * 51], "vpn", [1, 2], [f"skill{n}" for n in range(21)]],
)
def test_bad_skills_are_refused_and_nothing_is_saved(desk, agents, lead, skills):
    with pytest.raises(ValidationError) as refused:
        services.set_skills(lead, agents[0], skills)
    assert list(refused.value.message_dict) == ["skills"]
    assert not AgentProfile.objects.exists()


def test_the_same_skill_written_twenty_one_ways_is_one_skill(desk, agents, lead):
    spellings = ["vpn"] + [f"{'VPN'[: n % 3]}{'vpn'[n % 3 :]}" for n in range(20)]
    assert services.set_skills(lead, agents[0], spellings).skills == ["vpn"]


def test_leads_set_the_working_hours_of_their_members(desk, agents, lead, admin):
    hours = create_calendar(admin, name="Helsinki", country="FI", timezone="Europe/Helsinki")
    profile = services.set_calendar(lead, agents[0], hours)
    assert profile.calendar == hours
    assert services.set_calendar(lead, agents[0], None).calendar is None
    assert services.set_skills(admin, agents[0], ["vpn"]).skills == ["vpn"]
    assert AgentProfile.objects.count() == 1


def test_a_calendar_of_an_organisation_the_lead_does_not_serve_is_refused(desk, agents, lead, admin):
    elsewhere = create_calendar(admin, organisation=OrganisationFactory(), name="Theirs")
    with pytest.raises(ValidationError) as refused:
        services.set_calendar(lead, agents[0], elsewhere)
    assert list(refused.value.message_dict) == ["calendar"]
    assert services.set_calendar(admin, agents[0], elsewhere).calendar == elsewhere  # admins see all


def test_only_admins_and_the_agents_leads_change_a_profile(desk, agents, other_lead):
    for actor in (agents[1], agents[0], other_lead):
        with pytest.raises(PermissionDenied):
            services.set_skills(actor, agents[0], ["vpn"])
    assert not AgentProfile.objects.exists()


def test_client_people_have_no_profile(org, admin):
    with pytest.raises(ValidationError) as refused:
        services.set_skills(admin, ClientManagerFactory(organisation=org), ["vpn"])
    assert "person" in refused.value.message_dict
    assert not AgentProfile.objects.exists()


def test_only_skills_and_calendar_are_changed_here(desk, agents, lead):
    with pytest.raises(ValidationError) as refused:
        services.update_profile(lead, agents[0], {"person": agents[1]})
    assert list(refused.value.message_dict) == ["person"]


# --- absences ------------------------------------------------------------------------------------


def absence(person, days=3):
    return {"person": person, "starts_at": START, "ends_at": START + timedelta(days=days), "reason": "Leave"}


def test_agents_record_and_delete_their_own_absences(agents):
    mine = services.create_absence(agents[0], **absence(agents[0]))
    services.update_absence(agents[0], mine, {"reason": "Reserve duty"})
    assert Absence.objects.get().reason == "Reserve duty"
    services.delete_absence(agents[0], mine)
    assert not Absence.objects.exists()


def test_agents_may_not_touch_a_colleagues_absence(desk, agents):
    theirs = services.create_absence(agents[1], **absence(agents[1]))
    with pytest.raises(PermissionDenied):
        services.create_absence(agents[0], **absence(agents[1]))
    with pytest.raises(PermissionDenied):
        services.update_absence(agents[0], theirs, {"reason": "x"})
    with pytest.raises(PermissionDenied):
        services.delete_absence(agents[0], theirs)
    with pytest.raises(PermissionDenied):  # nor move their own onto someone else
        services.update_absence(agents[1], theirs, {"person": agents[0]})
    assert Absence.objects.get().person == agents[1] and Absence.objects.get().reason == "Leave"


def test_leads_keep_their_members_absences_and_admins_everyones(desk, agents, lead, other_lead, admin):
    services.create_absence(lead, **absence(agents[0]))
    with pytest.raises(PermissionDenied):
        services.create_absence(other_lead, **absence(agents[0]))
    outsider = AgentFactory()
    with pytest.raises(PermissionDenied):
        services.create_absence(lead, **absence(outsider))
    services.create_absence(admin, **absence(outsider))
    assert Absence.objects.count() == 2


def test_an_absence_ends_after_it_starts(agents):
    for days in (0, -1):
        with pytest.raises(ValidationError) as refused:
            services.create_absence(agents[0], **absence(agents[0], days=days))
        assert list(refused.value.message_dict) == ["ends_at"]
    mine = services.create_absence(agents[0], **absence(agents[0]))
    with pytest.raises(ValidationError):
        services.update_absence(agents[0], mine, {"ends_at": START - timedelta(hours=1)})
    assert Absence.objects.get().ends_at == START + timedelta(days=3)


def test_only_staff_are_absent(org, admin):
    client = ClientManagerFactory(organisation=org)
    with pytest.raises(ValidationError) as refused:
        services.create_absence(admin, **absence(client))
    assert "person" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        services.create_absence(client, **absence(client))
    assert not Absence.objects.exists()


def test_an_absence_needs_a_person(admin):
    with pytest.raises(ValidationError) as refused:
        services.create_absence(admin, starts_at=START, ends_at=START + timedelta(days=1))
    assert list(refused.value.message_dict) == ["person"]
