"""Lists of tickets in the workspace: filters, saved views and actions on many tickets at once."""

import pytest

from moked.tickets.models import Ticket
from moked.workspace.models import SavedView
from tests.factories import AgentFactory, GroupFactory, OrganisationFactory, PersonFactory, make_ticket
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(org):
    agent = AgentFactory(serves=[org], name="Avi Agent")
    GroupFactory(name="Service Desk", members=[agent])
    return agent


def test_filters_narrow_a_view(org, agent):
    customer = PersonFactory(organisation=org)
    make_ticket(customer, subject="Urgent outage", impact=1, urgency=1)
    make_ticket(customer, subject="Slow mouse")
    page = client_for(agent).get("/desk/views/all/", {"priority": "1"}).content.decode()
    assert "Urgent outage" in page and "Slow mouse" not in page
    page = client_for(agent).get("/desk/views/all/", {"assignee": "none", "status": ["new"]}).content.decode()
    assert "Urgent outage" in page and "Slow mouse" in page


def test_a_malformed_filter_is_said_and_left_out(org, agent):
    make_ticket(PersonFactory(organisation=org), subject="Still listed")
    page = client_for(agent).get("/desk/views/all/", {"priority": "9"}).content.decode()
    assert "Still listed" in page and "priority=9" in page


def test_an_agent_saves_the_list_as_a_view_and_opens_it(org, agent):
    customer = PersonFactory(organisation=org)
    make_ticket(customer, subject="Urgent outage", impact=1, urgency=1)
    make_ticket(customer, subject="Slow mouse")
    client = client_for(agent)
    answer = client.post(
        "/desk/saved/",
        {
            "name": "P1 now",
            "shared_with": "",
            "base": "all",
            "query": "priority=1&sort=-due",
            "next": "/desk/",
        },
    )
    view = SavedView.objects.get()
    assert answer.url == f"/desk/saved/{view.pk}/"
    assert (view.owner, view.base, view.filters, view.sort) == (agent, "all", {"priority": ["1"]}, "-due")
    page = client.get(answer.url).content.decode()
    assert "P1 now" in page and "Urgent outage" in page and "Slow mouse" not in page


def test_a_bad_view_is_not_saved_and_the_agent_is_told_why(org, agent):
    client = client_for(agent)
    answer = client.post(
        "/desk/saved/",
        {"name": "Odd", "base": "all", "query": "status=exploded", "next": "/desk/"},
        follow=True,
    )
    assert not SavedView.objects.exists()
    assert "status=exploded" in answer.content.decode()


def test_a_view_shared_with_a_group_is_open_to_its_members_and_only_its_owner_deletes_it(org, agent):
    group = agent.support_groups.get()
    colleague = AgentFactory(serves=[org])
    group.members.add(colleague)
    outsider = AgentFactory(serves=[org])
    client = client_for(agent)
    client.post(
        "/desk/saved/", {"name": "Team queue", "shared_with": group.pk, "base": "unassigned", "query": ""}
    )
    view = SavedView.objects.get()
    assert client_for(colleague).get(f"/desk/saved/{view.pk}/").status_code == 200
    assert client_for(outsider).get(f"/desk/saved/{view.pk}/").status_code == 404
    client_for(colleague).post(f"/desk/saved/{view.pk}/", {"action": "delete"})
    assert SavedView.objects.exists()
    client.post(f"/desk/saved/{view.pk}/", {"action": "delete"})
    assert not SavedView.objects.exists()


def test_bulk_assign_status_and_priority(org, agent):
    customer = PersonFactory(organisation=org)
    one, two, untouched = make_ticket(customer), make_ticket(customer), make_ticket(customer)
    client = client_for(agent)
    picked = {"tickets": [one.reference, two.reference], "next": "/desk/views/all/"}
    answer = client.post("/desk/bulk/", {**picked, "bulk_action": "assign", "assign": agent.pk}, follow=True)
    assert f"Changed: {one.reference}, {two.reference}." in answer.content.decode()
    client.post("/desk/bulk/", {**picked, "bulk_action": "priority", "priority": "2"})
    client.post("/desk/bulk/", {**picked, "bulk_action": "status", "status": "in_progress"})
    for ticket in (one, two):
        ticket.refresh_from_db()
        assert (ticket.assignee, ticket.priority, ticket.status) == (agent, 2, "in_progress")
    untouched.refresh_from_db()
    assert (untouched.assignee, untouched.status) == (None, "new")


def test_a_bulk_change_reports_each_refusal_and_keeps_the_rest(org, agent):
    customer = PersonFactory(organisation=org)
    assigned = make_ticket(customer)
    client = client_for(agent)
    client.post("/desk/bulk/", {"tickets": [assigned.reference], "bulk_action": "assign", "assign": agent.pk})
    fresh = make_ticket(customer)
    answer = client.post(
        "/desk/bulk/",
        {
            "tickets": [assigned.reference, fresh.reference],
            "bulk_action": "status",
            "status": "in_progress",
            "next": "/desk/",
        },
        follow=True,
    )
    page = answer.content.decode()
    assert f"Changed: {assigned.reference}." in page and f"{fresh.reference} not changed" in page
    fresh.refresh_from_db()
    assert fresh.status == "new"


def test_bulk_merge_folds_duplicates_into_one_ticket(org, agent):
    customer = PersonFactory(organisation=org)
    first, second, third = make_ticket(customer), make_ticket(customer), make_ticket(customer)
    client_for(agent).post(
        "/desk/bulk/",
        {
            "tickets": [first.reference, second.reference, third.reference],
            "bulk_action": "merge",
            "merge": first.reference,
        },
    )
    assert list(Ticket.objects.filter(merged_into=first).order_by("id")) == [second, third]
    first.refresh_from_db()
    assert first.status == "new"


def test_bulk_actions_never_reach_tickets_out_of_sight(org, agent):
    elsewhere = make_ticket(PersonFactory(organisation=OrganisationFactory()))
    answer = client_for(agent).post(
        "/desk/bulk/",
        {"tickets": [elsewhere.reference], "bulk_action": "priority", "priority": "1", "next": "/desk/"},
        follow=True,
    )
    elsewhere.refresh_from_db()
    assert elsewhere.priority == 4 and "Tick the tickets" in answer.content.decode()


def test_bulk_goes_back_only_to_pages_of_this_site(org, agent):
    ticket = make_ticket(PersonFactory(organisation=org))
    answer = client_for(agent).post(
        "/desk/bulk/",
        {
            "tickets": [ticket.reference],
            "bulk_action": "priority",
            "priority": "1",
            "next": "https://evil.example/",
        },
    )
    assert answer.url == "/desk/"


def test_end_users_have_no_lists_nor_bulk_actions(org):
    customer = PersonFactory(organisation=org)
    ticket = make_ticket(customer)
    client = client_for(customer)
    assert (
        client.post(
            "/desk/bulk/", {"tickets": [ticket.reference], "bulk_action": "priority", "priority": "1"}
        ).status_code
        == 403
    )
    assert client.post("/desk/saved/", {"name": "x", "base": "all"}).status_code == 403


@pytest.mark.parametrize("count", [3, 30])
def test_a_filtered_list_and_a_saved_view_cost_a_bounded_number_of_queries(
    org, agent, count, django_assert_max_num_queries
):
    customer = PersonFactory(organisation=org)
    for _ in range(count):
        make_ticket(customer, impact=1, urgency=1)
    client = client_for(agent)
    client.post("/desk/saved/", {"name": "P1", "base": "all", "query": "priority=1"})
    view = SavedView.objects.get()
    with django_assert_max_num_queries(25):
        assert (
            client.get("/desk/views/all/", {"priority": "1", "status": "new", "assignee": "none"}).status_code
            == 200
        )
    with django_assert_max_num_queries(25):
        assert client.get(f"/desk/saved/{view.pk}/").status_code == 200


def test_the_whole_history_of_an_organisation_is_listed_by_status(org, agent):
    from moked.tickets import services

    customer = PersonFactory(organisation=org)
    done = services.change_status(
        agent, make_ticket(customer, subject="Old printer case"), "resolved", resolution_code="solved"
    )
    services.change_status(agent, done, "closed")
    make_ticket(customer, subject="Open VPN case")
    client = client_for(agent)
    assert "Old printer case" not in client.get("/desk/views/all/").content.decode()
    page = client.get("/desk/views/all/", {"status": ["closed"], "organisation": org.pk}).content.decode()
    assert "Old printer case" in page and "Open VPN case" not in page
    elsewhere = OrganisationFactory()
    page = client.get(
        "/desk/views/all/", {"status": ["closed"], "organisation": elsewhere.pk}
    ).content.decode()
    assert "Old printer case" not in page
