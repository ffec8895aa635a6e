"""Every tenant sees only its own data on the pages too (tests/isolation/test_tenant_isolation.py
checks the API).

Organisation A has a ticket in a support group shared with organisation B. People who may not
see it (people of B, a colleague of the requester in A, agents who do not serve A, and a team
lead who serves only B but leads the shared group) reach nothing of it through the phone desk,
the workspace and portal lists, the ticket pages' actions or the portal's new-request form: the
page is not found, the search finds nothing, and a refused action changes nothing.

Beside every refusal stands its positive control: the same request by someone who may see the
data does see it (or does change it), so that no case passes because a page is broken.
Moked has no "limited admin" role (an admin sees every organisation), so none is tested here.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q

from moked.automation import services as automation
from moked.people.models import Person
from moked.tickets import services
from moked.tickets.models import Ticket, TicketLink
from moked.tickets.services import linking
from tests.factories import (
    AdminFactory,
    AgentFactory,
    ClientManagerFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
    ServiceFactory,
    TeamLeadFactory,
    make_ticket,
)
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db

STAFF_OUTSIDERS = ("agent_of_b", "agent_of_none", "lead_of_b")
CLIENT_OUTSIDERS = ("b_user", "b_manager", "colleague")
CLIENT_INSIDERS = ("requester", "a_manager")
NAME = "Alpha Requester Zebulon"
SUBJECT = "Quokka warehouse outage"


@pytest.fixture
def world():
    a = OrganisationFactory(code="ALPHA", name="Alpha", domains=["alpha.example"])
    b = OrganisationFactory(code="BRAVO", name="Bravo", domains=["bravo.example"])
    people = {
        "requester": PersonFactory(
            organisation=a, name=NAME, email="zebulon@alpha.example", phone="+972 50 111 2222"
        ),
        "colleague": PersonFactory(organisation=a, name="Alpha Colleague"),
        "a_manager": ClientManagerFactory(organisation=a),
        "agent_of_a": AgentFactory(serves=[a], name="Alpha Agent"),
        "agent_of_b": AgentFactory(serves=[b], name="Bravo Agent"),
        "agent_of_none": AgentFactory(name="Nobody's Agent"),
        # leads the group that handles both organisations' tickets, but serves only B
        "lead_of_b": TeamLeadFactory(serves=[b], name="Bravo Lead"),
        "b_user": PersonFactory(organisation=b),
        "b_manager": ClientManagerFactory(organisation=b),
    }
    shared = GroupFactory(
        name="Shared desk",
        members=[people["agent_of_a"], people["agent_of_b"]],
        leads=[people["lead_of_b"]],
    )
    GroupFactory(name="Bravo specialists", tier=2, members=[people["lead_of_b"]])
    agent_of_a = people["agent_of_a"]
    ticket = make_ticket(
        people["requester"],
        actor=agent_of_a,
        subject=SUBJECT,
        description="Scanners down in Eilat.",
        group=shared,
    )
    services.add_comment(agent_of_a, ticket, "We are on it.")
    services.add_comment(agent_of_a, ticket, "Internal: vendor case 42.", public=False)
    sibling = make_ticket(
        people["requester"], actor=agent_of_a, subject="Quokka scanners again", group=shared
    )
    linked = make_ticket(people["requester"], actor=agent_of_a, subject="Quokka printers", group=shared)
    linking.link_tickets(agent_of_a, ticket, linked)
    b_ticket = make_ticket(people["b_user"], actor=people["agent_of_b"], subject="Bravo ticket", group=shared)
    return {
        "a": a,
        "b": b,
        "people": people,
        "shared": shared,
        "specialists": GroupFactory(name="Alpha specialists", tier=2),
        "macro": automation.create_macro(AdminFactory(), name="Reset sent", reply="Link sent."),
        "ticket": ticket,
        "sibling": sibling,
        "linked": linked,
        "b_ticket": b_ticket,
        "a_service": ServiceFactory(organisation=a, name="Alpha payroll"),
        "a_retired_service": ServiceFactory(organisation=a, name="Alpha telex", is_active=False),
        "b_service": ServiceFactory(organisation=b, name="Bravo payroll"),
    }


def client(world, who):
    return client_for(world["people"][who])


def state(ticket: Ticket) -> tuple:
    """Everything an action on the ticket page could change."""
    ticket = Ticket.objects.get(pk=ticket.pk)
    return (
        ticket.status,
        ticket.assignee_id,
        ticket.group_id,
        ticket.tier,
        ticket.impact,
        ticket.urgency,
        ticket.merged_into_id,
        ticket.comments.count(),
        ticket.events.count(),
        TicketLink.objects.filter(Q(ticket=ticket) | Q(related=ticket)).count(),
    )


# --- the phone desk --------------------------------------------------------------------------


CALLER_QUERIES = ("zebulon", "0501112222", "050-111-2222", "zebulon@alpha", "Alpha Requester")


@pytest.mark.parametrize("who", STAFF_OUTSIDERS)
def test_the_caller_search_finds_callers_of_served_organisations_only(world, who):
    for query in CALLER_QUERIES:
        for partial in ({}, {"partial": "1"}):
            asked = {"q": query, **partial}
            headers = {"HTTP_HX_REQUEST": "true"} if partial else {}
            found = client(world, "agent_of_a").get("/desk/phone/", asked, **headers)
            assert found.status_code == 200 and NAME in found.content.decode(), asked
            hidden = client(world, who).get("/desk/phone/", asked, **headers)
            assert hidden.status_code == 200 and NAME not in hidden.content.decode(), asked


@pytest.mark.parametrize("who", STAFF_OUTSIDERS)
def test_a_caller_named_by_id_shows_only_to_who_serves_them(world, who):
    url = f"/desk/phone/?caller={world['people']['requester'].pk}"
    ref = world["ticket"].reference
    found = client(world, "agent_of_a").get(url).content.decode()
    assert NAME in found and ref in found and SUBJECT in found
    hidden = client(world, who).get(url)
    assert hidden.status_code == 200
    assert [word for word in (NAME, ref, SUBJECT) if word in hidden.content.decode()] == []


@pytest.mark.parametrize("who", STAFF_OUTSIDERS)
@pytest.mark.parametrize("about", ["ticket", "new"])
def test_calls_are_logged_only_for_callers_of_served_organisations(world, who, about):
    ticket = world["ticket"]
    url = f"/desk/phone/?caller={world['people']['requester'].pk}"
    call = {
        "action": "call",
        "ticket": ticket.reference if about == "ticket" else "",
        "subject": "Quokka call",
        "notes": "Called about the quokkas.",
        "impact": 3,
        "urgency": 3,
    }
    before, tickets = state(ticket), Ticket.objects.count()
    refused = client(world, who).post(url, call)
    assert refused.status_code == 200  # the page again, with no caller chosen
    assert (state(ticket), Ticket.objects.count()) == (before, tickets)
    assert not Ticket.objects.filter(subject="Quokka call").exists()

    logged = client(world, "agent_of_a").post(url, call)
    assert logged.status_code == 302
    if about == "ticket":
        assert logged.url == f"/desk/tickets/{ticket.reference}/" and state(ticket) != before
    else:
        opened = Ticket.objects.get(subject="Quokka call")
        assert logged.url == f"/desk/tickets/{opened.reference}/" and opened.organisation == world["a"]


@pytest.mark.parametrize("who", STAFF_OUTSIDERS)
def test_new_callers_are_added_only_to_served_organisations(world, who):
    def add(as_who, name):
        return client(world, as_who).post(
            "/desk/phone/?new=1",
            {
                "action": "new_caller",
                "caller-name": name,
                "caller-organisation": world["a"].pk,
                "caller-phone": "054-7654321",
                "caller-email": "",
            },
        )

    refused = add(who, "Smuggled Caller")
    assert refused.status_code == 200 and not Person.objects.filter(name="Smuggled Caller").exists()
    assert 'name="caller-organisation"' in refused.content.decode()
    added = add("agent_of_a", "Welcome Caller")
    assert added.status_code == 302
    assert Person.objects.get(name="Welcome Caller").organisation == world["a"]


def test_clients_never_use_the_phone_desk(world):
    url = f"/desk/phone/?caller={world['people']['requester'].pk}"
    call = {"action": "call", "ticket": "", "subject": "Quokka call", "notes": "x", "impact": 3, "urgency": 3}
    for who in CLIENT_INSIDERS + CLIENT_OUTSIDERS:
        assert client(world, who).get("/desk/phone/", {"q": "zebulon"}).status_code == 403, who
        assert client(world, who).post(url, call).status_code == 403, who
    assert not Ticket.objects.filter(subject="Quokka call").exists()


# --- the workspace's lists --------------------------------------------------------------------


def _desk_queries(world) -> list[str]:
    ref = world["ticket"].reference
    return [
        "/desk/views/all/",
        "/desk/views/unassigned/",
        "/desk/views/all/?q=quokka+warehouse",
        f"/desk/views/all/?q={ref}",
        "/desk/views/all/?organisation=ALPHA",
        f"/desk/views/all/?organisation={world['a'].pk}",
        f"/desk/views/all/?group={world['shared'].pk}",
        "/desk/views/all/?status=new&status=in_progress",
    ]


@pytest.mark.parametrize("who", STAFF_OUTSIDERS)
def test_workspace_lists_searches_and_filters_show_a_only_to_its_agents(world, who):
    for url in _desk_queries(world):
        assert SUBJECT in client(world, "agent_of_a").get(url).content.decode(), url
        hidden = client(world, who).get(url)
        assert hidden.status_code == 200 and SUBJECT not in hidden.content.decode(), url


def test_the_outsider_lead_works_the_shared_groups_tickets_of_b(world):
    """The positive control for the team lead: the same pages show the lead the ticket of B in
    the group it leads, and none of A's tickets in that group."""
    lead = client(world, "lead_of_b")
    b_ticket = world["b_ticket"]
    for url in (f"/desk/views/all/?group={world['shared'].pk}", "/desk/views/all/?q=bravo"):
        page = lead.get(url).content.decode()
        assert "Bravo ticket" in page and SUBJECT not in page, url
    assert lead.get(f"/desk/tickets/{b_ticket.reference}/").status_code == 200
    note = {"action": "reply", "body": "Lead was here.", "internal": "on"}
    assert lead.post(f"/desk/tickets/{b_ticket.reference}/", note).status_code == 302
    assert b_ticket.comments.filter(body="Lead was here.", is_public=False).exists()


# --- the agent's ticket page ------------------------------------------------------------------


def _desk_actions(world) -> dict[str, dict]:
    me = world["people"]["agent_of_a"]
    return {
        "reply": {"action": "reply", "body": "Posted through the page."},
        "note": {"action": "reply", "body": "Noted through the page.", "internal": "on"},
        "status": {
            "action": "status",
            "status": "resolved",
            "resolution_code": "solved",
            "resolution_text": "Restarted the scanners.",
        },
        "take": {"action": "take"},
        "fields": {"action": "fields", "impact": 1, "urgency": 1, "group": "", "assignee": me.pk},
        "macro": {"action": "macro", "macro": world["macro"].pk},
        "escalate": {"action": "escalate", "group": world["specialists"].pk, "reason": "Needs a specialist"},
        "link": {"action": "link", "reference": world["sibling"].reference},
        "unlink": {"action": "unlink", "reference": world["linked"].reference},
        "merge": {"action": "merge", "reference": world["sibling"].reference, "tell_requester": "on"},
    }


DESK_ACTIONS = ("reply", "note", "status", "take", "fields", "macro", "escalate", "link", "unlink", "merge")


@pytest.mark.parametrize("action", DESK_ACTIONS)
def test_desk_ticket_actions_are_not_found_by_outsiders(world, action):
    ticket, post = world["ticket"], _desk_actions(world)[action]
    url = f"/desk/tickets/{ticket.reference}/"
    before, sibling = state(ticket), state(world["sibling"])
    for who in STAFF_OUTSIDERS:
        assert client(world, who).get(url).status_code == 404, who
        assert client(world, who).post(url, post).status_code == 404, who
        assert (state(ticket), state(world["sibling"])) == (before, sibling), who

    done = client(world, "agent_of_a").post(url, post)
    assert done.status_code == 302
    assert (state(ticket), state(world["sibling"])) != (before, sibling)


@pytest.mark.parametrize("who", CLIENT_INSIDERS + CLIENT_OUTSIDERS)
def test_clients_never_act_on_the_desk_ticket_page(world, who):
    ticket = world["ticket"]
    before = state(ticket)
    for action, post in _desk_actions(world).items():
        answer = client(world, who).post(f"/desk/tickets/{ticket.reference}/", post)
        assert answer.status_code == 403 and state(ticket) == before, action


@pytest.mark.parametrize("who", ("agent_of_b", "lead_of_b"))
@pytest.mark.parametrize("action", ("link", "merge"))
def test_an_own_ticket_is_not_linked_or_merged_with_one_of_a(world, who, action):
    """From a ticket of B, naming A's ticket reads like naming one that does not exist."""
    b_ticket, ticket = world["b_ticket"], world["ticket"]
    url = f"/desk/tickets/{b_ticket.reference}/"
    before, b_before = state(ticket), state(b_ticket)
    hidden = client(world, who).post(url, {"action": action, "reference": ticket.reference}, follow=True)
    missing = client(world, who).post(url, {"action": action, "reference": "INC-999999"}, follow=True)
    assert f"There is no ticket {ticket.reference} that you may see." in hidden.content.decode()
    assert "There is no ticket INC-999999 that you may see." in missing.content.decode()
    assert (state(ticket), state(b_ticket)) == (before, b_before)

    url = f"/desk/tickets/{world['sibling'].reference}/"
    done = client(world, "agent_of_a").post(
        url, {"action": action, "reference": ticket.reference}, follow=True
    )
    assert f"There is no ticket {ticket.reference}" not in done.content.decode()
    assert state(ticket) != before


def test_a_ticket_of_a_is_not_given_to_an_agent_who_does_not_serve_a(world):
    ticket, agent_of_a = world["ticket"], world["people"]["agent_of_a"]
    url = f"/desk/tickets/{ticket.reference}/"
    fields = {"action": "fields", "impact": 3, "urgency": 3, "group": world["shared"].pk}
    page = client(world, "agent_of_a").get(url).content.decode()
    assert "Bravo Agent" not in page and "Alpha Agent" in page
    for outsider in ("agent_of_b", "lead_of_b"):
        client(world, "agent_of_a").post(url, {**fields, "assignee": world["people"][outsider].pk})
        assert Ticket.objects.get(pk=ticket.pk).assignee_id is None, outsider
    client(world, "agent_of_a").post(url, {**fields, "assignee": agent_of_a.pk})
    assert Ticket.objects.get(pk=ticket.pk).assignee_id == agent_of_a.pk


@pytest.mark.parametrize("who", STAFF_OUTSIDERS)
def test_bulk_actions_leave_tickets_of_a_alone(world, who):
    ticket = world["ticket"]
    picked = {
        "tickets": [ticket.reference],
        "bulk_action": "status",
        "status": "resolved",
        "resolution_code": "solved",
    }
    before = state(ticket)
    answer = client(world, who).post("/desk/bulk/", picked, follow=True)
    assert "Tick the tickets to change first." in answer.content.decode() and state(ticket) == before
    done = client(world, "agent_of_a").post("/desk/bulk/", picked, follow=True)
    assert f"Changed: {ticket.reference}." in done.content.decode() and state(ticket) != before


@pytest.mark.parametrize("who", ("agent_of_b", "lead_of_b"))
def test_bulk_merging_into_a_ticket_of_a_reads_like_a_missing_one(world, who):
    ticket, b_ticket = world["ticket"], world["b_ticket"]
    picked = {"tickets": [b_ticket.reference], "bulk_action": "merge"}
    before, b_before = state(ticket), state(b_ticket)
    hidden = client(world, who).post("/desk/bulk/", {**picked, "merge": ticket.reference}, follow=True)
    assert f"There is no ticket {ticket.reference} that you may see." in hidden.content.decode()
    assert (state(ticket), state(b_ticket)) == (before, b_before)
    picked = {"tickets": [world["sibling"].reference], "bulk_action": "merge", "merge": ticket.reference}
    done = client(world, "agent_of_a").post("/desk/bulk/", picked, follow=True)
    assert f"Changed: {world['sibling'].reference}." in done.content.decode()


# --- the portal ---------------------------------------------------------------------------------


def _resolve(world) -> None:
    services.change_status(
        world["people"]["agent_of_a"], world["ticket"], "resolved", resolution_code="solved"
    )


PORTAL_ACTIONS = {
    "reply": {"action": "reply", "body": "Posted through the portal."},
    "accept": {"action": "accept"},
    "reject": {"action": "reject", "reason": "Still broken."},
}


@pytest.mark.parametrize("action", PORTAL_ACTIONS)
def test_portal_ticket_actions_are_not_found_by_outsiders(world, action):
    ticket = world["ticket"]
    if action != "reply":
        _resolve(world)
    url = f"/portal/tickets/{ticket.reference}/"
    before = state(ticket)
    for who in CLIENT_OUTSIDERS:
        assert client(world, who).get(url).status_code == 404, who
        assert client(world, who).post(url, PORTAL_ACTIONS[action]).status_code == 404, who
        assert state(ticket) == before, who

    done = client(world, "requester").post(url, PORTAL_ACTIONS[action])
    assert done.status_code == 302 and state(ticket) != before


@pytest.mark.parametrize("action", PORTAL_ACTIONS)
def test_the_client_manager_acts_on_the_organisations_tickets(world, action):
    """The positive control for a client manager: the colleague may not, the manager may."""
    ticket = world["ticket"]
    if action != "reply":
        _resolve(world)
    url = f"/portal/tickets/{ticket.reference}/"
    before = state(ticket)
    assert client(world, "colleague").post(url, PORTAL_ACTIONS[action]).status_code == 404
    assert state(ticket) == before
    assert client(world, "a_manager").get(url).status_code == 200
    assert client(world, "a_manager").post(url, PORTAL_ACTIONS[action]).status_code == 302
    assert state(ticket) != before


def test_staff_never_act_on_the_portal_ticket_page(world):
    ticket = world["ticket"]
    before = state(ticket)
    for who in ("agent_of_a", *STAFF_OUTSIDERS):
        answer = client(world, who).post(f"/portal/tickets/{ticket.reference}/", PORTAL_ACTIONS["reply"])
        assert answer.status_code == 403 and state(ticket) == before, who


@pytest.mark.parametrize("who", CLIENT_OUTSIDERS)
def test_a_portal_list_shows_a_request_to_its_requester_and_manager_only(world, who):
    ref = world["ticket"].reference
    for query in (
        {},
        {"state": "all"},
        {"q": "quokka warehouse", "state": "all"},
        {"q": ref, "state": "all"},
    ):
        for insider in CLIENT_INSIDERS:
            assert SUBJECT in client(world, insider).get("/portal/", query).content.decode(), (insider, query)
        hidden = client(world, who).get("/portal/", query)
        assert hidden.status_code == 200 and SUBJECT not in hidden.content.decode(), query


def test_a_colleagues_list_holds_only_their_own_requests(world):
    """The end user next to the requester sees their own request (the page works) and no other."""
    make_ticket(world["people"]["colleague"], subject="Colleague own request")
    page = client(world, "colleague").get("/portal/", {"state": "all"}).content.decode()
    assert "Colleague own request" in page and SUBJECT not in page and "Quokka" not in page
    manager = client(world, "a_manager").get("/portal/", {"state": "all"}).content.decode()
    assert "Colleague own request" in manager and SUBJECT in manager and "Bravo ticket" not in manager


@pytest.mark.parametrize("who", ("requester", "colleague", "a_manager"))
def test_the_new_request_form_offers_the_organisations_active_services_only(world, who):
    page = client(world, who).get("/portal/new/").content.decode()
    assert "Alpha payroll" in page
    assert "Bravo payroll" not in page and "Alpha telex" not in page
    b_page = client(world, "b_user").get("/portal/new/").content.decode()
    assert "Bravo payroll" in b_page and "Alpha payroll" not in b_page


@pytest.mark.parametrize("service", ["b_service", "a_retired_service"])
def test_a_new_request_is_not_filed_under_a_service_not_offered(world, service):
    post = {"subject": "Payroll is late", "description": "Since Monday."}
    refused = client(world, "requester").post("/portal/new/", {**post, "service": world[service].pk})
    assert refused.status_code == 200 and not Ticket.objects.filter(subject="Payroll is late").exists()
    done = client(world, "requester").post("/portal/new/", {**post, "service": world["a_service"].pk})
    assert done.status_code == 302
    assert Ticket.objects.get(subject="Payroll is late").service == world["a_service"]


def test_a_new_request_with_a_file_goes_to_the_own_organisation(world):
    """Positive control of the form as a whole: the request lands in A, with its file."""
    answer = client(world, "colleague").post(
        "/portal/new/",
        {"subject": "Badge", "description": "Lost it.", "attachment": SimpleUploadedFile("b.txt", b"x")},
    )
    created = Ticket.objects.get(subject="Badge")
    assert answer.url == f"/portal/tickets/{created.reference}/"
    assert (created.organisation, created.requester) == (world["a"], world["people"]["colleague"])
