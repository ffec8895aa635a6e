"""Time: rules with a waiting time, reminders to customers who have not answered, auto-close."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from moked.automation import schedule
from moked.automation.models import AutoClosePolicy, AutoCloseStep, Trigger
from moked.mail.models import OutboundMessage
from moked.tickets import services as tickets
from moked.tickets.models import EventKind, TicketEvent
from tests.factories import make_ticket

pytestmark = pytest.mark.django_db

# Acme is in Israel: Sunday to Thursday. Sunday 1 March 2026, 09:00 in Jerusalem.
SUNDAY = datetime(2026, 3, 1, 7, 0, tzinfo=UTC)


def waiting_ticket(requester, agent):
    with time_machine.travel(SUNDAY, tick=False):
        ticket = make_ticket(requester)
        tickets.update_ticket(agent, ticket, {"assignee": agent})
        return tickets.change_status(agent, ticket, "pending_customer")


def test_a_time_rule_fires_once_after_its_business_days(rule, requester, agent):
    rule(
        "Chase waiting tickets",
        trigger=Trigger.TIME,
        time_anchor="status_changed",
        time_amount=2,
        time_unit="business_days",
        conditions={"all": [{"field": "status", "operator": "is", "value": "pending_customer"}]},
        actions=[{"type": "add_tag", "tag": "chased"}],
    )
    ticket = waiting_ticket(requester, agent)
    schedule.run_time_rules(now=SUNDAY + timedelta(days=1, hours=23))  # Tuesday 08:00: 1.9 days
    assert not ticket.tag_links.exists()
    tuesday = SUNDAY + timedelta(days=2)  # two business days later, 09:00
    assert schedule.run_time_rules(now=tuesday) == 1
    assert schedule.run_time_rules(now=tuesday + timedelta(hours=1)) == 0  # once per wait
    assert list(ticket.tag_links.values_list("name", flat=True)) == ["chased"]


def test_weekends_do_not_count(rule, requester, agent):
    rule(
        "After three business days",
        trigger=Trigger.TIME,
        time_anchor="created",
        time_amount=3,
        time_unit="business_days",
        actions=[{"type": "add_tag", "tag": "old"}],
    )
    with time_machine.travel(datetime(2026, 3, 5, 7, 0, tzinfo=UTC), tick=False):  # Thursday
        ticket = make_ticket(requester)
    assert schedule.run_time_rules(now=datetime(2026, 3, 9, 8, 0, tzinfo=UTC)) == 0  # Monday: 2 days
    assert schedule.run_time_rules(now=datetime(2026, 3, 10, 7, 0, tzinfo=UTC)) == 1  # Tuesday: 3
    assert ticket.tag_links.filter(name="old").exists()


def test_a_waiting_ticket_is_reminded_then_closed(requester, agent, org):
    AutoClosePolicy.objects.create(
        organisation=org, remind_after_business_days=2, close_after_business_days=4
    )
    ticket = waiting_ticket(requester, agent)
    assert schedule.run_auto_close(now=SUNDAY + timedelta(days=1)) == {
        "reminded": 0,
        "closed": 0,
        "resolved_closed": 0,
    }
    assert schedule.run_auto_close(now=SUNDAY + timedelta(days=2))["reminded"] == 1
    assert schedule.run_auto_close(now=SUNDAY + timedelta(days=2, hours=1))["reminded"] == 0
    reminder = OutboundMessage.objects.get(kind=OutboundMessage.Kind.AUTOMATIC)
    assert reminder.recipients == ["dana@acme.example"] and ticket.reference in reminder.subject
    assert TicketEvent.objects.filter(ticket=ticket, kind=EventKind.REMINDER_SENT).count() == 1
    # Thursday is the fourth business day; Friday and Saturday do not count.
    assert schedule.run_auto_close(now=datetime(2026, 3, 5, 7, 0, tzinfo=UTC))["closed"] == 1
    ticket.refresh_from_db()
    assert (ticket.status, ticket.resolution_code) == ("closed", "no_response")


def test_a_resolved_ticket_closes_after_its_days(requester, agent):
    with time_machine.travel(SUNDAY, tick=False):
        ticket = make_ticket(requester)
        tickets.update_ticket(agent, ticket, {"assignee": agent})
        tickets.change_status(agent, ticket, "resolved", resolution_code="solved")
    assert schedule.run_auto_close(now=SUNDAY + timedelta(days=4))["resolved_closed"] == 0
    assert schedule.run_auto_close(now=SUNDAY + timedelta(days=5))["resolved_closed"] == 1
    ticket.refresh_from_db()
    assert ticket.status == "closed"
    assert AutoCloseStep.objects.filter(ticket=ticket).count() == 1


def test_zero_turns_a_step_off(requester, agent, org):
    AutoClosePolicy.objects.create(
        organisation=org,
        remind_after_business_days=0,
        close_after_business_days=0,
        close_resolved_after_days=0,
    )
    waiting = waiting_ticket(requester, agent)
    with time_machine.travel(SUNDAY, tick=False):
        resolved = make_ticket(requester)
        tickets.update_ticket(agent, resolved, {"assignee": agent})
        tickets.change_status(agent, resolved, "resolved", resolution_code="solved")
    assert schedule.run_auto_close(now=SUNDAY + timedelta(days=60)) == {
        "reminded": 0,
        "closed": 0,
        "resolved_closed": 0,
    }
    waiting.refresh_from_db()
    resolved.refresh_from_db()
    assert (waiting.status, resolved.status) == ("pending_customer", "resolved")


def test_the_customers_answer_puts_a_waiting_ticket_back_to_work(requester, agent):
    ticket = waiting_ticket(requester, agent)
    tickets.add_comment(requester, ticket, "Here is the screenshot you asked for.")
    ticket.refresh_from_db()
    assert (ticket.status, ticket.assignee) == ("in_progress", agent)


def test_the_customers_answer_reopens_a_resolved_ticket(requester, agent):
    ticket = make_ticket(requester)
    tickets.update_ticket(agent, ticket, {"assignee": agent})
    tickets.change_status(agent, ticket, "resolved", resolution_code="solved")
    tickets.add_comment(requester, ticket, "It is broken again.")
    ticket.refresh_from_db()
    assert (ticket.status, ticket.reopen_count) == ("assigned", 1)
