"""The API's lists for an agent or team lead who serves no organisation: each answers as it does for
any agent, with nothing of the organisations served by others in it."""

import pytest

from moked.api.urls import router
from tests.factories import AgentFactory, OrganisationFactory, PersonFactory, TeamLeadFactory, make_ticket

pytestmark = pytest.mark.django_db

QUERIES = ("", "?organisation=ACME", "?status=new&q=vpn", "?organisation=ACME&status=new")


@pytest.mark.parametrize("factory", [AgentFactory, TeamLeadFactory], ids=["agent", "team lead"])
def test_every_list_answers_with_nothing_of_the_organisations(api_as, factory):
    organisation = OrganisationFactory(code="ACME", domains=["acme.example"])
    customer = PersonFactory(organisation=organisation)
    make_ticket(customer, subject="VPN is down")
    serving, nobody = factory(serves=[organisation]), factory(serves=[])
    checked = 0
    for prefix, _, _ in router.registry:
        for query in QUERIES:
            path = f"/api/v1/{prefix}/{query}"
            expected = api_as(serving).get(path).status_code
            answer = api_as(nobody).get(path)
            assert answer.status_code == expected, path
            if answer.status_code != 200:
                continue
            checked += 1
            for row in answer.json()["results"]:
                assert row.get("organisation") in (None, ""), (path, row)
                assert row.get("id") != customer.pk or prefix != "people", (path, row)
            if prefix in ("tickets", "organisations"):
                assert answer.json()["results"] == [], path
    assert checked > 40
