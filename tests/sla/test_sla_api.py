import pytest
import time_machine

from moked.sla.services import check_due_clocks
from tests.factories import (
    AgentFactory,
    ClientManagerFactory,
    OrganisationFactory,
    PersonFactory,
    make_ticket,
)

from .conftest import JERUSALEM, at

pytestmark = pytest.mark.django_db


def test_an_admin_creates_a_calendar_with_the_countrys_hours_and_exceptions(api_as, sla_admin, israel):
    response = api_as(sla_admin).post(
        "/api/v1/calendars/",
        {
            "organisation": "GALIL",
            "name": "Office",
            "exceptions": [
                {"date": "2026-12-04", "hours": [], "note": "Company day"},
                {"date": "2026-11-28", "hours": [["09:00", "13:00"]], "note": "Working Saturday"},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["timezone"], body["country"]) == ("Asia/Jerusalem", "IL")
    assert body["weekly_hours"] == {str(d): [["08:00", "17:00"]] for d in (0, 1, 2, 3, 6)}
    assert [e["date"] for e in body["exceptions"]] == ["2026-11-28", "2026-12-04"]


def test_the_due_endpoint_answers_start_plus_business_minutes(api_as, sla_admin, agent, israel, office_hours):
    agent.organisations.add(israel)
    response = api_as(agent).post(
        f"/api/v1/calendars/{office_hours.pk}/due/",
        {"start": "2026-11-26T16:00:00Z", "minutes": 60},
        format="json",
    )
    # Thursday 18:00 IST: due Sunday 09:00 IST
    assert response.status_code == 200 and response.json()["due"] == "2026-11-29T07:00:00Z"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"weekly_hours": {"0": [["09:00", "08:00"]]}}, "weekly_hours"),
        ({"weekly_hours": {"9": [["08:00", "17:00"]]}}, "weekly_hours"),
        ({"weekly_hours": {"0": [["8am", "17:00"]]}}, "weekly_hours"),
        ({"weekly_hours": {"0": [["08:00", "12:00"], ["11:00", "17:00"]]}}, "weekly_hours"),
        ({"timezone": "Nowhere/City"}, "timezone"),
        ({"exceptions": [{"date": "2026-01-01", "hours": [["10:00", "09:00"]]}]}, "exceptions"),
        ({"exceptions": [{"date": "2026-01-01"}, {"date": "2026-01-01"}]}, "exceptions"),
    ],
)
def test_bad_calendars_are_refused(api_as, sla_admin, israel, payload, field):
    response = api_as(sla_admin).post(
        "/api/v1/calendars/", {"organisation": "GALIL", "name": "x", **payload}, format="json"
    )
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]


def test_a_calendar_without_business_hours_says_so(api_as, sla_admin, israel):
    calendar = (
        api_as(sla_admin)
        .post(
            "/api/v1/calendars/",
            {"organisation": "GALIL", "name": "Never", "country": "", "weekly_hours": {"0": []}},
            format="json",
        )
        .json()
    )
    response = api_as(sla_admin).post(
        f"/api/v1/calendars/{calendar['id']}/due/",
        {"start": "2026-11-26T16:00:00Z", "minutes": 60},
        format="json",
    )
    assert response.status_code == 400 and "business hours" in response.json()["message"]


def test_policies_are_validated(api_as, sla_admin, israel, office_hours):
    client = api_as(sla_admin)
    base = {"organisation": "GALIL", "name": "P1", "priority": 1, "calendar": office_hours.pk}
    assert client.post("/api/v1/sla-policies/", base, format="json").json()["errors"]["resolution_minutes"]
    bad_pause = client.post(
        "/api/v1/sla-policies/", {**base, "resolution_minutes": 60, "pause_statuses": ["new"]}, format="json"
    )
    assert "pause_statuses" in bad_pause.json()["errors"]
    other_calendar = client.post(
        "/api/v1/calendars/",
        {"name": "Elsewhere", "timezone": "UTC", "organisation": OrganisationFactory().code},
        format="json",
    ).json()
    foreign = client.post(
        "/api/v1/sla-policies/",
        {**base, "resolution_minutes": 60, "calendar": other_calendar["id"]},
        format="json",
    )
    assert "calendar" in foreign.json()["errors"]
    made = client.post("/api/v1/sla-policies/", {**base, "resolution_minutes": 240}, format="json")
    assert made.status_code == 201 and made.json()["pause_statuses"] == [
        "pending_customer",
        "pending_third_party",
    ]
    changed = client.patch(
        f"/api/v1/sla-policies/{made.json()['id']}/", {"warning_percent": 80}, format="json"
    )
    assert changed.json()["warning_percent"] == 80


def test_only_admins_configure_and_clients_see_no_policies(api_as, israel, office_hours, policy, customer):
    agent = AgentFactory(serves=[israel])
    assert (
        api_as(agent).post("/api/v1/calendars/", {"name": "x", "timezone": "UTC"}, format="json").status_code
        == 403
    )
    assert api_as(agent).get("/api/v1/sla-policies/").json()["results"][0]["name"] == "Standard"
    assert api_as(customer).get("/api/v1/sla-policies/").json()["results"] == []
    assert api_as(customer).get("/api/v1/calendars/").json()["results"] == []


def test_a_tickets_clocks_with_their_timeline(api_as, policy, customer, desk_agent):
    ticket = make_ticket(customer, at=at(JERUSALEM, 2026, 11, 26, 16, 0))  # Thursday 16:00 IST
    now = at(JERUSALEM, 2026, 11, 29, 9, 30)
    check_due_clocks(now)
    with time_machine.travel(now, tick=False):
        body = api_as(desk_agent).get(f"/api/v1/tickets/{ticket.reference}/sla/").json()
    first = next(c for c in body["clocks"] if c["kind"] == "first_response")
    assert (first["state"], first["target_minutes"], first["due_at"]) == (
        "breached",
        60,
        "2026-11-26T15:00:00Z",
    )
    assert first["breached_at"] == "2026-11-26T15:00:00Z" and first["counting"] is True
    assert [(p["kind"], p["start"], p["end"]) for p in first["timeline"]][:2] == [
        ("counted", "2026-11-26T14:00:00Z", "2026-11-26T15:00:00Z"),
        ("out_of_hours", "2026-11-26T15:00:00Z", "2026-11-29T06:00:00Z"),
    ]
    resolution = next(c for c in body["clocks"] if c["kind"] == "resolution")
    # Thursday 16:00-17:00 and Sunday 08:00-09:30: 150 of 540
    assert (resolution["elapsed_minutes"], resolution["remaining_minutes"]) == (150, 390)
    assert api_as(customer).get(f"/api/v1/tickets/{ticket.reference}/sla/").status_code == 200


def test_outsiders_see_no_clocks_calendars_or_policies_of_the_organisation(
    api_as, israel, office_hours, policy, customer
):
    ticket = make_ticket(customer)
    outsider = AgentFactory(serves=[OrganisationFactory()])
    colleague = PersonFactory(organisation=israel)
    for person in (outsider, colleague):
        assert api_as(person).get(f"/api/v1/tickets/{ticket.reference}/sla/").status_code == 404
    client = api_as(outsider)
    assert client.get(f"/api/v1/calendars/{office_hours.pk}/").status_code == 404
    assert client.get(f"/api/v1/sla-policies/{policy.pk}/").status_code == 404
    assert (
        client.post(
            f"/api/v1/calendars/{office_hours.pk}/due/",
            {"start": "2026-01-01T00:00:00Z", "minutes": 1},
            format="json",
        ).status_code
        == 404
    )
    assert client.get("/api/v1/sla-report/?organisation=GALIL&month=2026-11").status_code == 404


def test_the_monthly_report_for_staff_and_the_clients_managers(api_as, israel, policy, customer, desk_agent):
    make_ticket(customer, at=at(JERUSALEM, 2026, 11, 23, 8, 0))
    check_due_clocks(at(JERUSALEM, 2026, 11, 30, 9, 0))
    manager = ClientManagerFactory(organisation=israel)
    for person in (desk_agent, manager):
        body = api_as(person).get("/api/v1/sla-report/?organisation=GALIL&month=2026-11").json()
        first = next(t for t in body["targets"] if t["kind"] == "first_response")
        assert (first["met"], first["breached"], first["compliance_percent"]) == (0, 1, 0.0)
    assert api_as(customer).get("/api/v1/sla-report/?organisation=GALIL&month=2026-11").status_code == 404
    for month in ("2026-13", "26-11", "", "1999-01"):
        response = api_as(desk_agent).get(f"/api/v1/sla-report/?organisation=GALIL&month={month}")
        assert response.status_code == 400


def test_an_unknown_country_is_a_clear_error_not_a_crash(api_as, sla_admin):
    response = api_as(sla_admin).post(
        "/api/v1/calendars/", {"name": "x", "timezone": "UTC", "country": "rb"}, format="json"
    )
    assert response.status_code == 400 and "country" in response.json()["errors"]


def test_calendars_and_policies_in_use_cannot_be_deleted(api_as, sla_admin, office_hours, policy, customer):
    client = api_as(sla_admin)
    refused = client.delete(f"/api/v1/calendars/{office_hours.pk}/")
    assert refused.status_code == 400 and refused.json()["errors"]["__all__"][0]["code"] == "in_use"
    unused = client.post(
        "/api/v1/sla-policies/",
        {"organisation": "GALIL", "name": "Spare", "calendar": office_hours.pk, "resolution_minutes": 60},
        format="json",
    ).json()
    assert client.delete(f"/api/v1/sla-policies/{unused['id']}/").status_code == 204
    make_ticket(customer)  # timed by "Standard" from now on
    assert client.delete(f"/api/v1/sla-policies/{policy.pk}/").status_code == 400
    assert (
        client.patch(f"/api/v1/sla-policies/{policy.pk}/", {"is_active": False}, format="json").status_code
        == 200
    )
    agent = AgentFactory(serves=[office_hours.organisation])
    assert api_as(agent).delete(f"/api/v1/sla-policies/{policy.pk}/").status_code == 403
