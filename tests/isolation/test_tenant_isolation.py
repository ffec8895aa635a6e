"""Every tenant sees only its own data.

Organisation A has a ticket with a public reply, an internal note, public and internal files,
its own service and category. People of organisation B, end users of A other than the
requester, and agents who do not serve A must get nothing of it: 404 on every detail, absence
from every list (also through search and filters), and refusals that read exactly like those
for records that do not exist.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from moked.tickets import services
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

OUTSIDERS = ("b_user", "b_manager", "agent_of_b", "agent_of_none", "other_user_of_a")
ORGANISATION_OUTSIDERS = ("b_user", "b_manager", "agent_of_b", "agent_of_none")


@pytest.fixture
def world(db):
    a = OrganisationFactory(code="ALPHA", domains=["alpha.example"])
    b = OrganisationFactory(code="BRAVO", domains=["bravo.example"])
    requester = PersonFactory(organisation=a, name="Alpha Requester Zebulon", phone="+972 50 111 2222")
    agent_of_a = AgentFactory(serves=[a])
    GroupFactory(members=[agent_of_a])
    service = ServiceFactory(organisation=a, name="Alpha payroll")
    category = CategoryFactory(organisation=a, name="Alpha scanners")
    ticket = make_ticket(
        requester,
        subject="Quokka warehouse outage",
        description="Scanners down in Eilat.",
        service=service,
        category=category,
    )
    services.add_comment(agent_of_a, ticket, "We are on it.", files=[SimpleUploadedFile("plan.pdf", b"%PDF")])
    services.add_comment(agent_of_a, ticket, "Internal: vendor case 42.", public=False)
    internal_file = services.add_attachment(
        agent_of_a, ticket, SimpleUploadedFile("trace.log", b"x"), public=False
    )
    people = {
        "requester": requester,
        "agent_of_a": agent_of_a,
        "b_user": PersonFactory(organisation=b),
        "b_manager": ClientManagerFactory(organisation=b),
        "agent_of_b": AgentFactory(serves=[b]),
        "agent_of_none": AgentFactory(),
        "other_user_of_a": PersonFactory(organisation=a),
    }
    make_ticket(people["b_user"], subject="Bravo ticket")
    return {
        "a": a,
        "ticket": ticket,
        "service": service,
        "category": category,
        "people": people,
        "attachment": ticket.attachments.filter(is_public=True).get(),
        "internal_file": internal_file,
    }


def ticket_urls(world):
    ref = world["ticket"].reference
    return [
        f"/api/v1/tickets/{ref}/{tail}"
        for tail in ("", "comments/", "attachments/", "events/", "transitions/")
    ]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_ticket_details_are_not_found(world, api_as, who):
    client = api_as(world["people"][who])
    attachment = world["attachment"].pk
    for url in [
        *ticket_urls(world),
        f"/api/v1/attachments/{attachment}/",
        f"/api/v1/attachments/{attachment}/download/",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json() == {"code": "not_found", "message": "Not found."}


@pytest.mark.parametrize("who", OUTSIDERS)
def test_ticket_actions_are_not_found(world, api_as, who):
    client, ref = api_as(world["people"][who]), world["ticket"].reference
    calls = [
        ("patch", f"/api/v1/tickets/{ref}/", {"urgency": 1}),
        ("post", f"/api/v1/tickets/{ref}/transition/", {"status": "in_progress"}),
        ("post", f"/api/v1/tickets/{ref}/reopen/", {}),
        ("post", f"/api/v1/tickets/{ref}/escalate/", {"kind": "hierarchical", "reason": "x"}),
        ("post", f"/api/v1/tickets/{ref}/comments/", {"body": "hello"}),
    ]
    for method, url, payload in calls:
        assert getattr(client, method)(url, payload, format="json").status_code == 404, url
    world["ticket"].refresh_from_db()
    assert world["ticket"].comments.count() == 2 and world["ticket"].urgency == 3


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize(
    "query",
    ["", "q=quokka", "q=eilat", "organisation=ALPHA", "open=true", "status=new", "priority=4"],
)
def test_ticket_lists_search_and_filters_show_nothing_of_a(world, api_as, who, query):
    results = api_as(world["people"][who]).get(f"/api/v1/tickets/?{query}").json()["results"]
    assert world["ticket"].reference not in [t["reference"] for t in results]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_filters_by_as_records_show_nothing(world, api_as, who):
    client, requester = api_as(world["people"][who]), world["people"]["requester"]
    for query in (
        f"requester={requester.pk}",
        f"service={world['service'].pk}",
        f"category={world['category'].pk}",
        f"q={world['ticket'].reference}",
    ):
        assert client.get(f"/api/v1/tickets/?{query}").json()["results"] == [], query


@pytest.mark.parametrize("who", ORGANISATION_OUTSIDERS)
def test_organisation_records_are_not_found_or_listed(world, api_as, who):
    client = api_as(world["people"][who])
    requester = world["people"]["requester"]
    details = [
        f"/api/v1/organisations/{world['a'].pk}/",
        f"/api/v1/people/{requester.pk}/",
        f"/api/v1/services/{world['service'].pk}/",
        f"/api/v1/categories/{world['category'].pk}/",
    ]
    for url in details:
        assert client.get(url).status_code == 404, url
    lists = {
        "/api/v1/organisations/": "ALPHA",
        "/api/v1/services/": "Alpha payroll",
        "/api/v1/categories/": "Alpha scanners",
        "/api/v1/people/?q=zebulon": "Alpha Requester Zebulon",
        "/api/v1/people/?q=0501112222": "Alpha Requester Zebulon",
    }
    for url, secret in lists.items():
        assert secret not in client.get(url).content.decode(), url


def test_an_end_user_of_a_sees_the_organisation_but_not_a_colleagues_ticket_or_person(world, api_as):
    client = api_as(world["people"]["other_user_of_a"])
    assert client.get(f"/api/v1/organisations/{world['a'].pk}/").status_code == 200
    assert client.get(f"/api/v1/services/{world['service'].pk}/").status_code == 200
    assert client.get(f"/api/v1/people/{world['people']['requester'].pk}/").status_code == 404
    assert client.get("/api/v1/tickets/").json()["results"] == []


@pytest.mark.parametrize("who", ("b_manager", "agent_of_b", "agent_of_none"))
def test_references_to_invisible_records_read_like_missing_ones(world, api_as, who):
    client, requester = api_as(world["people"][who]), world["people"]["requester"]
    invisible = client.post(
        "/api/v1/tickets/", {"subject": "x", "requester": requester.pk}, format="json"
    ).json()
    missing = client.post("/api/v1/tickets/", {"subject": "x", "requester": 10**9}, format="json").json()
    assert (
        invisible["errors"]["requester"][0]["code"]
        == missing["errors"]["requester"][0]["code"]
        == ("does_not_exist")
    )
    by_code = client.post(
        "/api/v1/tickets/",
        {"subject": "x", "organisation": "ALPHA", "requester_email": requester.email},
        format="json",
    ).json()
    nowhere = client.post(
        "/api/v1/tickets/",
        {"subject": "x", "organisation": "NOPE", "requester_email": requester.email},
        format="json",
    ).json()
    assert by_code["errors"]["organisation"][0]["code"] == nowhere["errors"]["organisation"][0]["code"]
    hidden = client.get(f"/api/v1/tickets/{world['ticket'].reference}/")
    absent = client.get("/api/v1/tickets/INC-999999/")
    assert (hidden.status_code, hidden.json()) == (absent.status_code, absent.json())


@pytest.mark.parametrize("who", ("agent_of_b", "agent_of_none"))
def test_agents_cannot_log_calls_or_add_people_in_a(world, api_as, who):
    client = api_as(world["people"][who])
    call = client.post(
        "/api/v1/calls/",
        {"caller": world["people"]["requester"].pk, "subject": "x", "notes": "y"},
        format="json",
    )
    assert call.status_code == 400 and "caller" in call.json()["errors"]
    person = client.post(
        "/api/v1/people/", {"name": "x", "email": "x@alpha.example", "organisation": "ALPHA"}, format="json"
    )
    assert person.status_code == 400 and "organisation" in person.json()["errors"]


def test_the_requester_sees_only_the_public_conversation(world, api_as):
    client, ref = api_as(world["people"]["requester"]), world["ticket"].reference
    comments = client.get(f"/api/v1/tickets/{ref}/comments/").json()["results"]
    assert [c["body"] for c in comments] == ["We are on it."]
    files = client.get(f"/api/v1/tickets/{ref}/attachments/").json()["results"]
    assert [f["filename"] for f in files] == ["plan.pdf"]
    assert client.get(f"/api/v1/attachments/{world['internal_file'].pk}/download/").status_code == 404
    events = client.get(f"/api/v1/tickets/{ref}/events/").json()["results"]
    assert "note_added" not in {e["kind"] for e in events}
    assert "Internal" not in client.get(f"/api/v1/tickets/{ref}/").content.decode()


def test_the_agent_of_a_sees_everything_of_a(world, api_as):
    client, ref = api_as(world["people"]["agent_of_a"]), world["ticket"].reference
    for url in ticket_urls(world):
        assert client.get(url).status_code == 200, url
    assert len(client.get(f"/api/v1/tickets/{ref}/comments/").json()["results"]) == 2
    assert [t["reference"] for t in client.get("/api/v1/tickets/?q=quokka").json()["results"]] == [ref]
