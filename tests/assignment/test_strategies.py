"""The group's strategy picks an agent who is on shift, not absent and serving the organisation."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from moked.assignment import services
from moked.assignment.models import AgentProfile, GroupAssignment
from moked.tickets import services as tickets
from moked.tickets.models import EventChannel, Ticket, TicketEvent
from tests.factories import AdminFactory, AgentFactory, GroupFactory, OrganisationFactory, make_ticket

pytestmark = pytest.mark.django_db

SYSTEM = EventChannel.SYSTEM


def assigned(ticket):
    ticket.refresh_from_db()
    return ticket.assignee.username if ticket.assignee else None


def assign(ticket, group):
    return services.assign_by_strategy(None, ticket, group, channel=SYSTEM)


def give(agent, requester, count, group=None):
    """`count` open tickets assigned to `agent`."""
    for _ in range(count):
        changes = {"assignee": agent} if group is None else {"group": group, "assignee": agent}
        tickets.update_ticket(agent, make_ticket(requester), changes)


# --- round robin ---------------------------------------------------------------------------------


def test_round_robin_takes_turns(strategy, desk, requester):
    strategy("round_robin")
    picked = []
    for _ in range(4):
        ticket = make_ticket(requester)
        assign(ticket, desk)
        picked.append(assigned(ticket))
    assert picked == ["avi", "bea", "cem", "avi"]
    event = TicketEvent.objects.filter(ticket=ticket, field="assignee").get()
    assert (event.actor, event.new_label, event.channel) == (None, "Avi", SYSTEM)


def test_two_consecutive_assignments_go_to_two_agents(strategy, desk, requester):
    strategy("round_robin")
    first = services.choose_agent(desk, make_ticket(requester))
    second = services.choose_agent(desk, make_ticket(requester))
    assert first != second
    assert GroupAssignment.objects.get(group=desk).last_assigned == second


def test_round_robin_skips_absent_agents(strategy, desk, agents, requester, away):
    strategy("round_robin")
    away(agents[1])
    picked = []
    for _ in range(3):
        ticket = make_ticket(requester)
        assign(ticket, desk)
        picked.append(assigned(ticket))
    assert picked == ["avi", "cem", "avi"]


def test_round_robin_goes_on_after_an_agent_who_left_the_group(strategy, desk, agents, requester):
    strategy("round_robin")
    assert services.choose_agent(desk, make_ticket(requester)) == agents[0]
    assert services.choose_agent(desk, make_ticket(requester)) == agents[1]
    desk.members.remove(agents[1])  # the last one given a ticket
    assert services.choose_agent(desk, make_ticket(requester)) == agents[2]
    assert services.choose_agent(desk, make_ticket(requester)) == agents[0]


def test_round_robin_with_one_agent_gives_them_everything(strategy, desk, agents, requester, away):
    strategy("round_robin")
    away(agents[0])
    away(agents[2])
    assert {services.choose_agent(desk, make_ticket(requester)) for _ in range(3)} == {agents[1]}


# --- least open ----------------------------------------------------------------------------------


def test_least_open_picks_the_least_busy(strategy, desk, agents, requester):
    strategy("least_open")
    for agent, count in zip(agents, (2, 0, 1), strict=True):
        give(agent, requester, count, desk)
    ticket = make_ticket(requester)
    assert assign(ticket, desk) == agents[1]
    closed = make_ticket(requester)  # resolved tickets do not count
    tickets.update_ticket(agents[0], closed, {"assignee": agents[1]})
    tickets.change_status(agents[0], closed, "resolved", resolution_code="solved")
    # avi 2 open, bea 1 (and 1 resolved, which does not count), cem 1: bea, the first of the two
    assert services.choose_agent(desk, make_ticket(requester)) == agents[1]


def test_least_open_counts_tickets_in_every_group(strategy, desk, agents, requester):
    strategy("least_open")
    other = GroupFactory(name="Network", members=agents)
    give(agents[0], requester, 1, other)
    give(agents[1], requester, 1, other)
    assert services.choose_agent(desk, make_ticket(requester)) == agents[2]


def test_least_open_ties_go_to_the_lowest_id(strategy, desk, agents, requester):
    strategy("least_open")
    assert [services.choose_agent(desk, make_ticket(requester)) for _ in range(2)] == [agents[0]] * 2


def test_least_open_is_one_aggregate_query_whatever_the_workload(
    strategy, desk, agents, requester, django_assert_max_num_queries
):
    strategy("least_open")
    ticket = make_ticket(requester)
    with django_assert_max_num_queries(20) as few:
        services.choose_agent(desk, ticket)
    give(agents[0], requester, 5)
    give(agents[1], requester, 5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert services.choose_agent(desk, ticket) == agents[2]


# --- skills --------------------------------------------------------------------------------------


def test_skills_match_the_tickets_tags(strategy, desk, agents, requester):
    strategy("skills")
    AgentProfile.objects.create(person=agents[0], skills=["printer"])
    AgentProfile.objects.create(person=agents[2], skills=["vpn", "wifi"])
    assert services.choose_agent(desk, make_ticket(requester, actor=agents[0], tags=["vpn"])) == agents[2]
    assert services.choose_agent(desk, make_ticket(requester, actor=agents[0], tags=["printer"])) == agents[0]


def test_the_agent_matching_the_most_tags_wins(strategy, desk, agents, requester):
    strategy("skills")
    AgentProfile.objects.create(person=agents[0], skills=["vpn"])
    AgentProfile.objects.create(person=agents[1], skills=["vpn", "windows", "wifi"])
    AgentProfile.objects.create(person=agents[2], skills=["windows"])
    ticket = make_ticket(requester, actor=agents[0], tags=["vpn", "windows"])
    assert services.choose_agent(desk, ticket) == agents[1]


def test_skill_ties_go_to_the_least_busy(strategy, desk, agents, requester):
    strategy("skills")
    for agent in agents[:2]:
        AgentProfile.objects.create(person=agent, skills=["vpn"])
    give(agents[0], requester, 2)
    give(agents[1], requester, 1)
    assert services.choose_agent(desk, make_ticket(requester, actor=agents[0], tags=["vpn"])) == agents[1]
    give(agents[1], requester, 2)
    assert services.choose_agent(desk, make_ticket(requester, actor=agents[0], tags=["vpn"])) == agents[0]


def test_when_nobody_has_the_skills_the_least_busy_gets_it(strategy, desk, agents, requester):
    strategy("skills")
    AgentProfile.objects.create(person=agents[0], skills=["printer"])
    give(agents[0], requester, 1)
    give(agents[2], requester, 1)
    assert services.choose_agent(desk, make_ticket(requester, actor=agents[0], tags=["sap"])) == agents[1]
    assert services.choose_agent(desk, make_ticket(requester)) == agents[1]  # no tags at all


def test_the_skilled_agent_away_falls_back_to_the_others(strategy, desk, agents, requester, away):
    strategy("skills")
    AgentProfile.objects.create(person=agents[2], skills=["vpn"])
    away(agents[2])
    give(agents[0], requester, 1)
    assert services.choose_agent(desk, make_ticket(requester, actor=agents[0], tags=["vpn"])) == agents[1]


# --- who is available ----------------------------------------------------------------------------


def test_agents_who_do_not_serve_the_organisation_are_never_chosen(strategy, desk, requester):
    strategy("round_robin")
    outsider = AgentFactory(username="zed", serves=[OrganisationFactory()])
    desk.members.add(outsider)
    picked = {services.choose_agent(desk, make_ticket(requester)).username for _ in range(6)}
    assert picked == {"avi", "bea", "cem"}


def test_an_agent_serving_only_another_client_gets_nothing_even_alone(strategy, requester):
    outsider = AgentFactory(serves=[OrganisationFactory()])
    group = GroupFactory(members=[outsider])
    strategy("least_open", group)
    ticket = make_ticket(requester)
    assert services.available_agents(group, ticket) == []
    assert assign(ticket, group) is None
    ticket.refresh_from_db()
    assert (ticket.group, ticket.assignee) == (group, None)


def test_disabled_accounts_and_client_people_are_not_available(desk, agents, requester):
    agents[0].is_active = False
    agents[0].save()
    desk.members.add(requester)
    assert services.available_agents(desk, make_ticket(requester)) == agents[1:]


def test_admins_in_a_group_serve_every_organisation(desk, agents, requester):
    admin = AdminFactory()
    desk.members.add(admin)
    assert admin in services.available_agents(desk, make_ticket(requester))


def test_an_inactive_group_hands_out_nothing(strategy, desk, requester):
    strategy("round_robin")
    desk.is_active = False
    desk.save()
    assert services.choose_agent(desk, make_ticket(requester)) is None


def test_nobody_available_leaves_the_ticket_in_the_group(strategy, desk, agents, requester, away):
    strategy("least_open")
    for agent in agents:
        away(agent, hours=1)
    ticket = make_ticket(requester)
    assert assign(ticket, desk) is None
    ticket.refresh_from_db()
    assert (ticket.group, ticket.assignee, ticket.status) == (desk, None, "new")


def test_moving_to_a_group_where_nobody_is_available_unassigns(strategy, desk, agents, requester, away):
    other = GroupFactory(name="Network", members=[agents[0]])
    strategy("round_robin", other)
    ticket = make_ticket(requester)
    tickets.update_ticket(agents[1], ticket, {"group": desk, "assignee": agents[1]})
    away(agents[0])
    assert assign(ticket, other) is None
    assert (ticket.group, ticket.assignee, ticket.status) == (other, None, "new")  # kept up to date
    ticket.refresh_from_db()
    assert (ticket.group, ticket.assignee) == (other, None)


def test_a_group_given_moves_the_ticket_there(strategy, desk, agents, requester):
    strategy("least_open")
    ticket = make_ticket(requester)
    assert assign(ticket, desk) == agents[0]
    assert (ticket.group, ticket.assignee, ticket.status) == (desk, agents[0], "assigned")


def test_a_ticket_without_a_group_and_none_given_is_left_alone(requester):
    ticket = make_ticket(requester)
    assert assign(ticket, None) is None
    assert not TicketEvent.objects.filter(ticket=ticket, field__in=["group", "assignee"]).exists()


def test_manual_groups_are_not_assigned(desk, requester):
    ticket = make_ticket(requester)
    assert assign(ticket, desk) is None
    ticket.refresh_from_db()
    assert ticket.group == desk and ticket.assignee is None


def test_manual_assignment_always_works(strategy, desk, agents, requester, away):
    strategy("round_robin")
    away(agents[2])
    ticket = make_ticket(requester)
    tickets.update_ticket(agents[0], ticket, {"group": desk, "assignee": agents[2]})
    assert assigned(ticket) == "cem"


def test_an_agent_assigns_as_themselves_when_they_may_work_the_ticket(strategy, desk, agents, requester):
    strategy("round_robin")
    ticket = make_ticket(requester)
    assert services.assign_by_strategy(agents[2], ticket, desk, channel=EventChannel.API) == agents[0]
    event = TicketEvent.objects.filter(ticket=ticket, field="assignee").get()
    assert (event.actor, event.channel) == (agents[2], EventChannel.API)


def test_someone_who_may_not_work_the_ticket_is_refused_and_the_turn_stays(strategy, desk, requester):
    strategy("round_robin")
    stranger = AgentFactory(serves=[OrganisationFactory()])
    ticket = make_ticket(requester)
    for actor in (stranger, requester):
        with pytest.raises(PermissionDenied):
            services.assign_by_strategy(actor, ticket, desk, channel=EventChannel.API)
    assert GroupAssignment.objects.get(group=desk).last_assigned is None
    ticket.refresh_from_db()
    assert ticket.assignee is None and ticket.group is None


def test_a_refused_change_moves_nothing(strategy, desk, requester):
    """The turn moves on only with the ticket: a change the ticket refuses leaves both as they were."""
    strategy("round_robin")
    ticket = make_ticket(requester)
    Ticket.objects.filter(pk=ticket.pk).update(subject="")  # a record that no longer validates
    with pytest.raises(ValidationError):
        assign(ticket, desk)
    assert GroupAssignment.objects.get(group=desk).last_assigned is None
    ticket.refresh_from_db()
    assert (ticket.group, ticket.assignee) == (None, None)
