import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from moked.tickets import services
from moked.tickets.models import Escalation, Status, TicketEvent
from tests.factories import AgentFactory, GroupFactory, TeamLeadFactory, make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def service_desk(agent):
    return GroupFactory(name="Service Desk", tier=1, members=[agent])


@pytest.fixture
def assigned(requester, agent, service_desk):
    ticket = services.update_ticket(agent, make_ticket(requester), {"group": service_desk, "assignee": agent})
    return services.change_status(agent, ticket, Status.IN_PROGRESS)


def test_functional_escalation_hands_the_ticket_to_a_higher_tier(agent, assigned, service_desk):
    network = GroupFactory(name="Network", tier=2)
    ticket = services.escalate_ticket(agent, assigned, group=network, reason="Needs router access.")

    assert (ticket.group, ticket.tier, ticket.assignee, ticket.status) == (network, 2, None, Status.NEW)
    assert ticket.functional_escalations == 1 and ticket.escalation_count == 1
    escalation = Escalation.objects.get(ticket=ticket)
    assert (
        escalation.kind,
        escalation.from_group,
        escalation.to_group,
        escalation.from_tier,
        escalation.to_tier,
        escalation.reason,
    ) == ("functional", service_desk, network, 1, 2, "Needs router access.")
    kinds = list(TicketEvent.objects.filter(ticket=ticket, at=escalation.at).values_list("kind", "field"))
    assert (
        ("escalated", "") in kinds
        and ("field_changed", "group") in kinds
        and ("status_changed", "status") in kinds
    )


def test_escalation_goes_up_only(agent, assigned):
    with pytest.raises(ValidationError) as raised:
        services.escalate_ticket(agent, assigned, group=GroupFactory(tier=1), reason="sideways")
    assert raised.value.error_dict["group"][0].code == "not_higher_tier"
    ticket = services.escalate_ticket(agent, assigned, group=GroupFactory(tier=2), reason="up")
    with pytest.raises(ValidationError):
        services.escalate_ticket(agent, ticket, group=GroupFactory(tier=2), reason="same tier now")


def test_escalation_needs_a_reason_and_an_open_ticket(agent, assigned):
    with pytest.raises(ValidationError) as raised:
        services.escalate_ticket(agent, assigned, group=GroupFactory(tier=3), reason="  ")
    assert "reason" in raised.value.error_dict
    ticket = services.change_status(agent, assigned, Status.RESOLVED, resolution_code="solved")
    with pytest.raises(ValidationError) as raised:
        services.escalate_ticket(agent, ticket, group=GroupFactory(tier=3), reason="late")
    assert raised.value.error_dict["status"][0].code == "ticket_not_open"


def test_clients_cannot_escalate(requester, assigned):
    with pytest.raises(PermissionDenied):
        services.escalate_ticket(requester, assigned, group=GroupFactory(tier=3), reason="faster please")


def test_hierarchical_escalation_flags_the_groups_team_lead(org, agent, assigned, service_desk):
    lead = TeamLeadFactory(serves=[org])
    service_desk.leads.add(lead)
    ticket = services.flag_to_manager(agent, assigned, reason="VIP is angry.")
    assert (ticket.escalated_to, ticket.hierarchical_escalations, ticket.assignee) == (lead, 1, agent)
    escalation = Escalation.objects.get(ticket=ticket)
    assert (escalation.kind, escalation.to_person) == ("hierarchical", lead)
    event = TicketEvent.objects.get(ticket=ticket, kind="flagged")
    assert event.data["reason"] == "VIP is angry." and not event.is_public


def test_hierarchical_escalation_needs_a_team_lead_who_serves_the_organisation(org, agent, assigned):
    with pytest.raises(ValidationError) as raised:
        services.flag_to_manager(agent, assigned, reason="help")
    assert "manager" in raised.value.error_dict  # the group has no lead
    with pytest.raises(ValidationError):
        services.flag_to_manager(agent, assigned, reason="help", manager=AgentFactory(serves=[org]))
    with pytest.raises(ValidationError):
        services.flag_to_manager(agent, assigned, reason="help", manager=TeamLeadFactory())
    lead = TeamLeadFactory(serves=[org])
    assert services.flag_to_manager(agent, assigned, reason="help", manager=lead).escalated_to == lead
