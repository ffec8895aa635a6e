"""Every bad request gets a 4xx with a JSON body {code, message}; none gets a 500."""

import pytest

from tests.factories import make_ticket

pytestmark = pytest.mark.django_db


def assert_error(response, status, code=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) >= {"code", "message"} and body["message"]
    if code:
        assert body["code"] == code
    return body


def test_validation_errors_name_each_field(api_as, agent):
    body = assert_error(api_as(agent).post("/api/v1/tickets/", {"impact": 9}, format="json"), 400, "invalid")
    assert body["errors"]["subject"][0]["code"] == "required"
    assert body["errors"]["impact"][0]["code"] == "invalid_choice"
    assert body["message"].startswith(("subject:", "impact:"))


def test_malformed_json_is_a_parse_error(api_as, agent):
    response = api_as(agent).post("/api/v1/tickets/", "{not json", content_type="application/json")
    assert_error(response, 400, "parse_error")


def test_an_unsupported_media_type(api_as, agent):
    response = api_as(agent).post("/api/v1/tickets/", "<xml/>", content_type="application/xml")
    assert_error(response, 415, "unsupported_media_type")


def test_unknown_records_are_404(api_as, agent):
    client = api_as(agent)
    assert_error(client.get("/api/v1/tickets/INC-999999/"), 404, "not_found")
    assert_error(client.get("/api/v1/organisations/999999/"), 404, "not_found")
    assert client.get("/api/v1/tickets/NOT-A-REF/").status_code == 404


def test_a_method_not_allowed(api_as, agent):
    assert_error(api_as(agent).delete("/api/v1/organisations/"), 405, "method_not_allowed")


# Each bad filter has one right answer: a value that cannot be read is a 400 naming the filter; a
# well-formed id of nobody finds nothing; a garbled cursor is DRF's 404; parameters the list does
# not have (ordering) and page sizes out of range are ignored, as DRF does.
@pytest.mark.parametrize(
    ("query", "status", "named"),
    [
        ("group=99999999999999999999999", 400, "group"),
        ("group=-1", 400, "group"),
        ("group=abc", 400, "group"),
        ("requester=1e400", 400, "requester"),
        ("status=done", 400, "status"),
        ("priority=9", 400, "priority"),
        ("created_after=yesterday", 400, "created_after"),
        ("open=maybe", 400, "open"),
        ("unassigned=perhaps", 400, "unassigned"),
        ("tag=" + "x" * 60, 400, "tag"),
        ("cursor=garbage", 404, None),
    ],
)
def test_bad_filters_are_refused_by_name(api_as, requester, agent, query, status, named):
    make_ticket(requester)
    body = assert_error(api_as(agent).get(f"/api/v1/tickets/?{query}"), status)
    if named:
        assert set(body["errors"]) == {named}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("assignee=99999999999999999999999", 0),
        ("assignee=nobody-here", 0),
        ("q=%00", 0),
        ("ordering=password", 1),
        ("page_size=-5", 1),
        ("open=true", 1),
        ("open=false", 0),
    ],
)
def test_odd_but_readable_filters_answer_a_list(api_as, requester, agent, query, found):
    make_ticket(requester)
    response = api_as(agent).get(f"/api/v1/tickets/?{query}")
    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) == found


@pytest.mark.parametrize(
    "payload",
    [
        {"subject": "x", "requester": 10**30},
        {"subject": "x", "requester": "abc"},
        {"subject": "x", "requester": True},
        {"subject": "x", "requester": [1]},
        {"subject": "x\x00y", "requester_email": "dana@acme.example"},
        {"subject": "x", "requester_email": "not-an-address"},
        {"subject": "x" * 301, "requester_email": "dana@acme.example"},
        {"subject": "x", "requester_email": "dana@acme.example", "tags": "vpn"},
        {"subject": "x", "requester_email": "dana@acme.example", "service": {"id": 1}},
        {"subject": ["x"], "requester_email": "dana@acme.example"},
    ],
)
def test_bad_ticket_payloads_are_refused(api_as, requester, agent, payload):
    assert_error(api_as(agent).post("/api/v1/tickets/", payload, format="json"), 400, "invalid")


def test_service_layer_refusals_become_403_with_the_reason(api_as, requester):
    response = api_as(requester).post("/api/v1/tickets/", {"subject": "x", "priority": 1}, format="json")
    assert_error(response, 403, "permission_denied")
