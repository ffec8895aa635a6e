import pytest

from tests.factories import CategoryFactory, OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_an_admin_creates_services_of_both_models(api_as, admin, org):
    client = api_as(admin)
    resolve = client.post(
        "/api/v1/services/",
        {
            "organisation": "ACME",
            "name": "E-mail",
            "criticality": "critical",
            "coverage": "24x7",
            "runbook": "Check the mail queue.",
        },
        format="json",
    )
    assert resolve.status_code == 201, resolve.json()
    dispatch = client.post(
        "/api/v1/services/",
        {
            "organisation": "ACME",
            "name": "ERP",
            "service_model": "catch_and_dispatch",
            "dispatch_team": "ERP team",
            "dispatch_contact": "erp@acme.example",
        },
        format="json",
    )
    assert dispatch.status_code == 201, dispatch.json()


def test_service_models_need_their_details(api_as, admin, org):
    client = api_as(admin)
    no_runbook = client.post("/api/v1/services/", {"organisation": "ACME", "name": "VPN"}, format="json")
    assert "runbook" in no_runbook.json()["errors"]
    no_team = client.post(
        "/api/v1/services/",
        {"organisation": "ACME", "name": "ERP", "service_model": "catch_and_dispatch"},
        format="json",
    )
    assert {"dispatch_team", "dispatch_contact"} <= set(no_team.json()["errors"])
    ServiceFactory(organisation=org, name="VPN")
    duplicate = client.post(
        "/api/v1/services/", {"organisation": "ACME", "name": "VPN", "runbook": "x"}, format="json"
    )
    assert duplicate.status_code == 400


def test_end_users_see_services_without_runbooks(api_as, requester, agent, org):
    ServiceFactory(organisation=org, name="VPN")
    ServiceFactory(name="Not ours")
    seen = api_as(requester).get("/api/v1/services/").json()["results"]
    assert [s["name"] for s in seen] == ["VPN"] and "runbook" not in seen[0]
    assert "runbook" in api_as(agent).get("/api/v1/services/").json()["results"][0]


def test_categories_form_a_tree(api_as, admin, org):
    client = api_as(admin)
    hardware = client.post("/api/v1/categories/", {"name": "Hardware"}, format="json").json()
    printer = client.post("/api/v1/categories/", {"name": "Printer", "parent": hardware["id"]}, format="json")
    assert printer.json()["path"] == "Hardware › Printer"
    own = client.post(
        "/api/v1/categories/",
        {"name": "Scanners", "parent": hardware["id"], "organisation": "ACME"},
        format="json",
    )
    assert own.status_code == 201
    loop = client.patch(
        f"/api/v1/categories/{hardware['id']}/", {"parent": printer.json()["id"]}, format="json"
    )
    assert loop.status_code == 400 and "parent" in loop.json()["errors"]
    twin = client.post("/api/v1/categories/", {"name": "printer", "parent": hardware["id"]}, format="json")
    assert twin.status_code == 400


def test_a_global_category_cannot_sit_under_an_organisations_own(api_as, admin, org):
    local = CategoryFactory(organisation=org)
    response = api_as(admin).post("/api/v1/categories/", {"name": "x", "parent": local.pk}, format="json")
    assert response.status_code == 400


def test_people_see_global_and_their_own_categories(api_as, requester, org):
    CategoryFactory(name="Global")
    CategoryFactory(name="Ours", organisation=org)
    CategoryFactory(name="Theirs", organisation=OrganisationFactory())
    names = {c["name"] for c in api_as(requester).get("/api/v1/categories/").json()["results"]}
    assert names == {"Global", "Ours"}


def test_only_admins_configure_the_catalogue(api_as, agent, org):
    assert api_as(agent).post("/api/v1/categories/", {"name": "x"}, format="json").status_code == 403
    response = api_as(agent).post(
        "/api/v1/services/", {"organisation": "ACME", "name": "x", "runbook": "y"}, format="json"
    )
    assert response.status_code == 403
