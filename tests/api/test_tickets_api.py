import pytest

from moked.people.models import Person
from moked.tickets.models import Ticket
from tests.factories import (
    AgentFactory,
    CategoryFactory,
    ClientManagerFactory,
    GroupFactory,
    PersonFactory,
    ServiceFactory,
    make_ticket,
)

pytestmark = pytest.mark.django_db


def test_an_end_user_opens_a_ticket_with_defaults(api_as, requester):
    response = api_as(requester).post(
        "/api/v1/tickets/", {"subject": "VPN down", "description": "Since 9:00."}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["reference"] == "INC-000001"
    assert (body["status"], body["priority"], body["channel"]) == ("new", 4, "api")
    assert body["requester"] == {"id": requester.pk, "name": "Dana Cohen", "email": "dana@acme.example"}
    assert body["organisation"]["code"] == "ACME"
    assert "group" not in body and "assignee" not in body  # the provider's queues are internal


def test_an_agent_opens_a_ticket_for_an_address_of_the_organisations_domain(api_as, agent, org):
    payload = {"subject": "Printer", "requester_email": "New.Person@ACME.example", "impact": 1, "urgency": 1}
    response = api_as(agent).post("/api/v1/tickets/", payload, format="json")
    assert response.status_code == 201, response.json()
    person = Person.objects.get(email="new.person@acme.example")
    assert (person.organisation, person.role) == (org, "end_user")
    assert response.json()["priority"] == 1 and response.json()["group"] is None


def test_an_unknown_address_outside_the_domains_is_refused_and_nothing_is_created(api_as, agent):
    response = api_as(agent).post(
        "/api/v1/tickets/", {"subject": "x", "requester_email": "someone@gmail.com"}, format="json"
    )
    assert response.status_code == 400
    assert (
        response.json()["errors"]["organisation"][0]["message"] == "Say which organisation the ticket is for."
    )
    response = api_as(agent).post(
        "/api/v1/tickets/",
        {"subject": "x", "requester_email": "someone@gmail.com", "organisation": "ACME"},
        format="json",
    )
    assert response.json()["errors"]["requester_email"][0]["code"] == "invalid_requester"
    assert not Person.objects.filter(email="someone@gmail.com").exists() and not Ticket.objects.exists()


def test_a_ticket_refused_after_its_requester_was_made_creates_no_one(api_as, agent, org):
    response = api_as(agent).post(
        "/api/v1/tickets/",
        {"subject": "x", "requester_email": "new@acme.example", "service": 0},
        format="json",
    )
    assert response.status_code == 400
    response = api_as(agent).post(
        "/api/v1/tickets/",
        {
            "subject": "x",
            "requester_email": "new@acme.example",
            "ticket_type": "service_request",
            "tags": ["!"],
        },
        format="json",
    )
    assert response.status_code == 400
    assert not Person.objects.filter(email="new@acme.example").exists()


def test_staff_must_say_whom_a_ticket_is_for(api_as, agent):
    response = api_as(agent).post("/api/v1/tickets/", {"subject": "x"}, format="json")
    assert response.status_code == 400 and "requester" in response.json()["errors"]


def test_clients_cannot_claim_other_channels(api_as, requester):
    response = api_as(requester).post("/api/v1/tickets/", {"subject": "x", "channel": "phone"}, format="json")
    assert response.json()["errors"]["channel"][0]["code"] == "not_allowed"


def test_read_a_ticket(api_as, requester, agent):
    ticket = make_ticket(requester, tags=[])
    body = api_as(agent).get(f"/api/v1/tickets/{ticket.reference}/").json()
    assert body["subject"] == "Printer prints blank pages" and body["tags"] == []
    assert api_as(agent).get("/api/v1/tickets/inc-1/").json()["reference"] == ticket.reference


def test_change_fields_and_status_in_one_request(api_as, requester, agent):
    group = GroupFactory(members=[agent])
    ticket = make_ticket(requester)
    response = api_as(agent).patch(
        f"/api/v1/tickets/{ticket.reference}/",
        {"group": group.pk, "assignee": agent.pk, "urgency": 1, "tags": ["printer"], "status": "in_progress"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["priority"], body["assignee"]["id"], body["tags"]) == (
        "in_progress",
        3,
        agent.pk,
        ["printer"],
    )


def test_a_refused_status_change_undoes_the_field_changes_of_the_same_request(api_as, requester, agent):
    ticket = make_ticket(requester)
    response = api_as(agent).patch(
        f"/api/v1/tickets/{ticket.reference}/", {"urgency": 1, "status": "closed"}, format="json"
    )
    assert response.status_code == 400
    ticket.refresh_from_db()
    assert (ticket.urgency, ticket.status) == (3, "new")


def test_an_empty_patch_is_refused(api_as, requester, agent):
    response = api_as(agent).patch(f"/api/v1/tickets/{make_ticket(requester).reference}/", {}, format="json")
    assert response.status_code == 400 and response.json()["errors"]["__all__"][0]["code"] == "empty"


def test_an_end_user_cannot_change_fields(api_as, requester):
    ticket = make_ticket(requester)
    response = api_as(requester).patch(f"/api/v1/tickets/{ticket.reference}/", {"urgency": 1}, format="json")
    assert response.status_code == 403


def test_transitions_lists_and_performs_moves(api_as, requester, agent):
    GroupFactory(members=[agent])
    ticket = make_ticket(requester, actor=agent, assignee=agent)
    client = api_as(agent)
    url = f"/api/v1/tickets/{ticket.reference}"
    assert client.get(f"{url}/transitions/").json() == {
        "status": "assigned",
        "allowed": ["in_progress", "pending_customer", "pending_third_party", "resolved"],
    }
    response = client.post(f"{url}/transition/", {"status": "resolved"}, format="json")
    assert response.json()["errors"]["status"][0]["code"] == "needs_resolution_code"
    response = client.post(
        f"{url}/transition/",
        {"status": "resolved", "resolution_code": "solved", "resolution_text": "Toner"},
        format="json",
    )
    assert response.json()["status"] == "resolved" and response.json()["resolution_text"] == "Toner"
    response = api_as(requester).post(f"{url}/reopen/", {"reason": "Still broken"}, format="json")
    assert response.json()["status"] == "assigned" and response.json()["reopen_count"] == 1


def test_escalate_functionally_and_hierarchically(api_as, org, requester, agent):
    from tests.factories import TeamLeadFactory

    lead = TeamLeadFactory(serves=[org])
    desk = GroupFactory(tier=1, members=[agent], leads=[lead])
    level2 = GroupFactory(tier=2)
    ticket = make_ticket(requester, actor=agent, group=desk, assignee=agent)
    client, url = api_as(agent), f"/api/v1/tickets/{ticket.reference}/escalate/"
    assert client.post(url, {"kind": "functional", "reason": "x"}, format="json").status_code == 400
    body = client.post(
        url, {"kind": "functional", "group": level2.pk, "reason": "Needs L2"}, format="json"
    ).json()
    assert (body["group"]["id"], body["tier"], body["assignee"], body["functional_escalations"]) == (
        level2.pk,
        2,
        None,
        1,
    )
    body = client.post(
        url, {"kind": "hierarchical", "reason": "VIP", "manager": lead.pk}, format="json"
    ).json()
    assert body["escalated_to"]["id"] == lead.pk and body["hierarchical_escalations"] == 1


def test_comments_and_notes(api_as, requester, agent):
    ticket = make_ticket(requester)
    url = f"/api/v1/tickets/{ticket.reference}/comments/"
    assert api_as(agent).post(url, {"body": "Note", "is_public": False}, format="json").status_code == 201
    reply = api_as(agent).post(url, {"body": "Reply"}, format="json").json()
    assert reply["is_public"] and reply["author"]["id"] == agent.pk
    assert [c["body"] for c in api_as(agent).get(url).json()["results"]] == ["Note", "Reply"]
    assert [c["body"] for c in api_as(requester).get(url).json()["results"]] == ["Reply"]
    assert api_as(requester).post(url, {"body": "x", "is_public": False}, format="json").status_code == 403


def test_a_comment_with_files_as_multipart(api_as, requester):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ticket = make_ticket(requester)
    files = [SimpleUploadedFile("a.txt", b"first"), SimpleUploadedFile("b.log", b"second")]
    response = api_as(requester).post(
        f"/api/v1/tickets/{ticket.reference}/comments/", {"body": "logs", "files": files}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    assert [a["filename"] for a in response.json()["attachments"]] == ["a.txt", "b.log"]


def test_upload_list_and_download_an_attachment(api_as, requester, agent):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ticket = make_ticket(requester)
    url = f"/api/v1/tickets/{ticket.reference}/attachments/"
    response = api_as(requester).post(
        url, {"file": SimpleUploadedFile("שגיאה.png", b"PNG..")}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    attachment = response.json()
    assert attachment["filename"] == "שגיאה.png" and attachment["size"] == 5
    assert [a["id"] for a in api_as(agent).get(url).json()["results"]] == [attachment["id"]]
    download = api_as(agent).get(f"/api/v1/attachments/{attachment['id']}/download/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"PNG.."
    assert download["Content-Type"] == "image/png" and "attachment" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"


def test_a_refused_upload_explains_why(api_as, requester):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ticket = make_ticket(requester)
    response = api_as(requester).post(
        f"/api/v1/tickets/{ticket.reference}/attachments/",
        {"file": SimpleUploadedFile("run.exe", b"MZ")},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["file"][0]["code"] == "type_not_allowed"


def test_events_are_the_timeline(api_as, requester, agent):
    ticket = make_ticket(requester)
    api_as(agent).patch(f"/api/v1/tickets/{ticket.reference}/", {"impact": 2}, format="json")
    events = api_as(agent).get(f"/api/v1/tickets/{ticket.reference}/events/").json()["results"]
    assert [(e["kind"], e["field"], e["old_value"], e["new_value"], e["channel"]) for e in events] == [
        ("created", "", "", "", "api"),
        ("field_changed", "impact", "3", "2", "api"),
    ]
    assert events[1]["actor"]["id"] == agent.pk


def test_log_a_phone_call(api_as, org, agent):
    caller = PersonFactory(organisation=org, phone="050-1234567")
    service = ServiceFactory(organisation=org)
    found = api_as(agent).get("/api/v1/people/?q=0501234567").json()["results"]
    assert [p["id"] for p in found] == [caller.pk]
    response = api_as(agent).post(
        "/api/v1/calls/",
        {
            "caller": caller.pk,
            "subject": "Laptop will not boot",
            "notes": "Black screen.",
            "service": service.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["channel"], response.json()["service"]["id"]) == ("phone", service.pk)
    reference = response.json()["reference"]
    again = api_as(agent).post(
        "/api/v1/calls/", {"caller": caller.pk, "notes": "Called back.", "ticket": reference}, format="json"
    )
    assert again.status_code == 200 and again.json()["reference"] == reference
    refused = api_as(agent).post(
        "/api/v1/calls/",
        {"caller": caller.pk, "notes": "x", "ticket": reference, "impact": 1},
        format="json",
    )
    assert refused.status_code == 400 and "impact" in refused.json()["errors"]


def test_clients_cannot_log_calls(api_as, requester):
    response = api_as(requester).post(
        "/api/v1/calls/", {"caller": requester.pk, "subject": "x", "notes": "y"}, format="json"
    )
    assert response.status_code == 403


def test_a_client_manager_sees_the_organisations_tickets(api_as, requester):
    manager = ClientManagerFactory(organisation=requester.organisation)
    ticket = make_ticket(requester)
    assert [t["reference"] for t in api_as(manager).get("/api/v1/tickets/").json()["results"]] == [
        ticket.reference
    ]


def test_the_service_and_category_are_shown(api_as, requester, agent):
    service, category = ServiceFactory(organisation=requester.organisation), CategoryFactory(name="Printers")
    ticket = make_ticket(requester, service=service, category=category)
    body = api_as(agent).get(f"/api/v1/tickets/{ticket.reference}/").json()
    assert body["service"]["name"] == service.name and body["category"]["path"] == "Printers"


def test_an_agent_without_access_gets_404_everywhere(api_as, requester):
    outsider = AgentFactory()
    ticket = make_ticket(requester)
    client = api_as(outsider)
    for path in ("", "comments/", "events/", "attachments/", "transitions/"):
        assert client.get(f"/api/v1/tickets/{ticket.reference}/{path}").status_code == 404


def test_a_ticket_opens_with_its_files_in_one_request(api_as, requester):
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [SimpleUploadedFile("screen.png", b"PNG.."), SimpleUploadedFile("vpn.log", b"E-809")]
    response = api_as(requester).post(
        "/api/v1/tickets/", {"subject": "VPN down", "files": files}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    ticket = Ticket.objects.get()
    assert sorted(a.filename for a in ticket.attachments.all()) == ["screen.png", "vpn.log"]


def test_a_refused_file_opens_no_ticket(api_as, requester):
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [SimpleUploadedFile("screen.png", b"PNG.."), SimpleUploadedFile("tool.exe", b"MZ")]
    response = api_as(requester).post(
        "/api/v1/tickets/", {"subject": "VPN down", "files": files}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["file"][0]["code"] == "type_not_allowed"
    assert not Ticket.objects.exists()


def test_a_description_over_the_limit_is_refused_by_the_api(api_as, requester):
    from moked.tickets.models import MAX_DESCRIPTION_LENGTH

    payload = {"subject": "Log", "description": "x" * (MAX_DESCRIPTION_LENGTH + 1)}
    response = api_as(requester).post("/api/v1/tickets/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["description"][0]["code"] == "too_long"
    assert not Ticket.objects.exists()
