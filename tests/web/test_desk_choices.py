"""The workspace offers only choices that can work, asks for what an action needs, and confirms
what an agent did (Django's messages, read out by screen readers)."""

import re

import pytest

from moked.tickets.models import Ticket
from tests.factories import (
    AdminFactory,
    AgentFactory,
    GroupFactory,
    PersonFactory,
    make_ticket,
)
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(galil, amir):
    """A desk group serving both organisations, a colleague who serves only Amir, and a network
    group of its own."""
    agent = AgentFactory(serves=[galil, amir], name="Avi Agent")
    galil_only = AgentFactory(serves=[galil], name="Gila Galil")
    amir_only = AgentFactory(serves=[amir], name="Amos Amir")
    service_desk = GroupFactory(name="Service Desk", members=[agent, galil_only, amir_only])
    network = GroupFactory(name="Network", members=[galil_only])
    return {
        "agent": agent,
        "galil_only": galil_only,
        "amir_only": amir_only,
        "desk": service_desk,
        "network": network,
    }


def options(page: str, select_id: str) -> dict[str, str]:
    select = re.search(rf'<select[^>]*id="{select_id}".*?</select>', page, re.S).group(0)
    return {
        label: attributes for attributes, label in re.findall(r"<option ([^>]*)>([^<]*)</option>", select)
    }


def test_the_ticket_page_offers_only_agents_who_serve_its_organisation(galil, desk):
    admin = AdminFactory(name="Maya Admin")
    ticket = make_ticket(PersonFactory(organisation=galil))
    page = client_for(desk["agent"]).get(f"/desk/tickets/{ticket.reference}/").content.decode()
    offered = options(page, "id_assignee")
    assert {"Avi Agent", "Gila Galil", "Maya Admin"} <= set(offered) and "Amos Amir" not in offered
    # each says its groups, so the page offers only the members of the group chosen
    assert f'data-groups="{desk["desk"].pk} {desk["network"].pk}"' in offered["Gila Galil"]
    assert 'data-members-of="id_group"' in page
    assert admin.pk


def test_an_agent_who_may_not_take_a_ticket_is_not_offered_to_take_it(galil, desk):
    ticket = make_ticket(PersonFactory(organisation=galil), actor=desk["agent"], group=desk["network"])
    page = client_for(desk["agent"]).get(f"/desk/tickets/{ticket.reference}/").content.decode()
    assert 'value="take"' not in page
    page = client_for(desk["galil_only"]).get(f"/desk/tickets/{ticket.reference}/").content.decode()
    assert 'value="take"' in page


def test_the_bulk_bar_says_whom_each_agent_may_be_given(galil, amir, desk):
    make_ticket(PersonFactory(organisation=galil))
    page = client_for(desk["agent"]).get("/desk/views/all/").content.decode()
    offered = options(page, "bulk-assign")
    assert "Amos Amir" not in offered  # serves no organisation of the tickets listed
    assert f'data-organisations="{galil.pk}"' in offered["Gila Galil"]
    assert 'data-organisation="' in page and 'data-group=""' in page


def test_bulk_resolving_without_a_resolution_code_is_refused_before_any_change(galil, desk):
    one, two = (
        make_ticket(PersonFactory(organisation=galil), actor=desk["agent"], assignee=desk["agent"])
        for _ in "12"
    )
    answer = client_for(desk["agent"]).post(
        "/desk/bulk/",
        {
            "tickets": [one.reference, two.reference],
            "bulk_action": "status",
            "status": "resolved",
            "next": "/desk/",
        },
        follow=True,
    )
    page = answer.content.decode()
    assert "Choose the resolution code of the tickets to resolve them." in page
    assert "not changed" not in page
    assert set(Ticket.objects.values_list("status", flat=True)) == {"assigned"}


def test_the_resolution_field_is_tied_to_the_resolved_status(galil, desk):
    make_ticket(PersonFactory(organisation=galil))
    page = client_for(desk["agent"]).get("/desk/views/all/").content.decode()
    assert '<div data-shown-for="bulk-status" data-values="resolved">' in page
    assert "web/choices.js" in page and "onclick" not in page


def test_each_action_on_a_ticket_is_confirmed(galil, desk):
    agent = desk["agent"]
    ticket = make_ticket(PersonFactory(organisation=galil))
    other = make_ticket(PersonFactory(organisation=galil))
    client = client_for(agent)
    url = f"/desk/tickets/{ticket.reference}/"

    def said(post) -> str:
        page = client.post(url, post, follow=True).content.decode()
        found = re.findall(r'<div class="alert alert-success" role="status">(.*?)</div>', page)
        assert len(found) == 1, page
        return found[0]

    assert said({"action": "take"}) == f"{ticket.reference} is now assigned to you."
    assert said({"action": "reply", "body": "We are on it."}) == "Your reply was sent."
    assert (
        said({"action": "reply", "body": "vendor case", "internal": "on"}) == "Your internal note was added."
    )
    assert said({"action": "status", "status": "in_progress"}) == "The status is now “In progress”."
    assert said({"action": "fields", "impact": 1, "urgency": 1, "group": "", "assignee": agent.pk}) == (
        "The ticket&#x27;s fields were saved."
    )
    assert said({"action": "link", "reference": other.reference}) == f"Linked to {other.reference}."
    assert (
        said({"action": "unlink", "reference": other.reference})
        == f"The link to {other.reference} was removed."
    )
    page = client.post(url, {"action": "merge", "reference": other.reference}, follow=True).content.decode()
    assert f"{ticket.reference} was merged into {other.reference}." in page


def test_a_refusal_is_an_alert_and_no_confirmation(galil, desk):
    ticket = make_ticket(PersonFactory(organisation=galil))
    page = (
        client_for(desk["agent"])
        .post(f"/desk/tickets/{ticket.reference}/", {"action": "status", "status": "resolved"}, follow=True)
        .content.decode()
    )
    assert 'role="alert"' in page and "alert-success" not in page


def test_confirmations_are_translated(galil, desk):
    agent = desk["agent"]
    agent.language = "fa"
    agent.save()
    ticket = make_ticket(PersonFactory(organisation=galil))
    page = (
        client_for(agent)
        .post(f"/desk/tickets/{ticket.reference}/", {"action": "take"}, follow=True)
        .content.decode()
    )
    confirmation = re.search(r'alert-success" role="status">(.*?)</div>', page).group(1)
    assert ticket.reference in confirmation and "assigned to you" not in confirmation
