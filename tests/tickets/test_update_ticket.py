import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from moked.tickets import services
from moked.tickets.models import Status, TicketEvent
from tests.factories import AgentFactory, GroupFactory, OrganisationFactory, ServiceFactory, make_ticket

pytestmark = pytest.mark.django_db


def changes_of(ticket) -> dict:
    return {
        e.field: (e.old_value, e.new_value)
        for e in TicketEvent.objects.filter(ticket=ticket, kind__in=["field_changed", "status_changed"])
    }


def test_impact_and_urgency_recompute_the_priority(requester, agent):
    ticket = make_ticket(requester)
    ticket = services.update_ticket(agent, ticket, {"impact": 1, "urgency": 2})
    assert ticket.priority == 2
    assert changes_of(ticket) == {"impact": ("3", "1"), "urgency": ("3", "2"), "priority": ("4", "2")}


def test_an_explicit_priority_wins_over_the_matrix(requester, agent):
    ticket = services.update_ticket(agent, make_ticket(requester), {"impact": 1, "priority": 3})
    assert ticket.priority == 3


def test_assigning_a_new_ticket_makes_it_assigned_and_unassigning_puts_it_back(requester, agent):
    group = GroupFactory(tier=1, members=[agent])
    ticket = services.update_ticket(agent, make_ticket(requester), {"group": group, "assignee": agent})
    assert ticket.status == Status.ASSIGNED
    event = TicketEvent.objects.get(ticket=ticket, field="assignee")
    assert (event.old_value, event.new_value, event.new_label, event.is_public) == (
        "",
        str(agent.pk),
        agent.name,
        False,
    )
    ticket = services.update_ticket(agent, ticket, {"assignee": None})
    assert ticket.status == Status.NEW
    assert TicketEvent.objects.filter(ticket=ticket, field="status").count() == 2


def test_a_group_brings_its_tier(requester, agent):
    level2 = GroupFactory(tier=2)
    assert services.update_ticket(agent, make_ticket(requester), {"group": level2}).tier == 2


def test_labels_keep_the_name_at_the_time_of_the_change(requester, agent):
    group = GroupFactory(name="Network")
    ticket = services.update_ticket(agent, make_ticket(requester), {"group": group})
    group.name = "Network & VPN"
    group.save()
    assert TicketEvent.objects.get(ticket=ticket, field="group").new_label == "Network"


def test_nothing_changes_when_the_values_are_the_same(requester, agent):
    ticket = make_ticket(requester)
    before = ticket.updated_at
    ticket = services.update_ticket(agent, ticket, {"subject": ticket.subject, "impact": 3, "tags": []})
    assert ticket.updated_at == before
    assert TicketEvent.objects.filter(ticket=ticket).count() == 1  # only "created"


def test_tags_are_replaced_as_a_set(requester, agent):
    ticket = make_ticket(requester, actor=agent, tags=["vpn", "vip"])
    services.update_ticket(agent, ticket, {"tags": ["vpn", "outage"]})
    assert sorted(ticket.tag_links.values_list("name", flat=True)) == ["outage", "vpn"]
    assert changes_of(ticket)["tags"] == ("vip, vpn", "outage, vpn")


def test_clients_cannot_change_fields(requester):
    with pytest.raises(PermissionDenied):
        services.update_ticket(requester, make_ticket(requester), {"subject": "mine"})


def test_agents_of_other_organisations_cannot_change_fields(requester):
    outsider = AgentFactory(serves=[OrganisationFactory()])
    with pytest.raises(PermissionDenied):
        services.update_ticket(outsider, make_ticket(requester), {"impact": 1})


def test_bad_changes_are_refused_and_nothing_is_written(requester, agent):
    ticket = make_ticket(requester)
    for changes in (
        {"subject": ""},
        {"service": ServiceFactory()},
        {"impact": 7},
        {"status": "closed"},
        {"number": 5},
    ):
        with pytest.raises(ValidationError):
            services.update_ticket(agent, ticket, changes)
    ticket.refresh_from_db()
    assert (ticket.subject, ticket.service, ticket.impact) == ("Printer prints blank pages", None, 3)
    assert TicketEvent.objects.filter(ticket=ticket).count() == 1


def test_subject_whitespace_is_tidied(requester, agent):
    ticket = services.update_ticket(agent, make_ticket(requester), {"subject": "  VPN\n down  "})
    assert ticket.subject == "VPN down"
