"""The hand-written ticket representation equals DRF's walk over the declared fields."""

import pytest
from rest_framework.test import APIRequestFactory

from moked.api.tickets.serializers import TicketSerializer
from moked.tickets import selectors, services
from tests.factories import CategoryFactory, GroupFactory, ServiceFactory, TeamLeadFactory, make_ticket

pytestmark = pytest.mark.django_db


def both(viewer, ticket):
    request = APIRequestFactory().get("/")
    request.user = viewer
    serializer = TicketSerializer(context={"request": request})
    fresh = selectors.get_ticket(viewer, ticket.reference)
    return serializer.to_representation(fresh), serializer.declared_representation(fresh)


def test_bare_and_full_tickets_read_the_same_both_ways(org, requester, agent):
    bare = make_ticket(requester)
    lead = TeamLeadFactory(serves=[org])
    group = GroupFactory(tier=1, members=[agent], leads=[lead])
    full = make_ticket(
        requester,
        actor=agent,
        group=group,
        assignee=agent,
        tags=["vpn", "vip"],
        service=ServiceFactory(organisation=org),
        category=CategoryFactory(),
        impact=1,
        urgency=2,
    )
    services.add_comment(agent, full, "first response")
    full = services.flag_to_manager(agent, full, reason="VIP")
    full = services.change_status(agent, full, "resolved", resolution_code="solved", resolution_text="ok")
    for ticket in (bare, full):
        for viewer in (agent, requester):
            fast, declared = both(viewer, ticket)
            assert fast == declared
            assert list(fast) == list(declared)  # same keys, same order
    fast, _ = both(agent, full)
    assert fast["escalated_to"]["id"] == lead.pk and fast["tags"] == ["vip", "vpn"] and fast["resolved_at"]
