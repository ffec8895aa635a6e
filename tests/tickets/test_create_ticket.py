import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from moked.people.models import Role
from moked.tickets import services
from moked.tickets.models import Status, Ticket, TicketEvent, TicketSequence
from tests.factories import (
    AgentFactory,
    CategoryFactory,
    ClientManagerFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
    ServiceFactory,
    make_ticket,
)

pytestmark = pytest.mark.django_db


def test_an_end_user_opens_a_ticket_for_themselves(requester):
    ticket = make_ticket(requester, impact=2, urgency=1, channel="portal")

    assert ticket.reference == "INC-000001"
    assert (ticket.status, ticket.priority, ticket.tier) == (Status.NEW, 2, 1)
    assert ticket.organisation == requester.organisation
    event = TicketEvent.objects.get(ticket=ticket)
    assert (event.kind, event.actor, event.channel, event.is_public) == ("created", requester, "portal", True)
    assert event.data["priority"] == 2


def test_the_organisations_own_matrix_decides_the_priority(requester):
    requester.organisation.priority_matrix = [[1, 1, 1], [1, 1, 1], [1, 1, 1]]
    requester.organisation.save()
    assert make_ticket(requester, impact=3, urgency=3).priority == 1


def test_numbers_count_per_type(requester):
    refs = [
        make_ticket(requester, ticket_type=t).reference for t in ("incident", "service_request", "incident")
    ]
    assert refs == ["INC-000001", "REQ-000001", "INC-000002"]


def test_problems_and_changes_cannot_be_opened_yet(requester):
    with pytest.raises(ValidationError) as raised:
        make_ticket(requester, ticket_type="problem")
    assert raised.value.error_dict["ticket_type"][0].code == "type_not_enabled"


def test_a_refused_ticket_writes_nothing_and_uses_no_number(requester):
    with pytest.raises(ValidationError) as raised:
        make_ticket(requester, subject="   ")
    assert "subject" in raised.value.error_dict
    assert not Ticket.objects.exists() and not TicketEvent.objects.exists()
    assert TicketSequence.objects.get(ticket_type="incident").last_number == 0


def test_an_end_user_cannot_open_a_ticket_for_someone_else(requester):
    colleague = PersonFactory(organisation=requester.organisation)
    with pytest.raises(PermissionDenied):
        services.create_ticket(
            requester, organisation=requester.organisation, requester=colleague, subject="x"
        )


def test_an_end_user_cannot_route_or_prioritise(requester):
    group = GroupFactory()
    with pytest.raises(PermissionDenied):
        make_ticket(requester, group=group)
    with pytest.raises(PermissionDenied):
        make_ticket(requester, priority=1)


def test_a_client_manager_opens_tickets_for_colleagues(requester):
    manager = ClientManagerFactory(organisation=requester.organisation)
    ticket = make_ticket(requester, actor=manager)
    assert ticket.requester == requester


def test_nobody_opens_tickets_across_organisations(requester):
    other = OrganisationFactory()
    for outsider in (
        PersonFactory(organisation=other),
        ClientManagerFactory(organisation=other),
        AgentFactory(serves=[other]),
    ):
        with pytest.raises(PermissionDenied):
            make_ticket(requester, actor=outsider)


def test_the_requester_must_belong_to_the_organisation(agent, org):
    stranger = PersonFactory()  # another organisation
    with pytest.raises(ValidationError) as raised:
        services.create_ticket(agent, organisation=org, requester=stranger, subject="x")
    assert "requester" in raised.value.error_dict
    with pytest.raises(ValidationError):
        services.create_ticket(agent, organisation=org, requester=agent, subject="staff are not requesters")


def test_a_suspended_organisation_opens_no_tickets(requester):
    requester.organisation.status = "suspended"
    requester.organisation.save()
    with pytest.raises(ValidationError) as raised:
        make_ticket(requester)
    assert raised.value.error_dict["organisation"][0].code == "organisation_suspended"


def test_service_and_category_must_fit_the_organisation(requester):
    foreign_service = ServiceFactory()
    with pytest.raises(ValidationError) as raised:
        make_ticket(requester, service=foreign_service)
    assert "service" in raised.value.error_dict

    inactive = ServiceFactory(organisation=requester.organisation, is_active=False)
    with pytest.raises(ValidationError):
        make_ticket(requester, service=inactive)

    foreign_category = CategoryFactory(organisation=OrganisationFactory())
    with pytest.raises(ValidationError) as raised:
        make_ticket(requester, category=foreign_category)
    assert "category" in raised.value.error_dict

    own = ServiceFactory(organisation=requester.organisation)
    shared, local = CategoryFactory(), CategoryFactory(organisation=requester.organisation)
    assert make_ticket(requester, service=own, category=shared).service == own
    assert make_ticket(requester, category=local).category == local


def test_staff_route_a_new_ticket_to_a_group_and_agent(requester, agent):
    group = GroupFactory(tier=2, members=[agent])
    ticket = make_ticket(requester, actor=agent, group=group, assignee=agent, priority=1, tags=["VIP", "vpn"])
    assert (ticket.status, ticket.tier, ticket.priority) == (Status.ASSIGNED, 2, 1)
    assert sorted(ticket.tag_links.values_list("name", flat=True)) == ["vip", "vpn"]


def test_the_assignee_must_serve_the_organisation_and_be_in_the_group(requester, agent):
    outsider = AgentFactory(serves=[OrganisationFactory()])
    with pytest.raises(ValidationError) as raised:
        make_ticket(requester, actor=agent, assignee=outsider)
    assert "assignee" in raised.value.error_dict

    group = GroupFactory()  # agent is not a member
    with pytest.raises(ValidationError) as raised:
        make_ticket(requester, actor=agent, group=group, assignee=agent)
    assert "assignee" in raised.value.error_dict

    client = PersonFactory(organisation=requester.organisation)
    with pytest.raises(ValidationError):
        make_ticket(requester, actor=agent, assignee=client)


def test_tags_are_normalised(requester, agent):
    ticket = make_ticket(requester, actor=agent, tags=["Has  Space", "ok", "OK"])
    assert list(ticket.tag_links.order_by("name").values_list("name", flat=True)) == ["has-space", "ok"]


@pytest.mark.parametrize("tags", [["tag!"], ["x" * 51], ["-leading"], [f"t{n}" for n in range(21)]])
def test_bad_tags_are_refused(requester, agent, tags):
    with pytest.raises(ValidationError) as raised:
        make_ticket(requester, actor=agent, tags=tags)
    assert "tags" in raised.value.error_dict


def test_a_disabled_person_cannot_open_tickets(requester):
    requester.is_active = False
    requester.save()
    with pytest.raises(PermissionDenied):
        make_ticket(requester)


def test_client_roles_are_what_the_person_is(requester):
    assert requester.role == Role.END_USER and requester.is_client and not requester.is_staff_member
