"""The self-service portal without a browser: a new request and its file, the list of requests
(open or closed, searched, newest change first, paged) and a request's page."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from moked.catalog.models import Service
from moked.tickets import services
from moked.tickets.models import MAX_DESCRIPTION_LENGTH, Attachment, Comment, Ticket, TicketEvent
from moked.web.portal.views import PAGE_SIZE
from tests.factories import PersonFactory, make_ticket
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db


def a_request(**fields):
    return {"subject": "Printer prints blank pages", "description": "Since this morning.", **fields}


def test_a_refused_file_refuses_the_whole_request_and_says_nothing_was_sent(requester, settings):
    client = client_for(requester)
    virus = SimpleUploadedFile("invoice.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    answer = client.post("/portal/new/", a_request(attachment=virus))
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "not sent" in page and "Choose the file again" in page
    assert "Files of type “.exe” are not accepted" in page
    assert not Ticket.objects.exists() and not Attachment.objects.exists()
    assert not (settings.MEDIA_ROOT / "attachments").exists()
    # sending again, with a file that is accepted, makes one request, not two
    log = SimpleUploadedFile("printer.log", b"E-42 paper jam", content_type="text/plain")
    answer = client.post("/portal/new/", a_request(attachment=log))
    ticket = Ticket.objects.get()
    assert answer.url == f"/portal/tickets/{ticket.reference}/"
    assert [a.filename for a in ticket.attachments.all()] == ["printer.log"]


def test_a_too_long_description_is_refused_with_its_limit_and_nothing_is_created(requester):
    answer = client_for(requester).post(
        "/portal/new/", a_request(description="x" * (MAX_DESCRIPTION_LENGTH + 1))
    )
    page = answer.content.decode()
    assert "at most 30,000 characters; this one has 30,001" in page and "as a file" in page
    assert not Ticket.objects.exists()


def test_the_file_sent_with_a_new_request_shows_on_both_ticket_pages(requester, agent):
    client = client_for(requester)
    screenshot = SimpleUploadedFile("screenshot.png", b"\x89PNG fake", content_type="image/png")
    client.post("/portal/new/", a_request(attachment=screenshot))
    ticket = Ticket.objects.get()
    attachment = ticket.attachments.get()
    link = f'href="/api/v1/attachments/{attachment.pk}/download/"'
    portal_page = client.get(f"/portal/tickets/{ticket.reference}/").content.decode()
    desk_page = client_for(agent).get(f"/desk/tickets/{ticket.reference}/").content.decode()
    assert link in portal_page and "screenshot.png" in portal_page
    assert link in desk_page and "screenshot.png" in desk_page
    assert client.get(f"/api/v1/attachments/{attachment.pk}/download/").status_code == 200


def test_an_internal_file_of_the_ticket_shows_to_staff_only(requester, agent):
    ticket = make_ticket(requester)
    upload = SimpleUploadedFile("vendor-case.txt", b"case 4711", content_type="text/plain")
    services.add_attachment(agent, ticket, upload, public=False)
    assert "vendor-case.txt" in client_for(agent).get(f"/desk/tickets/{ticket.reference}/").content.decode()
    assert (
        "vendor-case.txt"
        not in client_for(requester).get(f"/portal/tickets/{ticket.reference}/").content.decode()
    )


def test_long_texts_fold_on_the_page(requester, agent):
    long_text = "\n".join(f"line {n} of the log" for n in range(400))
    ticket = make_ticket(requester, description=long_text)
    for client, url in ((client_for(requester), "/portal/"), (client_for(agent), "/desk/")):
        page = client.get(f"{url}tickets/{ticket.reference}/").content.decode()
        shown, folded = page.split('<details class="folded">', 1)
        assert "line 0 of the log" in shown and "line 399 of the log" not in shown
        assert "line 399 of the log" in folded and "Show the whole text" in folded


def test_the_ticket_page_shows_when_it_was_opened_its_service_and_its_agent(org, requester, agent):
    service = Service.objects.create(organisation=org, name="Printing")
    ticket = make_ticket(requester, service=service)
    client = client_for(requester)
    page = client.get(f"/portal/tickets/{ticket.reference}/").content.decode()
    assert f'datetime="{ticket.created_at.isoformat()}"' in page
    assert "Printing" in page and "Not assigned yet" in page
    services.update_ticket(agent, ticket, {"assignee": agent})
    assert "Avi Agent" in client.get(f"/portal/tickets/{ticket.reference}/").content.decode()


def test_rejecting_a_resolution_asks_why_and_records_it(requester, agent):
    ticket = make_ticket(requester)
    services.update_ticket(agent, ticket, {"assignee": agent})
    services.change_status(agent, ticket, "resolved", resolution_code="solved")
    client = client_for(requester)
    url = f"/portal/tickets/{ticket.reference}/"
    assert 'name="reason"' in client.get(url).content.decode()
    answer = client.post(url, {"action": "reject", "reason": "  "}, follow=True)
    ticket.refresh_from_db()
    assert ticket.status == "resolved" and "This field is required." in answer.content.decode()
    client.post(url, {"action": "reject", "reason": "It still prints blank pages."})
    ticket.refresh_from_db()
    assert ticket.status == "assigned" and ticket.reopen_count == 1
    reopened = TicketEvent.objects.filter(ticket=ticket, kind="status_changed").latest("id")
    assert reopened.data["reason"] == "It still prints blank pages." and reopened.is_public
    assert Comment.objects.get(ticket=ticket).body == "It still prints blank pages."


def test_the_service_refuses_a_rejection_without_a_reason(requester, agent):
    from django.core.exceptions import ValidationError

    ticket = make_ticket(requester)
    services.change_status(agent, ticket, "resolved", resolution_code="solved")
    with pytest.raises(ValidationError) as refused:
        services.reject_resolution(requester, ticket, " ")
    assert refused.value.error_dict["reason"][0].code == "required"
    ticket.refresh_from_db()
    assert ticket.status == "resolved"


# --- the list ------------------------------------------------------------------------------------


def _touch(ticket, minutes_ago):
    Ticket.objects.filter(pk=ticket.pk).update(updated_at=timezone.now() - timedelta(minutes=minutes_ago))


def test_the_list_is_newest_change_first_and_splits_open_from_closed(requester, agent):
    older = make_ticket(requester, subject="Older request")
    newer = make_ticket(requester, subject="Newer request")
    done = make_ticket(requester, subject="Finished request")
    services.change_status(agent, done, "resolved", resolution_code="solved")
    services.change_status(agent, done, "closed")
    _touch(newer, 30)
    _touch(older, 5)  # answered lately: first, though opened first
    client = client_for(requester)
    open_page = client.get("/portal/").content.decode()
    assert open_page.index("Older request") < open_page.index("Newer request")
    assert "Finished request" not in open_page
    closed_page = client.get("/portal/", {"state": "closed"}).content.decode()
    assert "Finished request" in closed_page and "Older request" not in closed_page
    everything = client.get("/portal/", {"state": "all"}).content.decode()
    assert all(subject in everything for subject in ("Older request", "Newer request", "Finished request"))


def test_the_list_searches_the_requests(requester):
    make_ticket(requester, subject="VPN drops at night")
    make_ticket(requester, subject="Printer jammed")
    page = client_for(requester).get("/portal/", {"q": "vpn"}).content.decode()
    assert "VPN drops at night" in page and "Printer jammed" not in page
    assert "No request matches" in client_for(requester).get("/portal/", {"q": "zebra"}).content.decode()


def test_a_client_manager_sees_who_asked_and_an_end_user_only_their_own(org, requester):
    manager = PersonFactory(organisation=org, role="client_manager")
    colleague = PersonFactory(organisation=org, name="Yossi Levi")
    make_ticket(colleague, subject="Colleague's request")
    page = client_for(manager).get("/portal/").content.decode()
    assert "Requester" in page and "Yossi Levi" in page
    own = client_for(requester).get("/portal/").content.decode()
    assert "Colleague's request" not in own and "Requester" not in own


def test_the_list_pages_on_with_next(requester):
    tickets = [make_ticket(requester, subject=f"Request number {n}") for n in range(PAGE_SIZE + 5)]
    for age, ticket in enumerate(reversed(tickets)):  # the last made is the most recently updated
        _touch(ticket, age)
    client = client_for(requester)
    first = client.get("/portal/")
    assert first.content.decode().count('href="/portal/tickets/') == PAGE_SIZE
    assert f"{PAGE_SIZE + 5} requests" in first.content.decode()
    next_link = first.context["next_cursor"]
    assert next_link
    second = client.get("/portal/", {"state": "open", "after": next_link})
    rows = [row.reference for row in second.context["rows"]]
    assert rows == [t.reference for t in tickets[:5][::-1]]
    assert second.context["next_cursor"] == ""
    # a cursor that is not one is ignored: the first page
    for nonsense in ("x-1", "9" * 18 + "-1", "1-" + "9" * 30, "-", ""):
        assert client.get("/portal/", {"after": nonsense}).context["rows"][0] == tickets[-1]


def test_the_portal_list_costs_the_same_queries_for_few_or_many(org, requester):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    manager = PersonFactory(organisation=org, role="client_manager")

    def queries(person) -> int:
        client = client_for(person)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/portal/").status_code == 200
        return len(captured)

    for n in range(3):
        make_ticket(requester, subject=f"Request {n}")
    few = (queries(requester), queries(manager))
    for n in range(40):
        make_ticket(requester, subject=f"Request {n}")
    assert (queries(requester), queries(manager)) == few
    assert max(few) <= 6
