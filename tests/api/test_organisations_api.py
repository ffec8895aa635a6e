import pytest

from moked.tenancy.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

NEW = {"code": "PARS", "name": "پارس دارو", "language": "fa", "timezone": "Asia/Tehran", "country": "IR"}


def test_an_admin_creates_an_organisation_with_domains(api_as, admin):
    response = api_as(admin).post(
        "/api/v1/organisations/", {**NEW, "email_domains": ["ParsDaru.ir", "pars.example"]}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["email_domains"] == ["pars.example", "parsdaru.ir"]
    assert (body["status"], body["reopen_window_days"], body["priority_matrix"]) == ("active", 14, None)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"country": "XX"}, "country"),
        ({"language": "de"}, "language"),
        ({"code": "lower case"}, "code"),
        ({"priority_matrix": [[1, 2, 3]]}, "priority_matrix"),
        ({"priority_matrix": [[1, 2, 3], [2, 3, 4], [3, 4, 9]]}, "priority_matrix"),
        ({"email_domains": ["not a domain"]}, "email_domains.0"),
        ({"reopen_window_days": 400}, "reopen_window_days"),
    ],
)
def test_bad_organisations_are_refused(api_as, admin, change, field):
    response = api_as(admin).post("/api/v1/organisations/", {**NEW, **change}, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert not Organisation.objects.filter(code="PARS").exists()


def test_a_code_and_a_domain_belong_to_one_organisation(api_as, admin):
    OrganisationFactory(code="PARS", domains=["parsdaru.ir"])
    response = api_as(admin).post("/api/v1/organisations/", NEW, format="json")
    assert response.status_code == 400 and "code" in response.json()["errors"]
    response = api_as(admin).post(
        "/api/v1/organisations/", {**NEW, "code": "PARS2", "email_domains": ["parsdaru.ir"]}, format="json"
    )
    assert response.status_code == 400 and "email_domains" in response.json()["errors"]
    assert not Organisation.objects.filter(code="PARS2").exists()


def test_an_admin_suspends_and_overrides_the_matrix(api_as, admin, org):
    response = api_as(admin).patch(
        f"/api/v1/organisations/{org.pk}/",
        {"status": "suspended", "priority_matrix": [[1, 1, 2], [1, 2, 3], [2, 3, 4]], "email_domains": []},
        format="json",
    )
    assert response.status_code == 200, response.json()
    org.refresh_from_db()
    assert org.status == "suspended" and org.priority_for(2, 1) == 1 and not org.email_domains.exists()


def test_only_admins_configure_organisations(api_as, agent, requester, org):
    for person in (agent, requester):
        assert api_as(person).post("/api/v1/organisations/", NEW, format="json").status_code == 403
        response = api_as(person).patch(f"/api/v1/organisations/{org.pk}/", {"name": "x"}, format="json")
        assert response.status_code == 403


def test_people_see_their_own_or_served_organisations(api_as, admin, agent, requester, org):
    other = OrganisationFactory()
    codes = lambda person: [o["code"] for o in api_as(person).get("/api/v1/organisations/").json()["results"]]  # noqa: E731
    assert codes(requester) == ["ACME"]
    assert codes(agent) == ["ACME"]
    assert sorted(codes(admin)) == sorted(["ACME", other.code])
