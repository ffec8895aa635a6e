"""The catalogue API: listing and reading items, configuring them, and making and reading requests."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from moked.servicerequests.models import CatalogItem, ServiceRequest
from moked.tickets.models import Attachment

ITEMS = "/api/v1/catalog/items/"
REQUESTS = "/api/v1/catalog/requests/"


def codes(response):
    assert response.status_code == 200, response.content
    return sorted(item["code"] for item in response.json()["results"])


def test_the_list_is_what_the_acting_person_may_request_with_the_current_form(world, api_as):
    client = api_as(world.requester)
    assert codes(client.get(ITEMS)) == ["folder-access", "password-reset"]
    assert codes(client.get(ITEMS, {"q": "kansio"})) == ["folder-access"]
    item = client.get(f"{ITEMS}{world.folder.pk}/").json()
    assert item["current_form"]["version"] == 1
    assert [field["key"] for field in item["current_form"]["fields"]][:2] == ["access", "folder"]
    assert "approval_steps" not in item and "fulfilment_plan" not in item


def test_staff_list_the_callers_organisations_items(world, api_as):
    client = api_as(world.agent)
    assert codes(client.get(ITEMS, {"organisation": "ACME"})) == [
        "folder-access",
        "invoice-tool",
        "new-starter",
        "password-reset",
    ]
    assert codes(client.get(ITEMS, {"organisation": "BETA"})) == []


def test_admins_create_an_item_with_its_form_and_write_new_versions(world, api_as):
    client = api_as(world.admin)
    created = client.post(
        ITEMS,
        {
            "organisation": "ACME",
            "code": "vpn-access",
            "name": {"en": "VPN access", "he": "גישה ל-VPN"},
            "fulfilment_group": world.desk.pk,
            "form": [{"key": "reason", "type": "long_text", "label": "Why?", "required": True}],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["current_form"]["version"], body["fulfilment_group"]) == (1, world.desk.pk)
    url = f"{ITEMS}{body['id']}/"
    changed = client.patch(url, {"delivery_days": 3, "is_active": False}, format="json")
    assert (changed.status_code, changed.json()["delivery_days"]) == (200, 3)
    version = client.post(f"{url}forms/", [{"key": "why", "type": "text", "label": "Why"}], format="json")
    assert (version.status_code, version.json()["version"]) == (201, 2)
    assert [form["version"] for form in client.get(f"{url}forms/").json()] == [2, 1]
    bad = client.post(f"{url}forms/", [{"key": "Bad", "type": "text"}], format="json")
    assert bad.status_code == 400 and "form" in bad.json()["errors"]


def test_others_cannot_configure_items(world, api_as):
    for person in (world.agent, world.manager, world.requester):
        client = api_as(person)
        assert client.post(ITEMS, {"code": "x", "name": {"en": "X"}}, format="json").status_code == 403
        patched = client.patch(f"{ITEMS}{world.folder.pk}/", {"is_active": False}, format="json")
        assert patched.status_code in (403, 404)
        version = client.post(f"{ITEMS}{world.folder.pk}/forms/", [], format="json")
        assert version.status_code in (403, 404)
    world.folder.refresh_from_db()
    assert world.folder.is_active and world.folder.forms.count() == 1
    assert not CatalogItem.objects.filter(code="x").exists()


def test_a_request_through_the_api_and_reading_it_in_the_readers_language(world, api_as):
    client = api_as(world.requester)
    made = client.post(
        REQUESTS,
        {"item": world.folder.pk, "answers": {"access": "shared", "folder": "/finance", "urgent": "yes"}},
        format="json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["form_version"] == 1 and body["reference"].startswith("REQ-")
    reader = api_as(world.accountant)  # a Finnish colleague does not see it...
    assert reader.get(f"{REQUESTS}{body['reference']}/").status_code == 404
    world.requester.language = "fi"
    world.requester.save()
    shown = client.get(f"{REQUESTS}{body['reference']}/", HTTP_ACCEPT_LANGUAGE="fi").json()
    assert (shown["answers"][0]["label"], shown["answers"][0]["text"]) == (
        "Käyttöoikeus",
        "Jaettu kansio",
    )
    assert [one["reference"] for one in client.get(REQUESTS).json()["results"]] == [body["reference"]]


def test_refused_answers_come_back_by_field(world, api_as):
    refused = api_as(world.requester).post(
        REQUESTS, {"item": world.folder.pk, "answers": {"access": "shared"}}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["errors"]["folder"][0]["message"] == "This field is required."
    assert not ServiceRequest.objects.exists()


def test_a_multipart_request_with_an_attachment_answer(world, api_as):
    upload = SimpleUploadedFile("error.png", b"\x89PNG\r\n\x1a\n" + b"0" * 32, content_type="image/png")
    made = api_as(world.requester).post(
        REQUESTS,
        {
            "item": world.folder.pk,
            "answers": json.dumps({"access": "mailbox", "screenshot": "error.png"}),
            "requested_for": world.accountant.pk,
            "attachments": [upload],
        },
        format="multipart",
    )
    assert made.status_code == 201, made.content
    request = ServiceRequest.objects.get()
    assert request.requested_for == world.accountant
    assert Attachment.objects.filter(ticket=request.ticket, filename="error.png").exists()


def test_the_phone_desk_raises_a_request_for_a_caller_through_the_api(world, api_as):
    made = api_as(world.agent).post(
        REQUESTS,
        {"item": world.shared.pk, "answers": {}, "requested_by": world.requester.pk, "channel": "phone"},
        format="json",
    )
    assert made.status_code == 201, made.content
    request = ServiceRequest.objects.get()
    assert (request.requested_by, request.ticket.channel) == (world.requester, "phone")
    assert made.json()["reference"] in [
        one["reference"] for one in api_as(world.requester).get(REQUESTS).json()["results"]
    ]


def test_people_have_a_manager_and_client_groups_through_the_api(world, api_as):
    client = api_as(world.manager)
    changed = client.patch(
        f"/api/v1/people/{world.requester.pk}/", {"manager": world.manager.pk}, format="json"
    )
    assert (changed.status_code, changed.json()["manager"]) == (200, world.manager.pk)
    other = client.patch(
        f"/api/v1/people/{world.requester.pk}/", {"manager": world.beta_user.pk}, format="json"
    )
    assert other.status_code == 400
    group = client.post(
        "/api/v1/client-groups/",
        {"organisation": "ACME", "name": "Sales", "members": [world.requester.pk]},
        format="json",
    )
    assert group.status_code == 201, group.content
    names = sorted(one["name"] for one in client.get("/api/v1/client-groups/").json()["results"])
    assert names == ["Finance", "Sales"]
    assert api_as(world.beta_user).get("/api/v1/client-groups/").json()["results"] == []
    assert (
        api_as(world.requester)
        .post("/api/v1/client-groups/", {"organisation": "ACME", "name": "Mine"}, format="json")
        .status_code
        == 403
    )
