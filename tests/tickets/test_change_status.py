from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from moked.tickets import services
from moked.tickets.models import Status, TicketEvent
from tests.factories import ClientManagerFactory, GroupFactory, PersonFactory, make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def working(requester, agent):
    """A ticket assigned to the agent and in progress."""
    GroupFactory(members=[agent])
    ticket = services.update_ticket(agent, make_ticket(requester), {"assignee": agent})
    return services.change_status(agent, ticket, Status.IN_PROGRESS)


def resolve(agent, ticket, **kwargs):
    return services.change_status(
        agent,
        ticket,
        Status.RESOLVED,
        resolution_code="solved",
        resolution_text="Replaced the toner.",
        **kwargs,
    )


def test_resolving_records_the_resolution(agent, working):
    ticket = resolve(agent, working)
    assert ticket.status == Status.RESOLVED and ticket.resolved_at is not None
    assert (ticket.resolution_code, ticket.resolution_text) == ("solved", "Replaced the toner.")
    event = TicketEvent.objects.filter(ticket=ticket, kind="status_changed").last()
    assert (event.old_value, event.new_value, event.is_public) == ("in_progress", "resolved", True)


def test_resolving_needs_a_resolution_code(agent, working):
    with pytest.raises(ValidationError) as raised:
        services.change_status(agent, working, Status.RESOLVED)
    error = raised.value.error_dict["status"][0]
    assert error.code == "needs_resolution_code"
    with pytest.raises(ValidationError):
        services.change_status(agent, working, Status.RESOLVED, resolution_code="magic")


def test_an_illegal_move_says_which_move(agent, working):
    with pytest.raises(ValidationError) as raised:
        services.change_status(agent, working, Status.CLOSED)
    message = raised.value.error_dict["status"][0].messages[0]
    assert message == "A ticket cannot go from “In progress” to “Closed”."


def test_the_requester_accepts_a_resolution(requester, agent, working):
    ticket = services.change_status(requester, resolve(agent, working), Status.CLOSED)
    assert ticket.status == Status.CLOSED and ticket.closed_at is not None


def test_the_requester_rejects_a_resolution_by_reopening(requester, agent, working):
    ticket = services.reopen_ticket(requester, resolve(agent, working), reason="Still blank pages.")
    assert (ticket.status, ticket.reopen_count, ticket.resolved_at) == (Status.ASSIGNED, 1, None)
    event = TicketEvent.objects.filter(ticket=ticket, kind="status_changed").last()
    assert event.data == {"reason": "Still blank pages.", "reopen": True}


def test_the_client_side_may_do_nothing_else(requester, agent, working):
    with pytest.raises(PermissionDenied):
        services.change_status(requester, working, Status.PENDING_CUSTOMER)
    ticket = resolve(agent, working)
    with pytest.raises(PermissionDenied):
        services.change_status(requester, ticket, Status.IN_PROGRESS)
    colleague = PersonFactory(organisation=requester.organisation)
    with pytest.raises(PermissionDenied):
        services.change_status(colleague, ticket, Status.CLOSED)
    manager = ClientManagerFactory(organisation=requester.organisation)
    assert services.change_status(manager, ticket, Status.CLOSED).status == Status.CLOSED


def test_a_closed_ticket_reopens_within_the_window_only(requester, agent, working):
    ticket = services.change_status(agent, resolve(agent, working), Status.CLOSED)
    with time_machine.travel(timezone.now() + timedelta(days=14, hours=-1)):
        assert services.reopen_ticket(requester, ticket).reopen_count == 1

    ticket = services.change_status(agent, resolve(agent, ticket), Status.CLOSED)
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        with pytest.raises(ValidationError) as raised:
            services.reopen_ticket(requester, ticket)
    assert raised.value.error_dict["status"][0].code == "reopen_window_passed"


def test_the_reopen_window_is_the_organisations(requester, agent, working):
    requester.organisation.reopen_window_days = 0
    requester.organisation.save()
    ticket = services.change_status(agent, resolve(agent, working), Status.CLOSED)
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        with pytest.raises(ValidationError):
            services.reopen_ticket(agent, ticket)


def test_only_done_tickets_reopen(agent, working):
    with pytest.raises(ValidationError) as raised:
        services.reopen_ticket(agent, working)
    assert raised.value.error_dict["status"][0].code == "not_reopenable"


def test_allowed_statuses_depend_on_who_asks(requester, agent, working):
    assert services.allowed_statuses(agent, working) == [
        "assigned",
        "pending_customer",
        "pending_third_party",
        "resolved",
    ]
    assert services.allowed_statuses(requester, working) == []
    ticket = resolve(agent, working)
    assert services.allowed_statuses(requester, ticket) == ["assigned", "closed"]
    assert services.allowed_statuses(PersonFactory(organisation=requester.organisation), ticket) == []


def test_pending_statuses(agent, working):
    ticket = services.change_status(agent, working, Status.PENDING_CUSTOMER)
    ticket = services.change_status(agent, ticket, Status.PENDING_THIRD_PARTY)
    assert services.change_status(agent, ticket, Status.IN_PROGRESS).status == Status.IN_PROGRESS
