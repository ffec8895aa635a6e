"""Organisation A's approvals reach nobody outside A: another organisation's people and agents
who do not serve A find none of A's approvals, progress or delegations (404, as for none), decide
nothing and see nothing in their own lists. Within A, a colleague who is not asked sees nothing."""

import pytest

from moked.approvals import services
from moked.approvals.models import Approver
from moked.tickets.models import EventChannel
from tests.factories import (
    AgentFactory,
    ClientManagerFactory,
    OrganisationFactory,
    PersonFactory,
    make_ticket,
)

STEP = {
    "name": {"en": "Manager"},
    "approvers": [{"kind": "manager"}, {"kind": "client_managers"}],
    "rule": "all",
}


@pytest.fixture
def world(db):
    a = OrganisationFactory(code="ALPHA", domains=["alpha.example"])
    b = OrganisationFactory(code="BRAVO", domains=["bravo.example"])
    a_manager = PersonFactory(organisation=a)
    a_user = PersonFactory(organisation=a, manager=a_manager)
    a_boss = ClientManagerFactory(organisation=a)
    ticket = make_ticket(a_user, ticket_type="service_request", subject="New laptop")
    approval = services.start_approval(ticket, [STEP], subject_person=a_user, channel=EventChannel.PORTAL)
    return {
        "ticket": ticket,
        "approval": approval,
        "a_manager": a_manager,
        "a_boss": a_boss,
        "a_colleague": PersonFactory(organisation=a),
        "b_user": PersonFactory(organisation=b),
        "b_manager": ClientManagerFactory(organisation=b),
        "agent_of_b": AgentFactory(serves=[b]),
        "agent_of_none": AgentFactory(serves=[]),
    }


@pytest.mark.parametrize("who", ["b_user", "b_manager", "agent_of_b", "agent_of_none", "a_colleague"])
def test_outsiders_find_nothing_of_as_approvals(world, api_as, who):
    client = api_as(world[who])
    ticket = world["ticket"]
    assert client.get("/api/v1/approvals/").json() == []
    assert client.get(f"/api/v1/tickets/{ticket.reference}/approval/").status_code == 404
    assert client.get(f"/api/v1/tickets/{ticket.reference}/").status_code == 404
    for approver in Approver.objects.all():
        answer = client.post(
            f"/api/v1/approvals/{approver.pk}/decision/", {"decision": "approve"}, format="json"
        )
        assert answer.status_code == 404
    assert not Approver.objects.exclude(decision="pending").exists()
    assert client.get("/api/v1/approvals/delegations/").json() == []


def test_an_outsider_cannot_name_a_delegate_of_another_organisation(world, api_as):
    answer = api_as(world["b_manager"]).post(
        "/api/v1/approvals/delegations/",
        {
            "delegate": world["a_boss"].pk,
            "starts_at": "2030-01-01T00:00:00Z",
            "ends_at": "2030-01-02T00:00:00Z",
        },
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json()["errors"]["delegate"][0]["message"] == "There is no such person you can name."


def test_the_approvers_see_it(world, api_as):
    for who in ("a_manager", "a_boss"):
        client = api_as(world[who])
        assert [row["ticket"] for row in client.get("/api/v1/approvals/").json()] == [
            world["ticket"].reference
        ]
        assert client.get(f"/api/v1/tickets/{world['ticket'].reference}/approval/").status_code == 200
