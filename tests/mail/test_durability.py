"""An accepted message is on the disk before the IMAP server is told to let it go (or the SMTP
client hears 250): its file and directory are flushed (fsync), and a partial file left by a crash
is never taken for the message."""

import hashlib
import os
import smtplib
from pathlib import Path

import pytest
from django.core.management import call_command
from imapclient import IMAPClient

from moked.mail import imap, smtpd
from moked.mail.ingest import ingest
from moked.mail.models import InboundMessage

from .conftest import DESK, free_port, mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def disk_events(monkeypatch):
    """What reached the disk (os.fsync, recorded by path, then done for real) and when the IMAP
    server was told to move a message away, in order."""
    events = []
    real_fsync, real_replace, real_put_away = os.fsync, os.replace, imap._put_away

    def fsync(descriptor):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{descriptor}")))
        return real_fsync(descriptor)

    def replace(source, target):
        events.append(("renamed", str(Path(source).resolve()), str(Path(target).resolve())))
        return real_replace(source, target)

    def put_away(client, uid, folder):
        events.append(("moved", uid))
        return real_put_away(client, uid, folder)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(imap, "_put_away", put_away)
    return events


def test_a_message_is_on_the_disk_before_the_imap_server_lets_it_go(
    mailbox, customer, imap_server, disk_events
):
    mailbox.imap_host, mailbox.imap_port, mailbox.imap_security = "127.0.0.1", imap_server["port"], "none"
    mailbox.imap_username, mailbox.imap_password = imap_server["user"], imap_server["password"]
    mailbox.save()
    with IMAPClient("127.0.0.1", port=imap_server["port"], ssl=False) as client:
        client.login(imap_server["user"], imap_server["password"])
        client.append("INBOX", mail(subject="Keep me"))
    (result,) = imap.poll(mailbox)
    stored = InboundMessage.objects.get(pk=result.message)
    path = str(Path(stored.raw.path).resolve())
    (renamed,) = [event for event in disk_events if event[0] == "renamed" and event[2] == path]
    written = disk_events.index(("fsync", renamed[1]))  # the bytes, under their temporary name
    into_place = disk_events.index(renamed)
    directory = disk_events.index(("fsync", str(Path(path).parent)), into_place)  # the rename itself
    assert written < into_place < directory < disk_events.index(("moved", 1))
    with open(path, "rb") as file:
        assert hashlib.sha256(file.read()).hexdigest() == stored.sha256


def test_a_partial_file_left_by_a_crash_is_written_again(mailbox, customer, settings):
    raw = mail(subject="Cut short")
    digest = hashlib.sha256(raw).hexdigest()
    partial = Path(settings.MEDIA_ROOT) / "mail" / "inbound" / digest[:2] / digest[2:4] / f"{digest}.eml"
    partial.parent.mkdir(parents=True)
    partial.write_bytes(raw[: len(raw) // 2])  # the process died while writing, before any record
    result = ingest(raw, to=DESK, source=InboundMessage.Source.GATE)
    assert result.outcome == "ticket"
    stored = InboundMessage.objects.get()
    with stored.raw.open("rb") as file:
        assert file.read() == raw
    assert not [p for p in partial.parent.iterdir() if p.name.endswith(".tmp")]  # no leftovers


def test_a_message_is_on_the_disk_before_the_smtp_client_hears_it_was_taken(
    transactional_db, mailbox, customer, disk_events
):
    server = smtpd.controller("127.0.0.1", free_port())
    server.start()
    try:
        with smtplib.SMTP("127.0.0.1", server.port) as client:
            client.sendmail("dana@acme.example", [DESK], mail(subject="Keep me too"))
            disk_events.append(("accepted",))  # the client heard 250
    finally:
        server.stop()
    stored = InboundMessage.objects.get()
    path = str(Path(stored.raw.path).resolve())
    directory = disk_events.index(("fsync", str(Path(path).parent)))
    assert directory < disk_events.index(("accepted",))


def test_an_import_of_files_leaves_the_flushing_to_the_files_it_reads(
    mailbox, customer, tmp_path, disk_events
):
    """The files stay where they are: after a crash, running the import again takes up the rest."""
    source = tmp_path / "old.eml"
    source.write_bytes(mail(subject="From the old help desk"))
    call_command("ingest_email", "--to", DESK, str(source))
    stored = InboundMessage.objects.get()
    assert (stored.source, stored.outcome) == ("import", "ticket")
    with stored.raw.open("rb") as file:
        assert file.read() == source.read_bytes()
    assert not [event for event in disk_events if event[0] == "fsync"]
