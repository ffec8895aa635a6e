import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from moked.tickets import selectors, services
from moked.tickets.models import Status, TicketEvent
from tests.factories import GroupFactory, make_ticket

pytestmark = pytest.mark.django_db


def test_the_first_public_reply_of_staff_is_the_first_response(requester, agent):
    ticket = make_ticket(requester)
    services.add_comment(requester, ticket, "Any news?")
    ticket.refresh_from_db()
    assert ticket.first_response_at is None

    reply = services.add_comment(agent, ticket, "Looking at it now.")
    ticket.refresh_from_db()
    assert ticket.first_response_at == reply.created_at
    services.add_comment(agent, ticket, "Found it.")
    ticket.refresh_from_db()
    assert ticket.first_response_at == reply.created_at
    event = TicketEvent.objects.get(ticket=ticket, comment=reply)
    assert (event.kind, event.is_public, event.actor) == ("reply_added", True, agent)


def test_internal_notes_are_for_staff_only(requester, agent):
    ticket = make_ticket(requester)
    note = services.add_comment(agent, ticket, "Probably the toner driver.", public=False)
    assert not note.is_public
    assert TicketEvent.objects.get(ticket=ticket, comment=note).is_public is False
    ticket.refresh_from_db()
    assert ticket.first_response_at is None  # a note is not a response
    with pytest.raises(PermissionDenied):
        services.add_comment(requester, ticket, "sneaky", public=False)


def test_end_users_never_see_internal_notes(requester, agent):
    ticket = make_ticket(requester)
    services.add_comment(agent, ticket, "internal", public=False)
    services.add_comment(agent, ticket, "public")
    assert [c.body for c in selectors.ticket_comments(requester, ticket)] == ["public"]
    assert [c.body for c in selectors.ticket_comments(agent, ticket)] == ["internal", "public"]
    assert "note_added" not in [e.kind for e in selectors.ticket_events(requester, ticket)]


def test_an_empty_message_is_refused(requester):
    with pytest.raises(ValidationError) as raised:
        services.add_comment(requester, make_ticket(requester), "  \n ")
    assert raised.value.error_dict["body"][0].code == "required"


def test_a_closed_ticket_takes_notes_but_no_replies(requester, agent):
    GroupFactory(members=[agent])
    ticket = services.update_ticket(agent, make_ticket(requester), {"assignee": agent})
    ticket = services.change_status(agent, ticket, Status.RESOLVED, resolution_code="solved")
    ticket = services.change_status(agent, ticket, Status.CLOSED)
    with pytest.raises(ValidationError) as raised:
        services.add_comment(requester, ticket, "one more thing")
    assert raised.value.error_dict["body"][0].code == "ticket_closed"
    services.add_comment(agent, ticket, "post-mortem: driver bug", public=False)


def test_a_reply_moves_updated_at(requester, agent):
    ticket = make_ticket(requester)
    comment = services.add_comment(agent, ticket, "hello")
    ticket.refresh_from_db()
    assert ticket.updated_at == comment.created_at
