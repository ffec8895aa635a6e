import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from moked.businesstime.services import create_calendar
from moked.mail.models import OutboundMessage
from moked.sla.models import SlaClock
from moked.sla.services import create_policy
from moked.tickets import selectors, services
from moked.tickets.models import Comment, Status, TicketEvent, TicketFollower
from moked.tickets.services import linking
from tests.factories import AgentFactory, OrganisationFactory, PersonFactory, make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(org):
    return PersonFactory(organisation=org, name="Dana Colleague")


def test_the_duplicate_is_closed_and_points_to_where_the_conversation_goes_on(agent, requester, colleague):
    original = make_ticket(requester, subject="VPN down")
    duplicate = make_ticket(colleague, subject="VPN is not working", description="Since 9 am.")

    linking.merge_tickets(agent, duplicate, original)

    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.resolution_code, duplicate.merged_into) == (
        Status.CLOSED,
        "duplicate",
        original,
    )
    told = Comment.objects.get(ticket=duplicate, is_public=True)
    assert original.reference in told.body and told.author == agent
    note = Comment.objects.get(ticket=original, is_public=False)
    assert duplicate.reference in note.body and "Since 9 am." in note.body
    assert TicketFollower.objects.filter(ticket=original, person=colleague).exists()
    assert selectors.ticket_links(agent, original) == [("Merged from", duplicate)]
    assert selectors.ticket_links(agent, duplicate) == [("Merged into", original)]
    assert TicketEvent.objects.filter(ticket=original, kind="merged", new_value=duplicate.reference).exists()


def test_the_duplicates_requester_can_read_the_surviving_ticket(agent, requester, colleague):
    original = make_ticket(requester)
    duplicate = make_ticket(colleague)
    linking.merge_tickets(agent, duplicate, original)
    assert selectors.get_ticket(colleague, original.reference) == original


def test_a_merge_without_telling_the_requester_adds_no_public_reply(agent, requester):
    original, duplicate = make_ticket(requester), make_ticket(requester)
    linking.merge_tickets(agent, duplicate, original, tell_requester=False)
    assert not Comment.objects.filter(ticket=duplicate).exists()


def test_refused_merges_change_nothing(agent, requester):
    original, duplicate = make_ticket(requester), make_ticket(requester)
    with pytest.raises(ValidationError):
        linking.merge_tickets(agent, duplicate, duplicate)
    closed = services.change_status(
        agent,
        services.change_status(agent, make_ticket(requester), "resolved", resolution_code="solved"),
        "closed",
    )
    with pytest.raises(ValidationError, match="closed"):
        linking.merge_tickets(agent, duplicate, closed)
    with pytest.raises(PermissionDenied):
        linking.merge_tickets(requester, duplicate, original)
    other = make_ticket(PersonFactory(organisation=OrganisationFactory()))
    with pytest.raises(ValidationError, match="same organisation"):
        linking.merge_tickets(
            AgentFactory(serves=[requester.organisation, other.organisation]), duplicate, other
        )

    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == (Status.NEW, None)
    assert not Comment.objects.exists()


def test_a_ticket_is_merged_only_once_and_only_into_a_surviving_ticket(agent, requester):
    first, second, third = make_ticket(requester), make_ticket(requester), make_ticket(requester)
    linking.merge_tickets(agent, second, first)
    with pytest.raises(ValidationError, match="already merged"):
        linking.merge_tickets(agent, second, third)
    with pytest.raises(ValidationError, match="merge into that one"):
        linking.merge_tickets(agent, third, second)
    second.refresh_from_db()
    assert linking.surviving_ticket(second) == first


def test_the_requester_is_told_once_by_mail_not_also_of_the_closing(agent, requester):
    original, duplicate = make_ticket(requester), make_ticket(requester)
    linking.merge_tickets(agent, duplicate, original)
    told = OutboundMessage.objects.filter(ticket=duplicate).exclude(kind="received")
    assert list(told.values_list("kind", flat=True)) == ["reply"]
    assert original.reference in told.get().subject or original.reference in told.get().text


def test_the_sla_clocks_of_the_duplicate_stop(admin, agent, requester):
    office = create_calendar(admin, name="Always", timezone="UTC", always_open=True)
    create_policy(admin, name="Standard", calendar=office, first_response_minutes=60, resolution_minutes=600)
    original, duplicate = make_ticket(requester), make_ticket(requester)
    assert SlaClock.objects.filter(ticket=duplicate, status="running").exists()
    linking.merge_tickets(agent, duplicate, original)
    duplicate.refresh_from_db()
    assert not SlaClock.objects.filter(ticket=duplicate, status="running").exists()
    assert duplicate.sla_due_at is None
