"""Through the API, organisation A's catalogue, requests and client groups reach nobody outside A
and the staff serving it; an item shared with every organisation is seen by all.

People of B, and agents who serve B or nobody, get a 404 for A's items, their form versions and
A's requests, as for records that do not exist; they cannot request A's items, nor name A's people
as whom a request is for, and nothing is written when they try.
"""

import pytest

from moked.people.models import ClientGroup
from moked.people.services import create_client_group
from moked.servicerequests import services
from moked.servicerequests.models import ServiceRequest
from tests.factories import (
    AdminFactory,
    AgentFactory,
    ClientManagerFactory,
    OrganisationFactory,
    PersonFactory,
)

OUTSIDERS = ("b_user", "b_manager", "agent_of_b", "agent_of_none")
ITEMS, REQUESTS = "/api/v1/catalog/items/", "/api/v1/catalog/requests/"


@pytest.fixture
def world(db):
    a = OrganisationFactory(code="ALPHA", domains=["alpha.example"])
    b = OrganisationFactory(code="BRAVO", domains=["bravo.example"])
    admin = AdminFactory()
    a_item = services.save_item(admin, None, organisation=a, code="a-only", name="A's item", form=[])
    shared = services.save_item(admin, None, code="shared", name="For all", form=[])
    a_user = PersonFactory(organisation=a)
    request = services.submit_request(a_user, a_item, {}, channel="portal")
    return {
        "a": a,
        "a_item": a_item,
        "shared": shared,
        "request": request,
        "a_user": a_user,
        "a_manager": ClientManagerFactory(organisation=a),
        "agent_of_a": AgentFactory(serves=[a]),
        "b_user": PersonFactory(organisation=b),
        "b_manager": ClientManagerFactory(organisation=b),
        "agent_of_b": AgentFactory(serves=[b]),
        "agent_of_none": AgentFactory(serves=[]),
    }


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_find_none_of_as_catalogue_or_requests(world, api_as, who):
    client = api_as(world[who])
    listed = [item["code"] for item in client.get(ITEMS).json()["results"]]
    assert "a-only" not in listed
    assert client.get(ITEMS, {"organisation": "ALPHA"}).json()["results"] == []
    for url in (
        f"{ITEMS}{world['a_item'].pk}/",
        f"{ITEMS}{world['a_item'].pk}/forms/",
        f"{REQUESTS}{world['request'].ticket.reference}/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(REQUESTS).json()["results"] == []


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_cannot_request_as_items_nor_for_as_people(world, api_as, who):
    client = api_as(world[who])
    for body in (
        {"item": world["a_item"].pk, "answers": {}},
        {"item": world["shared"].pk, "answers": {}, "requested_for": world["a_user"].pk},
        {"item": world["shared"].pk, "answers": {}, "requested_by": world["a_user"].pk, "channel": "phone"},
    ):
        assert client.post(REQUESTS, body, format="json").status_code in (400, 403), body
    assert ServiceRequest.objects.count() == 1


@pytest.mark.parametrize("who", ("a_user", "a_manager", "b_user", "b_manager"))
def test_the_shared_item_is_seen_by_every_organisations_people(world, api_as, who):
    listed = [item["code"] for item in api_as(world[who]).get(ITEMS).json()["results"]]
    assert "shared" in listed
    assert ("a-only" in listed) == who.startswith("a_")


def test_as_people_and_staff_see_as_request(world, api_as):
    reference = world["request"].ticket.reference
    for who in ("a_user", "a_manager", "agent_of_a"):
        assert api_as(world[who]).get(f"{REQUESTS}{reference}/").status_code == 200, who


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_neither_see_nor_change_as_client_groups(world, api_as, who):
    group = create_client_group(
        AdminFactory(), organisation=world["a"], name="Finance", members=[world["a_user"]]
    )
    client = api_as(world[who])
    assert client.get("/api/v1/client-groups/").json()["results"] == []
    assert client.get(f"/api/v1/client-groups/{group.pk}/").status_code == 404
    renamed = client.patch(f"/api/v1/client-groups/{group.pk}/", {"name": "Ours"}, format="json")
    assert renamed.status_code == 404
    made = client.post("/api/v1/client-groups/", {"organisation": "ALPHA", "name": "Theirs"}, format="json")
    assert made.status_code in (400, 403)
    assert list(ClientGroup.objects.values_list("name", flat=True)) == ["Finance"]
