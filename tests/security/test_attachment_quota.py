"""What one message may carry: at most MOKED_ATTACHMENTS_PER_COMMENT files, of
MOKED_ATTACHMENTS_TOTAL_BYTES together. Through the API and the pages a message over the quota is
refused with the reason and nothing is saved; from e-mail the message is kept, with the files past
the quota listed as not kept (the raw message, which holds them, stays for the admins)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from moked.mail import configuration
from moked.mail.ingest import ingest
from moked.mail.models import InboundMessage
from moked.tickets.models import Attachment, Comment, Ticket
from tests.factories import AdminFactory, AgentFactory, make_ticket
from tests.mail.conftest import DESK, mail
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(requester):
    return make_ticket(requester)


def _files(count, size=100):
    return [SimpleUploadedFile(f"log{n}.txt", b"x" * size, content_type="text/plain") for n in range(count)]


def _nothing_saved(ticket, settings):
    assert not Comment.objects.filter(ticket=ticket).exists()
    assert not Attachment.objects.exists()
    stored = (
        [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] if settings.MEDIA_ROOT.exists() else []
    )
    assert stored == []


def test_the_api_refuses_more_files_than_a_message_carries(api_as, requester, ticket, settings):
    assert settings.MOKED_ATTACHMENTS_PER_COMMENT == 10
    answer = api_as(requester).post(
        f"/api/v1/tickets/{ticket.reference}/comments/",
        {"body": "Logs", "files": _files(11)},
        format="multipart",
    )
    assert answer.status_code == 400, answer.json()
    (problem,) = answer.json()["errors"]["files"]
    assert problem["code"] == "too_many_files" and "at most 10 files" in problem["message"]
    _nothing_saved(ticket, settings)
    accepted = api_as(requester).post(
        f"/api/v1/tickets/{ticket.reference}/comments/",
        {"body": "Logs", "files": _files(10)},
        format="multipart",
    )
    assert accepted.status_code == 201 and len(accepted.json()["attachments"]) == 10


def test_the_api_refuses_files_too_large_together(api_as, requester, ticket, settings):
    settings.MOKED_ATTACHMENTS_TOTAL_BYTES = 1000
    answer = api_as(requester).post(
        f"/api/v1/tickets/{ticket.reference}/comments/",
        {"body": "Logs", "files": _files(2, size=600)},
        format="multipart",
    )
    assert answer.status_code == 400
    (problem,) = answer.json()["errors"]["files"]
    assert problem["code"] == "too_large_together" and "1000\xa0bytes" in problem["message"]
    _nothing_saved(ticket, settings)


def test_a_page_reply_over_the_quota_is_refused_with_the_reason(requester, ticket, settings):
    settings.MOKED_ATTACHMENTS_TOTAL_BYTES = 1000
    client = client_for(requester)
    address = f"/portal/tickets/{ticket.reference}/"
    client.post(address, {"action": "reply", "body": "Logs", "attachment": _files(1, size=2000)[0]})
    page = client.get(address).content.decode()
    assert "The files of a message come to at most 1000\xa0bytes together" in page
    _nothing_saved(ticket, settings)


def test_mail_over_the_quota_keeps_the_message_and_lists_what_was_not_kept(org, requester, settings):
    configuration.create_mailbox(AdminFactory(), organisation=org, address=DESK, name="Desk")
    settings.MOKED_ATTACHMENTS_PER_COMMENT = 3
    raw = mail(attachments=[(f"photo{n}.png", "image/png", b"\x89PNG" + bytes([n]) * 200) for n in range(5)])
    result = ingest(raw, to=DESK, source=InboundMessage.Source.GATE)
    assert result.outcome == "ticket"
    ticket = Ticket.objects.get()
    assert sorted(a.filename for a in ticket.attachments.all()) == ["photo0.png", "photo1.png", "photo2.png"]
    assert "Attachments not kept" in ticket.description
    assert "photo3.png: A message carries at most 3 files; this one has 4." in ticket.description
    assert "photo4.png" in ticket.description
    with InboundMessage.objects.get().raw.open("rb") as kept:
        assert kept.read() == raw  # every attachment is still in the message as received


def test_a_mail_reply_over_the_quota_in_bytes_keeps_what_fits(org, requester, ticket, settings):
    configuration.create_mailbox(AdminFactory(), organisation=org, address=DESK, name="Desk")
    AgentFactory(serves=[org])
    settings.MOKED_ATTACHMENTS_TOTAL_BYTES = 1000
    raw = mail(
        subject=f"Re: [{ticket.reference}] Printer",
        attachments=[("a.txt", "text/plain", b"a" * 600), ("b.txt", "text/plain", b"b" * 600)],
    )
    assert ingest(raw, to=DESK, source=InboundMessage.Source.GATE).outcome == "reply"
    comment = Comment.objects.get(ticket=ticket)
    assert [a.filename for a in comment.attachments.all()] == ["a.txt"]
    assert "b.txt: The files of a message come to at most 1000" in comment.body
