import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from moked.tickets import selectors
from moked.tickets.models import TicketEvent, TicketLink
from moked.tickets.services import linking
from tests.factories import AgentFactory, OrganisationFactory, PersonFactory, make_ticket

pytestmark = pytest.mark.django_db


def test_a_link_shows_on_both_tickets_and_their_timelines(agent, requester):
    printer, toner = (
        make_ticket(requester, subject="Printer jams"),
        make_ticket(requester, subject="Toner low"),
    )
    linking.link_tickets(agent, printer, toner)

    assert selectors.ticket_links(agent, printer) == [("Related to", toner)]
    assert selectors.ticket_links(agent, toner) == [("Related to", printer)]
    for ticket, other in ((printer, toner), (toner, printer)):
        event = TicketEvent.objects.get(ticket=ticket, kind="linked")
        assert (event.new_value, event.actor, event.is_public) == (other.reference, agent, False)


def test_linking_again_from_either_side_changes_nothing(agent, requester):
    one, two = make_ticket(requester), make_ticket(requester)
    first = linking.link_tickets(agent, one, two)
    assert linking.link_tickets(agent, two, one) == first
    assert TicketLink.objects.count() == 1
    assert TicketEvent.objects.filter(kind="linked").count() == 2


def test_unlinking_removes_the_link_from_both_sides(agent, requester):
    one, two = make_ticket(requester), make_ticket(requester)
    linking.link_tickets(agent, one, two)
    linking.unlink_tickets(agent, two, one)
    assert not TicketLink.objects.exists()
    assert selectors.ticket_links(agent, one) == []
    assert TicketEvent.objects.filter(kind="unlinked").count() == 2


def test_a_ticket_is_not_linked_to_itself_nor_to_another_organisation(agent, requester):
    one = make_ticket(requester)
    with pytest.raises(ValidationError):
        linking.link_tickets(agent, one, one)
    other_org = OrganisationFactory()
    admin_side = AgentFactory(serves=[requester.organisation, other_org])
    stranger_ticket = make_ticket(PersonFactory(organisation=other_org))
    with pytest.raises(ValidationError, match="same organisation"):
        linking.link_tickets(admin_side, one, stranger_ticket)
    assert not TicketLink.objects.exists()


def test_only_staff_who_work_both_tickets_link_them(agent, requester):
    one, two = make_ticket(requester), make_ticket(requester)
    with pytest.raises(PermissionDenied):
        linking.link_tickets(requester, one, two)
    with pytest.raises(PermissionDenied):
        linking.link_tickets(AgentFactory(serves=[OrganisationFactory()]), one, two)
    assert not TicketLink.objects.exists()


def test_the_requester_does_not_see_links_to_tickets_they_may_not_see(agent, requester, org):
    mine = make_ticket(requester)
    colleagues = make_ticket(PersonFactory(organisation=org))
    linking.link_tickets(agent, mine, colleagues)
    assert selectors.ticket_links(requester, mine) == []
    assert selectors.ticket_links(agent, mine) == [("Related to", colleagues)]
