"""The ticket history is read from its events: replaying them gives the ticket as it is."""

import pytest

from moked.tickets import selectors, services
from moked.tickets.models import Status, Ticket, TicketEvent
from tests.factories import GroupFactory, ServiceFactory, TeamLeadFactory, make_ticket

pytestmark = pytest.mark.django_db

REPLAYED_FIELDS = (
    "status",
    "priority",
    "impact",
    "urgency",
    "group",
    "assignee",
    "tier",
    "subject",
    "service",
    "resolution_code",
    "reopen_count",
    "functional_escalations",
    "hierarchical_escalations",
    "escalated_to",
)


def replay(ticket: Ticket) -> dict:
    """Field values rebuilt from the creation snapshot and every later change."""
    events = list(TicketEvent.objects.filter(ticket=ticket).order_by("at", "id"))
    created = events[0]
    state = {
        "status": created.data["status"],
        "priority": str(created.data["priority"]),
        "impact": str(created.data["impact"]),
        "urgency": str(created.data["urgency"]),
        "group": str(created.data["group"] or ""),
        "assignee": str(created.data["assignee"] or ""),
        "tier": "1",
        "subject": "Printer prints blank pages",
        "service": "",
        "resolution_code": "",
        "reopen_count": "0",
        "functional_escalations": "0",
        "hierarchical_escalations": "0",
        "escalated_to": "",
    }
    for event in events[1:]:
        if event.field in state:
            assert state[event.field] == event.old_value, f"{event.field}: history does not chain"
            state[event.field] = event.new_value
    return state


def current(ticket: Ticket) -> dict:
    ticket.refresh_from_db()
    values = {}
    for field in REPLAYED_FIELDS:
        value = (
            getattr(ticket, f"{field}_id")
            if field in ("group", "assignee", "service", "escalated_to")
            else (getattr(ticket, field))
        )
        values[field] = "" if value is None else str(value)
    return values


def test_every_change_is_an_event_and_the_history_replays_to_the_ticket(org, requester, agent):
    desk = GroupFactory(tier=1, members=[agent])
    lead = TeamLeadFactory(serves=[org])
    specialists = GroupFactory(tier=2, members=[lead], leads=[lead])
    ticket = make_ticket(requester)
    ticket = services.update_ticket(
        agent,
        ticket,
        {"group": desk, "assignee": agent, "impact": 1, "service": ServiceFactory(organisation=org)},
    )
    services.add_comment(agent, ticket, "On it.")
    ticket = services.change_status(agent, ticket, Status.IN_PROGRESS)
    ticket = services.change_status(agent, ticket, Status.PENDING_CUSTOMER)
    ticket = services.change_status(agent, ticket, Status.IN_PROGRESS)
    ticket = services.escalate_ticket(agent, ticket, group=specialists, reason="Needs the print server.")
    ticket = services.update_ticket(lead, ticket, {"assignee": lead, "subject": "Print server queue stuck"})
    ticket = services.flag_to_manager(lead, ticket, reason="Whole floor affected.", manager=lead)
    ticket = services.change_status(lead, ticket, Status.RESOLVED, resolution_code="solved")
    ticket = services.reopen_ticket(requester, ticket, reason="Back again.")
    ticket = services.change_status(lead, ticket, Status.RESOLVED, resolution_code="workaround")
    services.change_status(requester, ticket, Status.CLOSED)

    state = replay(ticket)
    assert state == current(ticket)
    assert state["status"] == "closed" and state["reopen_count"] == "1"


def test_the_client_side_reads_only_the_public_history(requester, agent):
    desk = GroupFactory(tier=1, members=[agent])
    ticket = services.update_ticket(
        agent, make_ticket(requester), {"group": desk, "assignee": agent, "urgency": 1}
    )
    services.add_comment(agent, ticket, "internal", public=False)
    public = {(e.kind, e.field) for e in selectors.ticket_events(requester, ticket)}
    everything = {(e.kind, e.field) for e in selectors.ticket_events(agent, ticket)}
    assert public == {
        ("created", ""),
        ("field_changed", "urgency"),
        ("field_changed", "priority"),
        ("status_changed", "status"),
    }
    assert everything - public == {
        ("field_changed", "group"),
        ("field_changed", "assignee"),
        ("note_added", ""),
    }
