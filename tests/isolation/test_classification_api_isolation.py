"""Through the API, organisation A's classification reaches nobody outside A and the staff serving it.

A has a model trained on its history, a field in automatic mode and a ticket with predictions.
People of B, and agents who serve B or nobody, get a 404 for every endpoint of A's, as for an
organisation or ticket that does not exist, and change nothing; B's own figures count none of A's
predictions. A's clients see their ticket but not its predictions (403), nor A's figures or models
(404: classification is the provider's); no client reads the provider-wide models.
"""

import pytest

from moked.classification.models import FieldSetting, TicketPrediction
from moked.classification.services import set_field_mode
from tests.classification.trained import trained
from tests.factories import (
    AdminFactory,
    AgentFactory,
    ClientManagerFactory,
    OrganisationFactory,
    PersonFactory,
    make_ticket,
)

OUTSIDERS = ("b_user", "b_manager", "agent_of_b", "agent_of_none")
CLIENTS_OF_A = ("a_user", "a_manager")


@pytest.fixture
def world(db):
    a = OrganisationFactory(code="ALPHA", domains=["alpha.example"])
    b = OrganisationFactory(code="BRAVO", domains=["bravo.example"])
    agent_of_a = AgentFactory(serves=[a])
    trained(a, agent_of_a)
    set_field_mode(AdminFactory(), a, "group", mode=FieldSetting.Mode.AUTO, target_precision="0.9")
    a_user = PersonFactory(organisation=a)
    ticket = make_ticket(a_user, subject="the printer on floor two jams")
    assert TicketPrediction.objects.filter(ticket=ticket).exists()
    return {
        "ticket": ticket,
        "a_user": a_user,
        "a_manager": ClientManagerFactory(organisation=a),
        "agent_of_a": agent_of_a,
        "b_user": PersonFactory(organisation=b),
        "b_manager": ClientManagerFactory(organisation=b),
        "agent_of_b": AgentFactory(serves=[b]),
        "agent_of_none": AgentFactory(serves=[]),
    }


def _reads(ticket) -> list[str]:
    return [
        f"/api/v1/tickets/{ticket.reference}/predictions/",
        "/api/v1/classification/organisations/ALPHA/fields/",
        "/api/v1/classification/organisations/ALPHA/fields/group/",
        "/api/v1/classification/organisations/ALPHA/models/",
        "/api/v1/classification/organisations/ALPHA/models/?curve=true",
    ]


def _writes(ticket) -> list[tuple[str, str, dict]]:
    return [
        ("post", f"/api/v1/tickets/{ticket.reference}/predictions/group/accept/", {}),
        ("patch", "/api/v1/classification/organisations/ALPHA/fields/group/", {"mode": "off"}),
        ("post", "/api/v1/classification/organisations/ALPHA/train/", {}),
    ]


def _state(ticket):
    ticket.refresh_from_db()
    setting = FieldSetting.objects.get(field="group")
    return ticket.group_id, setting.mode, TicketPrediction.objects.filter(accepted_at__isnull=False).count()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_find_nothing_of_as_classification(world, api_as, who):
    client = api_as(world[who])
    for url in _reads(world["ticket"]):
        assert client.get(url).status_code == 404, url
    before = _state(world["ticket"])
    for method, url, body in _writes(world["ticket"]):
        assert getattr(client, method)(url, body, format="json").status_code == 404, url
    assert _state(world["ticket"]) == before


@pytest.mark.parametrize("who", ("agent_of_b",))
def test_bs_figures_count_none_of_as_predictions(world, api_as, who):
    figures = api_as(world[who]).get("/api/v1/classification/organisations/BRAVO/fields/").json()
    assert all(field["predictions"] == 0 and field["model"] is None for field in figures)
    assert api_as(world[who]).get("/api/v1/classification/organisations/BRAVO/models/").json() == []


@pytest.mark.parametrize("who", CLIENTS_OF_A)
def test_as_clients_see_neither_predictions_nor_figures(world, api_as, who):
    client = api_as(world[who])
    ticket = world["ticket"]
    if who == "a_user":
        assert client.get(f"/api/v1/tickets/{ticket.reference}/").status_code == 200
    assert client.get(f"/api/v1/tickets/{ticket.reference}/predictions/").status_code == 403
    assert client.post(f"/api/v1/tickets/{ticket.reference}/predictions/group/accept/").status_code == 403
    for url in _reads(ticket)[1:]:
        assert client.get(url).status_code == 404, url
    assert client.get("/api/v1/classification/provider/models/").status_code == 403
    assert client.post("/api/v1/classification/provider/train/").status_code == 403


def test_the_agent_serving_a_reads_it(world, api_as):
    client = api_as(world["agent_of_a"])
    for url in _reads(world["ticket"]):
        assert client.get(url).status_code == 200, url
