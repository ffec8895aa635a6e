"""A ticket and the files sent with it are one change, and a description has a limit."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from moked.tickets import selectors, services
from moked.tickets.models import MAX_DESCRIPTION_LENGTH, Attachment, Ticket, TicketEvent, TicketSequence
from tests.factories import make_ticket

pytestmark = pytest.mark.django_db


def upload(name="screenshot.png", content=b"\x89PNG fake image bytes"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_files_sent_with_a_ticket_are_its_own_public_files(requester, agent):
    ticket = make_ticket(requester, files=[upload(), upload("printer.log", b"E-42")])
    files = list(selectors.ticket_files(agent, ticket))
    assert [f.filename for f in files] == ["screenshot.png", "printer.log"]
    assert all(f.is_public and f.comment_id is None for f in files)
    assert list(selectors.ticket_files(requester, ticket)) == files
    kinds = list(TicketEvent.objects.filter(ticket=ticket).values_list("kind", flat=True))
    assert kinds == ["created", "attachment_added", "attachment_added"]


@pytest.mark.parametrize(("name", "content"), [("setup.exe", b"MZ"), ("empty.txt", b"")])
def test_a_refused_file_refuses_the_ticket_and_nothing_is_written(requester, settings, name, content):
    with pytest.raises(ValidationError) as refused:
        make_ticket(requester, files=[upload("fine.png"), upload(name, content)])
    assert "file" in refused.value.error_dict
    assert not Ticket.objects.exists() and not Attachment.objects.exists()
    assert not TicketSequence.objects.filter(last_number__gt=0).exists()  # no number used up
    assert not (settings.MEDIA_ROOT / "attachments").exists()


class CutOffUpload(SimpleUploadedFile):
    """An upload whose sender went away halfway: reading it fails."""

    def chunks(self, chunk_size=None):
        raise OSError("Connection reset by peer")


def test_a_file_that_cannot_be_read_takes_the_ticket_and_the_stored_files_with_it(requester, settings):
    """The second file fails while being stored: the ticket and the first file's row go with the
    transaction, and the first file, already written to the storage, is deleted again."""
    with pytest.raises(OSError):
        make_ticket(requester, files=[upload("first.png"), CutOffUpload("second.png", b"half")])
    assert not Ticket.objects.exists() and not Attachment.objects.exists()
    stored = settings.MEDIA_ROOT / "attachments"
    assert not stored.exists() or not any(path.is_file() for path in stored.rglob("*"))


def test_a_description_over_the_limit_is_refused_and_says_the_limit(requester):
    with pytest.raises(ValidationError) as refused:
        make_ticket(requester, description="x" * (MAX_DESCRIPTION_LENGTH + 1))
    error = refused.value.error_dict["description"][0]
    assert error.code == "too_long"
    assert "30,000" in refused.value.messages[0] and "30,001" in refused.value.messages[0]
    assert not Ticket.objects.exists()
    assert make_ticket(requester, description="x" * MAX_DESCRIPTION_LENGTH).pk


def test_a_description_changed_over_the_limit_is_refused(requester, agent):
    ticket = make_ticket(requester)
    with pytest.raises(ValidationError) as refused:
        services.update_ticket(agent, ticket, {"description": "x" * (MAX_DESCRIPTION_LENGTH + 1)})
    assert refused.value.error_dict["description"][0].code == "too_long"
    ticket.refresh_from_db()
    assert ticket.description.startswith("Since this morning")
