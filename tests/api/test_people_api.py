import pytest

from moked.people.models import Person
from tests.factories import (
    AgentFactory,
    ClientManagerFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def test_an_admin_creates_an_agent_with_served_organisations(api_as, admin, org):
    response = api_as(admin).post(
        "/api/v1/people/",
        {
            "username": "mikko",
            "name": "Mikko",
            "email": "mikko@provider.example",
            "role": "agent",
            "tier": 2,
            "organisations": ["ACME"],
            "password": "a long enough password",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    person = Person.objects.get(username="mikko")
    assert list(person.organisations.all()) == [org] and person.check_password("a long enough password")
    assert "password" not in response.json()


def test_role_rules_are_checked(api_as, admin, org):
    client = api_as(admin)
    no_org = client.post("/api/v1/people/", {"username": "u", "name": "U", "role": "end_user"}, format="json")
    assert "organisation" in no_org.json()["errors"]
    no_tier = client.post("/api/v1/people/", {"username": "a", "name": "A", "role": "agent"}, format="json")
    assert "tier" in no_tier.json()["errors"]
    staff_in_org = client.post(
        "/api/v1/people/",
        {"username": "s", "name": "S", "role": "admin", "organisation": "ACME"},
        format="json",
    )
    assert "organisation" in staff_in_org.json()["errors"]


def test_an_email_address_belongs_to_one_person(api_as, admin, requester):
    response = api_as(admin).post(
        "/api/v1/people/",
        {"username": "x", "name": "X", "email": "DANA@acme.example", "organisation": "ACME"},
        format="json",
    )
    assert response.status_code == 400 and "__all__" in response.json()["errors"]


def test_an_agent_adds_a_caller_but_cannot_make_staff(api_as, agent):
    client = api_as(agent)
    caller = client.post(
        "/api/v1/people/",
        {"name": "Yossi", "email": "yossi@acme.example", "phone": "054-1234567", "organisation": "ACME"},
        format="json",
    )
    assert caller.status_code == 201, caller.json()
    assert caller.json()["username"] == "yossi@acme.example"
    staff = client.post("/api/v1/people/", {"username": "evil", "name": "E", "role": "admin"}, format="json")
    assert staff.status_code == 403
    upgrade = client.patch(
        f"/api/v1/people/{caller.json()['id']}/", {"role": "agent", "tier": 1}, format="json"
    )
    assert upgrade.status_code == 403


def test_a_client_manager_manages_end_users_of_the_organisation_only(api_as, org, requester):
    manager = ClientManagerFactory(organisation=org)
    client = api_as(manager)
    made = client.post(
        "/api/v1/people/", {"name": "New", "email": "new@acme.example", "organisation": "ACME"}, format="json"
    )
    assert made.status_code == 201
    assert client.patch(f"/api/v1/people/{requester.pk}/", {"phone": "123"}, format="json").status_code == 200
    other_org = OrganisationFactory()
    foreign = client.post(
        "/api/v1/people/",
        {"name": "F", "email": "f@x.example", "organisation": other_org.code},
        format="json",
    )
    assert foreign.status_code == 400  # that organisation is unknown to the manager
    promote = client.post(
        "/api/v1/people/",
        {"name": "Boss", "email": "boss@acme.example", "organisation": "ACME", "role": "client_manager"},
        format="json",
    )
    assert promote.status_code == 403


def test_everyone_edits_their_own_profile_but_not_their_role(api_as, requester):
    client = api_as(requester)
    response = client.patch(
        f"/api/v1/people/{requester.pk}/", {"language": "he", "timezone": "Asia/Jerusalem"}, format="json"
    )
    assert response.status_code == 200 and response.json()["language"] == "he"
    assert (
        client.patch(f"/api/v1/people/{requester.pk}/", {"role": "admin"}, format="json").status_code == 403
    )
    assert (
        client.patch(f"/api/v1/people/{requester.pk}/", {"password": "x" * 12}, format="json").status_code
        == 403
    )


def test_people_are_listed_by_what_one_may_see(api_as, org, requester, agent):
    colleague = PersonFactory(organisation=org, name="Colleague")
    stranger = PersonFactory(name="Stranger")
    other_agent = AgentFactory(name="Other agent")
    ids = lambda person: {p["id"] for p in api_as(person).get("/api/v1/people/").json()["results"]}  # noqa: E731
    assert ids(requester) == {requester.pk}
    assert ids(ClientManagerFactory(organisation=org)) >= {requester.pk, colleague.pk}
    assert stranger.pk not in ids(agent) and {requester.pk, colleague.pk, other_agent.pk} <= ids(agent)


def test_clients_do_not_see_staff_details(api_as, requester):
    body = api_as(requester).get("/api/v1/people/me/").json()
    assert "organisations" not in body and "tier" not in body


def test_groups_are_for_staff(api_as, admin, agent, requester, org):
    group = GroupFactory(name="Service Desk", members=[agent])
    assert api_as(requester).get("/api/v1/groups/").json()["results"] == []
    assert api_as(requester).get(f"/api/v1/groups/{group.pk}/").status_code == 404
    assert api_as(agent).get(f"/api/v1/groups/{group.pk}/").json()["members"] == [agent.pk]
    created = api_as(admin).post(
        "/api/v1/groups/", {"name": "Network", "tier": 2, "members": [agent.pk]}, format="json"
    )
    assert created.status_code == 201, created.json()
    refused = api_as(admin).post("/api/v1/groups/", {"name": "Bad", "members": [requester.pk]}, format="json")
    assert refused.status_code == 400
    assert api_as(agent).post("/api/v1/groups/", {"name": "Mine"}, format="json").status_code == 403


def test_a_team_lead_manages_the_members_of_the_groups_they_lead(api_as, org, agent):
    from tests.factories import TeamLeadFactory

    lead = TeamLeadFactory(serves=[org])
    group = GroupFactory(leads=[lead])
    client = api_as(lead)
    assert (
        client.patch(f"/api/v1/groups/{group.pk}/", {"members": [agent.pk]}, format="json").status_code == 200
    )
    assert client.patch(f"/api/v1/groups/{group.pk}/", {"tier": 3}, format="json").status_code == 403
    assert (
        client.patch(f"/api/v1/groups/{GroupFactory().pk}/", {"members": []}, format="json").status_code
        == 403
    )
