"""The group's strategy picks an agent who is on shift, not absent and serving the organisation."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from moked.assignment import services
from moked.assignment.models import Absence, AgentProfile
from moked.sla.models import Calendar
from moked.tickets import services as tickets
from moked.tickets.models import TicketEvent
from tests.factories import AgentFactory, make_ticket

pytestmark = pytest.mark.django_db


def assigned(ticket):
    ticket.refresh_from_db()
    return ticket.assignee.username if ticket.assignee else None


def test_round_robin_takes_turns(strategy, desk, requester):
    strategy("round_robin")
    picked = []
    for _ in range(4):
        ticket = make_ticket(requester)
        services.assign_by_strategy(None, ticket, desk)
        picked.append(assigned(ticket))
    assert picked == ["avi", "bea", "cem", "avi"]
    event = TicketEvent.objects.filter(ticket=ticket, field="assignee").get()
    assert (event.actor, event.new_label) == (None, "Avi")


def test_round_robin_skips_absent_agents(strategy, desk, agents, requester):
    strategy("round_robin")
    now = timezone.now()
    Absence.objects.create(
        person=agents[1], starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=1)
    )
    picked = []
    for _ in range(3):
        ticket = make_ticket(requester)
        services.assign_by_strategy(None, ticket, desk)
        picked.append(assigned(ticket))
    assert picked == ["avi", "cem", "avi"]


def test_least_open_picks_the_least_busy(strategy, desk, agents, requester):
    strategy("least_open")
    for agent, count in zip(agents, (2, 0, 1), strict=True):
        for _ in range(count):
            tickets.update_ticket(agent, make_ticket(requester), {"assignee": agent, "group": desk})
    ticket = make_ticket(requester)
    assert services.assign_by_strategy(None, ticket, desk) == agents[1]
    closed = make_ticket(requester)  # resolved tickets do not count
    tickets.update_ticket(agents[0], closed, {"assignee": agents[1]})
    tickets.change_status(agents[0], closed, "resolved", resolution_code="solved")
    # avi 2 open, bea 1 (and 1 resolved, which does not count), cem 1: bea, the first of the two
    assert services.choose_agent(desk, make_ticket(requester)) == agents[1]


def test_skills_match_the_tickets_tags(strategy, desk, agents, requester):
    strategy("skills")
    AgentProfile.objects.create(person=agents[0], skills=["printer"])
    AgentProfile.objects.create(person=agents[2], skills=["vpn", "wifi"])
    assert services.choose_agent(desk, make_ticket(requester, tags=["vpn"])) == agents[2]
    assert services.choose_agent(desk, make_ticket(requester, tags=["printer"])) == agents[0]
    # nobody knows SAP: the least busy of all
    tickets.update_ticket(agents[0], make_ticket(requester), {"assignee": agents[0]})
    assert services.choose_agent(desk, make_ticket(requester, tags=["sap"])) == agents[1]


def test_agents_off_shift_are_skipped(strategy, desk, agents, requester):
    strategy("round_robin")
    office = Calendar.objects.create(
        name="Office",
        timezone="Asia/Jerusalem",
        weekly_hours={str(day): [["08:00", "17:00"]] for day in range(7)},
    )
    for agent in agents[:2]:
        AgentProfile.objects.create(person=agent, calendar=office)
    evening = datetime(2026, 3, 9, 18, 0, tzinfo=UTC)  # 20:00 in Jerusalem
    with time_machine.travel(evening, tick=False):
        ticket = make_ticket(requester)
        assert services.assign_by_strategy(None, ticket, desk) == agents[2]
        assert services.is_on_shift(agents[0]) is False
    with time_machine.travel(evening.replace(hour=8), tick=False):
        assert services.is_on_shift(agents[0]) is True


def test_agents_who_do_not_serve_the_organisation_are_never_chosen(strategy, desk, requester):
    strategy("round_robin")
    outsider = AgentFactory(username="zed")  # serves nobody
    desk.members.add(outsider)
    picked = {services.choose_agent(desk, make_ticket(requester)).username for _ in range(6)}
    assert picked == {"avi", "bea", "cem"}


def test_nobody_available_leaves_the_ticket_in_the_group(strategy, desk, agents, requester):
    strategy("least_open")
    now = timezone.now()
    for agent in agents:
        Absence.objects.create(
            person=agent, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)
        )
    ticket = make_ticket(requester)
    assert services.assign_by_strategy(None, ticket, desk) is None
    ticket.refresh_from_db()
    assert (ticket.group, ticket.assignee, ticket.status) == (desk, None, "new")


def test_manual_groups_are_not_assigned(desk, requester):
    ticket = make_ticket(requester)
    assert services.assign_by_strategy(None, ticket, desk) is None
    ticket.refresh_from_db()
    assert ticket.group == desk and ticket.assignee is None


def test_a_customer_answer_goes_to_another_agent_when_the_assignee_is_away(strategy, desk, agents, requester):
    strategy("round_robin")
    ticket = make_ticket(requester)
    tickets.update_ticket(agents[0], ticket, {"group": desk, "assignee": agents[0]})
    tickets.change_status(agents[0], ticket, "pending_customer")
    now = timezone.now()
    Absence.objects.create(
        person=agents[0], starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=5)
    )
    tickets.add_comment(requester, ticket, "Here is the log file.")
    ticket.refresh_from_db()
    assert ticket.status == "in_progress" and ticket.assignee in agents[1:]


def test_a_rule_assigns_by_the_groups_strategy(strategy, desk, requester):
    from moked.automation import services as automation
    from tests.factories import AdminFactory

    strategy("round_robin")
    automation.create_rule(
        AdminFactory(),
        name="Desk takes everything",
        trigger="ticket_created",
        actions=[{"type": "assign_group", "group": desk.pk}, {"type": "assign_agent", "strategy": "group"}],
    )
    first, second = make_ticket(requester), make_ticket(requester)
    assert (assigned(first), assigned(second)) == ("avi", "bea")
    first.refresh_from_db()
    assert first.status == "assigned"
