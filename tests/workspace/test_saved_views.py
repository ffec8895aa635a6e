"""Saving, sharing and reading views of tickets."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from moked.tickets.selectors import ticket_list
from moked.workspace import services
from moked.workspace.filters import TicketFilter
from moked.workspace.models import SavedView
from moked.workspace.selectors import apply_filter, saved_views_for
from tests.factories import AgentFactory, GroupFactory, OrganisationFactory, PersonFactory, make_ticket

pytestmark = pytest.mark.django_db


def test_an_agent_saves_a_view_and_sees_it(agent):
    view = services.create_saved_view(
        agent, name="  My   P1s ", base="all", filters={"priority": ["1"], "status": ["new"]}, sort="-due"
    )
    assert (view.name, view.owner, view.filters, view.sort) == (
        "My P1s",
        agent,
        {"status": ["new"], "priority": ["1"]},
        "-due",
    )
    assert list(saved_views_for(agent)) == [view]


def test_a_view_shared_with_a_group_is_seen_by_its_members_only(agent):
    colleague, outsider = AgentFactory(), AgentFactory()
    network = GroupFactory(members=[agent, colleague])
    view = services.create_saved_view(agent, name="Network queue", base="unassigned", shared_with=network)
    assert list(saved_views_for(colleague)) == [view]
    assert list(saved_views_for(outsider)) == []


def test_bad_definitions_are_refused_and_nothing_is_saved(agent):
    stranger_group = GroupFactory()
    for fields in (
        {"name": "x", "base": "everything"},
        {"name": "x", "filters": {"status": ["exploded"]}},
        {"name": "x", "sort": "colour"},
        {"name": "x", "shared_with": stranger_group},
        {"name": "   "},
    ):
        with pytest.raises(ValidationError):
            services.create_saved_view(agent, **fields)
    services.create_saved_view(agent, name="Mine")
    with pytest.raises(ValidationError):
        services.create_saved_view(agent, name="Mine")
    assert SavedView.objects.count() == 1


def test_clients_keep_no_views_and_only_owners_change_theirs(agent, requester):
    with pytest.raises(PermissionDenied):
        services.create_saved_view(requester, name="Mine")
    view = services.create_saved_view(agent, name="Mine")
    colleague = AgentFactory()
    with pytest.raises(PermissionDenied):
        services.update_saved_view(colleague, view, {"name": "Theirs"})
    with pytest.raises(PermissionDenied):
        services.delete_saved_view(colleague, view)
    services.update_saved_view(agent, view, {"name": "Renamed", "filters": {"assignee": ["me"]}})
    view.refresh_from_db()
    assert (view.name, view.filters) == ("Renamed", {"assignee": ["me"]})
    services.delete_saved_view(agent, view)
    assert not SavedView.objects.exists()


def test_a_filter_narrows_and_never_widens_what_an_agent_sees(agent, requester, org):
    urgent = make_ticket(requester, impact=1, urgency=1)
    make_ticket(requester)
    elsewhere = OrganisationFactory()
    make_ticket(PersonFactory(organisation=elsewhere), impact=1, urgency=1)
    p1 = apply_filter(agent, ticket_list(agent), TicketFilter(priorities=(1,)))
    assert list(p1) == [urgent]
    theirs = apply_filter(agent, ticket_list(agent), TicketFilter(organisation=elsewhere.pk))
    assert list(theirs) == []
