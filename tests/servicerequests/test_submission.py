"""Submitting a catalogue request: the answers checked with the current form, the ticket it
opens, requests for a colleague and from the phone desk, and nothing written when refused."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from moked.servicerequests import selectors, services
from moked.servicerequests.models import ServiceRequest
from moked.tickets import lifecycle
from moked.tickets.models import Attachment, EventKind, Ticket, TicketFollower
from moked.tickets.permissions import can_view


def folder_answers(**more):
    return {"access": "shared", "folder": r"\\fs01\finance", **more}


def test_a_request_opens_a_service_request_ticket_new_in_the_fulfilment_group(world):
    request = services.submit_request(world.requester, world.folder, folder_answers(), channel="portal")
    ticket = request.ticket
    assert ticket.ticket_type == "service_request"
    assert ticket.reference.startswith("REQ-")
    assert (ticket.status, ticket.group, ticket.service) == (lifecycle.NEW, world.desk, world.service)
    assert (ticket.requester, ticket.channel) == (world.requester, "portal")
    assert ticket.subject == "Folder access for Dana Cohen"
    assert "Access: Shared folder" in ticket.description
    assert "Folder path: \\\\fs01\\finance" in ticket.description
    assert (request.requested_by, request.requested_for) == (world.requester, world.requester)
    assert request.form == world.folder.current_form()
    assert request.answers == {"access": "shared", "folder": r"\\fs01\finance"}
    events = list(ticket.events.values_list("kind", "actor", "channel"))
    assert (EventKind.CREATED, world.requester.pk, "portal") in events
    assert ("field_changed", None, "system") in events  # the item routed it to its group


def test_a_hidden_fields_value_is_dropped_and_a_shown_required_one_asked(world):
    request = services.submit_request(
        world.requester, world.folder, {"access": "mailbox", "folder": "ignored"}, channel="portal"
    )
    assert request.answers == {"access": "mailbox"}
    with pytest.raises(ValidationError) as refused:
        services.submit_request(world.requester, world.folder, {"access": "shared"}, channel="portal")
    assert refused.value.message_dict == {"folder": ["This field is required."]}


def test_bad_answers_are_refused_by_field_and_nothing_is_written(world):
    tickets_before = Ticket.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.submit_request(
            world.requester,
            world.folder,
            {"access": "printer", "urgent": "maybe", "colleague": world.beta_user.pk, "extra": 1},
            channel="api",
        )
    problems = refused.value.message_dict
    assert problems["access"] == ["Choose among the values offered."]
    assert problems["urgent"] == ["Answer yes or no."]
    assert problems["colleague"] == ["Choose a person of your organisation."]
    assert "extra" in problems[NON_FIELD_ERRORS][0]
    assert (Ticket.objects.count(), ServiceRequest.objects.count()) == (tickets_before, 0)


def test_the_problems_are_in_the_askers_language(world):
    from django.utils import translation

    with translation.override("fi"), pytest.raises(ValidationError) as refused:
        services.submit_request(world.requester, world.folder, {"access": "shared"}, channel="portal")
    assert refused.value.message_dict["folder"] != ["This field is required."]


def test_a_person_answer_is_a_person_of_the_organisation_and_reads_as_their_name(world):
    request = services.submit_request(
        world.requester, world.folder, folder_answers(colleague=str(world.accountant.pk)), channel="portal"
    )
    assert request.answers["colleague"] == world.accountant.pk
    assert "Same as colleague: Aino Accountant" in request.ticket.description


def test_an_attachment_answer_names_an_uploaded_file_which_the_ticket_keeps(world):
    upload = SimpleUploadedFile("error.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png")
    unrelated = SimpleUploadedFile("other.txt", b"not asked for", content_type="text/plain")
    request = services.submit_request(
        world.requester,
        world.folder,
        folder_answers(screenshot="error.png"),
        channel="portal",
        files=[upload, unrelated],
    )
    assert request.answers["screenshot"] == "error.png"
    assert list(Attachment.objects.filter(ticket=request.ticket).values_list("filename", flat=True)) == [
        "error.png"
    ]
    with pytest.raises(ValidationError) as refused:
        services.submit_request(
            world.requester, world.folder, folder_answers(screenshot="missing.png"), channel="portal"
        )
    assert refused.value.message_dict == {"screenshot": ["Attach the file again."]}


def test_the_current_form_version_is_used_and_past_requests_keep_theirs(world):
    first = services.submit_request(world.requester, world.folder, folder_answers(), channel="portal")
    reason = {"key": "reason", "type": "text", "label": "Why", "required": True}
    fields = [*world.folder.current_form().fields, reason]
    services.new_form_version(world.admin, world.folder, fields)
    with pytest.raises(ValidationError):
        services.submit_request(world.requester, world.folder, folder_answers(), channel="portal")
    answers = folder_answers(reason="audit")
    second = services.submit_request(world.requester, world.folder, answers, channel="portal")
    first.refresh_from_db()
    assert (first.form.version, second.form.version) == (1, 2)


def test_anyone_may_request_for_a_colleague_who_then_sees_the_request(world):
    request = services.submit_request(
        world.requester, world.folder, folder_answers(), requested_for=world.accountant, channel="portal"
    )
    assert (request.requested_by, request.requested_for) == (world.requester, world.accountant)
    assert request.ticket.requester == world.requester
    assert request.ticket.subject == "Folder access for Aino Accountant"
    assert TicketFollower.objects.filter(ticket=request.ticket, person=world.accountant).exists()
    assert can_view(world.accountant, request.ticket)
    assert list(selectors.requests_of(world.accountant)) == [request]
    assert list(selectors.requests_of(world.requester)) == [request]
    assert list(selectors.requests_of(world.manager)) == []
    assert selectors.request_of(world.manager, request.ticket) == request  # their organisation's


def test_a_request_for_someone_of_another_organisation_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        services.submit_request(
            world.requester, world.folder, folder_answers(), requested_for=world.beta_user, channel="portal"
        )
    assert "requested_for" in refused.value.message_dict
    assert not ServiceRequest.objects.exists()


def test_an_item_outside_the_askers_audience_or_organisation_is_refused(world):
    for person, item in (
        (world.requester, world.for_finance),
        (world.requester, world.for_managers),
        (world.requester, world.beta_item),
        (world.beta_user, world.folder),
    ):
        with pytest.raises(PermissionDenied):
            services.submit_request(person, item, {}, channel="portal")
    request = services.submit_request(world.accountant, world.for_finance, {}, channel="portal")
    assert request.ticket.organisation == world.acme


def test_the_phone_desk_raises_a_request_for_a_caller(world):
    request = services.submit_request(
        world.agent, world.folder, folder_answers(), requested_by=world.accountant, channel="phone"
    )
    ticket = request.ticket
    assert (request.requested_by, request.requested_for) == (world.accountant, world.accountant)
    assert (ticket.requester, ticket.channel, ticket.group) == (world.accountant, "phone", world.desk)
    assert ticket.first_response_at == ticket.created_at
    kinds = set(ticket.events.filter(actor=world.agent, channel="phone").values_list("kind", flat=True))
    assert {EventKind.CREATED, EventKind.CALL_LOGGED} <= kinds
    assert ticket.subject.startswith("Kansion käyttöoikeus")  # in the caller's language (Finnish)


def test_the_phone_desk_respects_the_callers_audience_and_organisations_served(world):
    with pytest.raises(PermissionDenied):
        services.submit_request(
            world.agent, world.for_finance, {}, requested_by=world.requester, channel="phone"
        )
    with pytest.raises(ValidationError):
        services.submit_request(world.agent, world.shared, {}, requested_by=world.beta_user, channel="phone")
    with pytest.raises(ValidationError):
        services.submit_request(world.agent, world.shared, {}, channel="phone")


def test_a_client_cannot_ask_in_someone_elses_name_nor_by_phone(world):
    with pytest.raises(PermissionDenied):
        services.submit_request(
            world.requester, world.folder, folder_answers(), requested_by=world.accountant, channel="api"
        )
    with pytest.raises(ValidationError):
        services.submit_request(world.requester, world.folder, folder_answers(), channel="phone")
    assert not ServiceRequest.objects.exists()


def test_the_request_is_seen_as_its_ticket_is_and_by_whom_it_is_for(world):
    request = services.submit_request(world.requester, world.folder, folder_answers(), channel="portal")
    assert selectors.request_of(world.agent, request.ticket) == request
    for outsider in (world.beta_user, world.beta_agent, world.accountant):
        with pytest.raises(ServiceRequest.DoesNotExist):
            selectors.request_of(outsider, request.ticket)


def test_an_item_without_a_form_cannot_be_requested(world, admin):
    bare = services.save_item(admin, None, organisation=world.acme, code="bare", name="Bare")
    with pytest.raises(ValidationError):
        services.submit_request(world.requester, bare, {}, channel="portal")
