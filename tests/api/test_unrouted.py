"""An address under /api/v1/ that names no endpoint answers as the API does, in JSON; one that
lacks only its final slash is sent on to the endpoint."""

import pytest
from django.test import Client

from moked.api.models import ApiToken
from tests.factories import AgentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def headers():
    agent = AgentFactory(serves=[OrganisationFactory()])
    return {"HTTP_AUTHORIZATION": f"Token {ApiToken.issue(agent)[1]}"}


@pytest.mark.parametrize(
    "address", ["/api/v1/nothing-here/", "/api/v1/absences/%C2%84/", "/api/v1/absences/%0A/", "/api/v1/x"]
)
def test_an_address_no_endpoint_answers_is_the_apis_404_in_json(client, headers, address):
    answer = client.get(address, **headers)
    assert answer.status_code == 404
    assert answer.headers["Content-Type"].startswith("application/json")
    assert answer.json() == {"code": "not_found", "message": "Not found."}


def test_a_write_to_such_an_address_is_the_same_404(headers):
    client = Client(enforce_csrf_checks=True)  # as a real client is checked: it sends no CSRF token
    answer = client.post("/api/v1/nothing-here/", {"a": 1}, content_type="application/json", **headers)
    assert answer.status_code == 404 and answer.json()["code"] == "not_found"


def test_an_address_without_its_final_slash_is_sent_to_the_endpoint(client, headers):
    answer = client.get("/api/v1/tickets?open=true", **headers)
    assert answer.status_code == 301
    assert answer.headers["Location"] == "/api/v1/tickets/?open=true"
    assert client.get(answer.headers["Location"], **headers).status_code == 200


def test_the_pages_keep_their_own_not_found_page(client):
    answer = client.get("/no-such-page/")
    assert answer.status_code == 404 and answer.headers["Content-Type"].startswith("text/html")
