import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from moked.tickets import selectors, services
from moked.tickets.attachments import stored_content_type
from moked.tickets.models import Attachment, TicketEvent
from tests.factories import make_ticket

pytestmark = pytest.mark.django_db


def upload(name="screenshot.png", content=b"\x89PNG fake image bytes", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_file_is_stored_with_its_hash_and_recorded(requester, settings):
    ticket = make_ticket(requester)
    attachment = services.add_attachment(requester, ticket, upload())
    assert (attachment.filename, attachment.size, attachment.content_type) == (
        "screenshot.png",
        21,
        "image/png",
    )
    assert attachment.sha256 == hashlib.sha256(b"\x89PNG fake image bytes").hexdigest()
    assert attachment.file.read() == b"\x89PNG fake image bytes"
    assert str(settings.MEDIA_ROOT) in attachment.file.path
    event = TicketEvent.objects.get(ticket=ticket, kind="attachment_added")
    assert event.data["filename"] == "screenshot.png" and event.is_public


def test_a_reply_carries_files(requester, agent):
    ticket = make_ticket(requester)
    comment = services.add_comment(
        agent, ticket, "Here is the guide.", files=[upload("guide.pdf", b"%PDF-1.7")]
    )
    assert [a.filename for a in comment.attachments.all()] == ["guide.pdf"]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("virus.exe", b"MZ", "type_not_allowed"),
        ("page.html", b"<script>", "type_not_allowed"),
        ("noextension", b"x", "type_not_allowed"),
        ("empty.txt", b"", "empty"),
        ("big.log", b"x" * 2049, "too_large"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(requester, settings, name, content, code):
    settings.MOKED_ATTACHMENT_MAX_BYTES = 2048
    ticket = make_ticket(requester)
    with pytest.raises(ValidationError) as raised:
        services.add_attachment(requester, ticket, upload(name, content, "application/octet-stream"))
    assert raised.value.error_dict["file"][0].code == code
    assert not Attachment.objects.exists()
    assert not (settings.MEDIA_ROOT / "attachments").exists()


def test_internal_files_are_for_staff_only(requester, agent):
    ticket = make_ticket(requester)
    internal = services.add_attachment(agent, ticket, upload("trace.log", b"stack"), public=False)
    assert list(selectors.ticket_attachments(requester, ticket)) == []
    assert list(selectors.ticket_attachments(agent, ticket)) == [internal]
    with pytest.raises(Attachment.DoesNotExist):
        selectors.get_attachment(requester, internal.pk)
    with pytest.raises(PermissionDenied):
        services.add_attachment(requester, ticket, upload(), public=False)


def test_active_content_is_never_served_as_such():
    assert stored_content_type("drawing.svg") == "application/octet-stream"
    assert stored_content_type("page.html") == "application/octet-stream"
    assert stored_content_type("report.pdf") == "application/pdf"
    assert stored_content_type("data.unknownext") == "application/octet-stream"


def test_file_names_cannot_escape_the_storage_folder(requester, settings):
    attachment = services.add_attachment(
        requester, make_ticket(requester), upload("../../etc/passwd.txt", b"x")
    )
    assert attachment.filename == "passwd.txt"
    assert attachment.file.path.startswith(str(settings.MEDIA_ROOT / "attachments"))
