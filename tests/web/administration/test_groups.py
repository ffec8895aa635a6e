"""The groups pages: who may open them, the list, and the form that creates and changes a group
through the people services and sets its strategy through the assignment service."""

import pytest

from moked.assignment.models import GroupAssignment
from moked.people.models import SupportGroup
from tests.factories import (
    AdminFactory,
    AgentFactory,
    ClientManagerFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
    TeamLeadFactory,
)
from tests.web.clients import client_for
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LIST = "/desk/administration/groups/"
NEW = "/desk/administration/groups/new/"


def group_data(**overrides) -> dict:
    data = {
        "name": "Network",
        "tier": "2",
        "email": "network@provider.example",
        "description": "Routers, VPN and Wi-Fi.",
        "strategy": "manual",
        "is_active": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def acme():
    return OrganisationFactory(code="ACME")


@pytest.fixture
def admin():
    return AdminFactory(name="Ada Admin")


@pytest.fixture
def agents(acme):
    return [AgentFactory(name=name, serves=[acme]) for name in ("Avi", "Bea")]


@pytest.fixture
def lead(acme):
    return TeamLeadFactory(name="Lea Lead", serves=[acme])


def test_only_admins_open_the_group_pages(acme, lead, agents):
    desk = GroupFactory(name="Service desk", members=agents, leads=[lead])
    for stranger in (
        agents[0],
        lead,
        PersonFactory(organisation=acme),
        ClientManagerFactory(organisation=acme),
    ):
        client = client_for(stranger)
        for address in (LIST, NEW, f"{LIST}{desk.pk}/"):
            assert client.get(address).status_code == 403, (stranger.role, address)
        assert client.post(f"{LIST}{desk.pk}/", group_data(name="Taken over")).status_code == 403
    desk.refresh_from_db()
    assert desk.name == "Service desk"
    admin = client_for(AdminFactory())
    assert admin.get(LIST).status_code == 200
    assert admin.get(f"{LIST}{desk.pk}/").status_code == 200
    assert admin.get(f"{LIST}999999/").status_code == 404


def test_the_list_shows_tier_leads_members_and_strategy(admin, agents, lead):
    desk = GroupFactory(name="Service desk", tier=1, members=agents, leads=[lead])
    GroupAssignment.objects.create(group=desk, strategy="round_robin")
    GroupFactory(name="Identity", tier=3, is_active=False)
    page = client_for(admin).get(LIST).content.decode()
    assert "Service desk" in page and "Lea Lead" in page and "Round robin" in page
    assert "Identity" in page and "Manual: a person assigns" in page and "Tier 3" in page


@pytest.mark.parametrize("count", [2, 20])
def test_the_list_costs_a_bounded_number_of_queries(admin, acme, count, django_assert_max_num_queries):
    for _ in range(count):
        group = GroupFactory(
            members=[AgentFactory(serves=[acme]) for _ in range(3)], leads=[TeamLeadFactory()]
        )
        GroupAssignment.objects.create(group=group, strategy="least_open")
    client = client_for(admin)
    with django_assert_max_num_queries(7):
        assert client.get(LIST).status_code == 200


def test_an_admin_creates_a_group_with_members_leads_and_a_strategy(admin, agents, lead):
    data = group_data(members=[agent.pk for agent in agents], leads=[lead.pk], strategy="least_open")
    response = client_for(admin).post(NEW, data)
    assert response.status_code == 302 and response.url == LIST
    network = SupportGroup.objects.get(name="Network")
    assert (network.tier, network.email, network.description, network.is_active) == (
        2,
        "network@provider.example",
        "Routers, VPN and Wi-Fi.",
        True,
    )
    assert set(network.members.all()) == set(agents) and list(network.leads.all()) == [lead]
    assert network.assignment.strategy == "least_open"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "Service desk"}, "A group with this name already exists."),
        ({"name": ""}, "This field is required."),
        ({"tier": "7"}, "Select a valid choice"),
        ({"strategy": "lottery"}, "Select a valid choice"),
        ({"email": "nowhere"}, "Enter a valid email address."),
    ],
)
def test_bad_input_creates_no_group_and_says_why(admin, overrides, message):
    GroupFactory(name="Service desk")
    response = client_for(admin).post(NEW, group_data(**overrides))
    assert response.status_code == 200 and message in response.content.decode()
    assert SupportGroup.objects.count() == 1 and not GroupAssignment.objects.exists()


def test_only_team_leads_and_admins_are_offered_as_leads(admin, agents, lead):
    leads = client_for(admin).get(NEW).context["form"].fields["leads"].queryset
    assert set(leads) == {lead, admin}
    response = client_for(admin).post(NEW, group_data(leads=[agents[0].pk]))
    assert "Select a valid choice" in response.content.decode()
    assert not SupportGroup.objects.exists()


def test_the_service_refuses_a_lead_who_is_no_longer_a_team_lead(admin, agents, lead):
    desk = GroupFactory(name="Service desk", leads=[lead])
    lead.role = "agent"
    lead.save()
    data = group_data(name="Service desk", leads=[lead.pk], description="Changed")
    response = client_for(admin).post(f"{LIST}{desk.pk}/", data)
    assert "A group is led by team leads or admins." in response.content.decode()
    desk.refresh_from_db()
    assert desk.description == ""


def test_only_staff_are_offered_and_accepted_as_members(admin, acme, agents):
    customer = PersonFactory(organisation=acme, name="Carmel Customer")
    gone = AgentFactory(name="Gone Agent", is_active=False)
    page = client_for(admin).get(NEW).content.decode()
    assert "Avi" in page and "Carmel Customer" not in page and "Gone Agent" not in page
    response = client_for(admin).post(NEW, group_data(members=[customer.pk, gone.pk]))
    assert "Select a valid choice" in response.content.decode()
    assert not SupportGroup.objects.exists()


def test_an_admin_changes_a_group_and_its_strategy(admin, agents, lead):
    desk = GroupFactory(name="Service desk", tier=1, members=[agents[0]])
    url = f"{LIST}{desk.pk}/"
    form = client_for(admin).get(url).context["form"]
    assert form["strategy"].value() == "manual" and form["members"].value() == [agents[0].pk]
    data = group_data(
        name="Front desk",
        tier="1",
        members=[agent.pk for agent in agents],
        leads=[lead.pk],
        strategy="round_robin",
        is_active=None,
    )
    assert client_for(admin).post(url, data).status_code == 302
    desk.refresh_from_db()
    assert (desk.name, desk.tier, desk.is_active) == ("Front desk", 1, False)
    assert set(desk.members.all()) == set(agents) and list(desk.leads.all()) == [lead]
    assert desk.assignment.strategy == "round_robin"
    client_for(admin).post(url, group_data(name="Front desk", members=[], strategy="skills"))
    desk.refresh_from_db()
    assert not desk.members.exists() and not desk.leads.exists()
    assert GroupAssignment.objects.get(group=desk).strategy == "skills"


def test_a_member_who_left_stays_in_the_group_when_it_is_saved(admin, agents):
    desk = GroupFactory(name="Service desk", members=agents)
    agents[1].is_active = False
    agents[1].save()
    members = [agent.pk for agent in agents]
    client_for(admin).post(f"{LIST}{desk.pk}/", group_data(name="Service desk", members=members))
    assert set(desk.members.all()) == set(agents)


def test_a_refused_change_changes_nothing(admin, agents, lead):
    GroupFactory(name="Network")
    desk = GroupFactory(name="Service desk", members=[agents[0]])
    GroupAssignment.objects.create(group=desk, strategy="manual")
    data = group_data(name="Network", members=[agent.pk for agent in agents], strategy="round_robin")
    response = client_for(admin).post(f"{LIST}{desk.pk}/", data)
    assert "A group with this name already exists." in response.content.decode()
    desk.refresh_from_db()
    assert desk.name == "Service desk" and list(desk.members.all()) == [agents[0]]
    assert desk.assignment.strategy == "manual"


TOO_LONG_FOR_AN_ID = "99999999999999999999"


@pytest.mark.parametrize("field", ["members", "leads"])
def test_a_number_longer_than_any_id_is_a_choice_that_does_not_exist(admin, agents, lead, field):
    """It was a server error on SQLite (the number overflowed its integers)."""
    desk = GroupFactory(name="Service desk", members=[agents[0]])
    client = client_for(admin)
    created = client.post(NEW, group_data(**{field: [TOO_LONG_FOR_AN_ID]}))
    changed = client.post(f"{LIST}{desk.pk}/", group_data(name="Renamed", **{field: [TOO_LONG_FOR_AN_ID]}))
    for response in (created, changed):
        assert response.status_code == 200
        assert f"Select a valid choice. {TOO_LONG_FOR_AN_ID} is not one" in response.content.decode()
    desk.refresh_from_db()
    assert SupportGroup.objects.count() == 1 and desk.name == "Service desk"
    assert list(desk.members.all()) == [agents[0]]


@pytest.mark.django_db(transaction=True)
def test_an_admin_puts_an_agent_in_a_group_and_sets_round_robin_in_a_browser(browser, live_server):
    from tests.web.test_accessibility import violations

    avi = AgentFactory(name="Avi Agent")
    GroupFactory(name="Service desk", tier=1)
    admin = AdminFactory(username="agent-maya", name="Maya Admin")  # "agent-" lands on the desk
    admin.set_password(PASSWORD)
    admin.save()
    page = browser.new_context(locale="en-GB").new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", "agent-maya")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/**")
    page.click("nav >> text=Administration")
    page.click("main >> text=Groups")
    page.click("main >> text=Service desk")
    assert violations(page) == []
    page.select_option("#id_members", [str(avi.pk)])
    page.select_option("#id_strategy", "round_robin")
    page.click("main button[type=submit]")
    page.wait_for_url("**/desk/administration/groups/")
    assert page.text_content("[data-testid=strategy]").strip() == "Round robin"
    assert violations(page) == []
    desk = SupportGroup.objects.get(name="Service desk")
    assert list(desk.members.all()) == [avi] and desk.assignment.strategy == "round_robin"
