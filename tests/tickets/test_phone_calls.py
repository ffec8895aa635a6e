import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from moked.people.selectors import find_people
from moked.tickets import services
from moked.tickets.models import Channel, Comment, TicketEvent
from tests.factories import AgentFactory, OrganisationFactory, PersonFactory, make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def caller(org):
    return PersonFactory(
        organisation=org, name="Yossi Levi", email="yossi@acme.example", phone="+972 (54) 123-4567"
    )


def test_a_call_opens_a_phone_ticket_for_the_caller(agent, caller):
    ticket = services.log_call(
        agent,
        caller=caller,
        subject="Cannot print",
        notes="Caller says the printer jams.",
        duration_seconds=240,
        impact=2,
        urgency=2,
    )
    assert (ticket.channel, ticket.requester, ticket.description) == (
        Channel.PHONE,
        caller,
        "Caller says the printer jams.",
    )
    created, call, responded = TicketEvent.objects.filter(ticket=ticket).order_by("id")
    assert created.channel == "phone"
    # answering the call was the first response
    assert (responded.field, ticket.first_response_at) == ("first_response_at", ticket.created_at)
    assert (call.kind, call.data["duration_seconds"], call.data["direction"]) == (
        "call_logged",
        240,
        "inbound",
    )


def test_a_call_about_an_existing_ticket_becomes_a_note_on_it(agent, caller):
    ticket = make_ticket(caller)
    same = services.log_call(agent, caller=caller, notes="Called to ask for news.", ticket=ticket)
    assert same.pk == ticket.pk
    note = Comment.objects.get(ticket=ticket)
    assert (note.is_public, note.channel, note.body) == (False, "phone", "Called to ask for news.")
    assert TicketEvent.objects.filter(ticket=ticket, kind="call_logged", comment=note).exists()


def test_only_staff_serving_the_callers_organisation_log_calls(agent, caller):
    with pytest.raises(PermissionDenied):
        services.log_call(caller, caller=caller, subject="x", notes="y")
    outsider = AgentFactory(serves=[OrganisationFactory()])
    with pytest.raises(ValidationError):
        services.log_call(outsider, caller=caller, subject="x", notes="y")
    other_ticket = make_ticket(PersonFactory(organisation=OrganisationFactory()))
    with pytest.raises(ValidationError):
        services.log_call(agent, caller=caller, notes="y", ticket=other_ticket)


@pytest.mark.parametrize(
    "query", ["yossi", "LEVI", "yossi@acme", "054-123-4567", "0541234567", "+972541234567", "4567"]
)
def test_the_phone_desk_finds_a_caller_by_name_email_or_number(agent, caller, query):
    assert list(find_people(agent, query)) == [caller]


def test_the_phone_desk_finds_no_one_it_may_not_see(caller):
    outsider = AgentFactory(serves=[OrganisationFactory()])
    assert list(find_people(outsider, "yossi")) == []
    assert list(find_people(outsider, "0541234567")) == []
