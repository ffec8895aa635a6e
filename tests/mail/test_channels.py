"""The three ways mail comes in, with real servers: the mail gate (a command), SMTP (aiosmtpd,
Moked's own receiver) and IMAP (Dovecot); and a whole conversation by mail."""

import json
import smtplib
import sqlite3
import subprocess
import time
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from django.core.management import call_command
from imapclient import IMAPClient

from moked.mail import imap, outbound, smtpd
from moked.mail.models import InboundMessage, Mailbox, OutboundMessage
from moked.tickets import services
from moked.tickets.models import Ticket

from .conftest import DESK, free_port, mail, reply_to

pytestmark = pytest.mark.django_db


def test_the_mail_gate_prints_one_json_line_per_message(mailbox, customer, tmp_path, capsys):
    first, second = tmp_path / "first.eml", tmp_path / "second.eml"
    first.write_bytes(mail(subject="שלום, המדפסת לא עובדת"))
    second.write_bytes(mail(sender="stranger@elsewhere.example", subject="Hi"))
    call_command("ingest_email", "--to", DESK, str(first), str(second), str(first))
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    # PostgreSQL does not restart its sequences between tests: name the row that was kept.
    kept = InboundMessage.objects.get(outcome="ticket")
    assert lines == [
        {
            "file": str(first),
            "outcome": "ticket",
            "ticket": "INC-000001",
            "subject": "שלום, המדפסת לא עובדת",
            "reason": "",
        },
        {
            "file": str(second),
            "outcome": "quarantine",
            "ticket": None,
            "subject": "Hi",
            "reason": "stranger@elsewhere.example is not known, and not in an e-mail domain of Acme.",
        },
        {
            "file": str(first),
            "outcome": "duplicate",
            "ticket": "INC-000001",
            "subject": "שלום, המדפסת לא עובדת",
            "reason": f"the same message arrived before (#{kept.pk})",
        },
    ]


def test_the_mail_gate_refuses_an_unknown_mailbox(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No active mailbox"):
        call_command("ingest_email", "--to", "nobody@nowhere.example")


def test_mailboxes_lists_the_inbound_addresses(mailbox, capsys):
    Mailbox.objects.create(organisation=mailbox.organisation, address="Other@Support.example")
    call_command("mailboxes")
    assert capsys.readouterr().out.split() == ["desk@support.example", "other@support.example"]


@pytest.fixture
def smtp_receiver(transactional_db, mailbox, customer):
    """Moked's SMTP server on a free port (a real aiosmtpd, in this process)."""
    server = smtpd.controller("127.0.0.1", free_port())
    server.start()
    yield server
    server.stop()


def test_the_smtp_server_takes_mail_for_mailboxes_and_refuses_the_rest(smtp_receiver):
    with smtplib.SMTP("127.0.0.1", smtp_receiver.port) as client:
        client.sendmail("dana@acme.example", [DESK], mail())
        with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            client.sendmail("dana@acme.example", ["nobody@support.example"], mail(subject="lost?"))
    assert refused.value.recipients["nobody@support.example"][0] == 550
    stored = InboundMessage.objects.get()
    assert (stored.source, stored.outcome, stored.envelope_from) == ("smtp", "ticket", "dana@acme.example")
    assert Ticket.objects.get().channel == "email"


def test_the_smtp_server_accepts_a_tagged_reply_address(smtp_receiver):
    with smtplib.SMTP("127.0.0.1", smtp_receiver.port) as client:
        client.sendmail("dana@acme.example", [DESK], mail())
        client.sendmail(
            "dana@acme.example",
            ["desk+inc-000001@support.example"],
            mail(subject="more", body="More details", to="desk+inc-000001@support.example"),
        )
    assert list(InboundMessage.objects.order_by("pk").values_list("outcome", flat=True)) == [
        "ticket",
        "reply",
    ]


def deliver_to_maildir(server: dict, raw: bytes) -> None:
    with IMAPClient("127.0.0.1", port=server["port"], ssl=False) as client:
        client.login(server["user"], server["password"])
        client.append("INBOX", raw)


@pytest.fixture
def imap_mailbox(mailbox, imap_server):
    mailbox.imap_host, mailbox.imap_port, mailbox.imap_security = "127.0.0.1", imap_server["port"], "none"
    mailbox.imap_username, mailbox.imap_password = imap_server["user"], imap_server["password"]
    mailbox.save()
    return mailbox


def test_imap_polling_takes_new_mail_and_moves_it_away(imap_mailbox, imap_server, customer):
    deliver_to_maildir(imap_server, mail(subject="One"))
    deliver_to_maildir(imap_server, mail(subject="Two"))
    results = imap.poll(imap_mailbox)
    assert [r.outcome for r in results] == ["ticket", "ticket"]
    assert imap.poll(imap_mailbox) == []  # nothing new
    with IMAPClient("127.0.0.1", port=imap_server["port"], ssl=False) as client:
        client.login(imap_server["user"], imap_server["password"])
        assert client.select_folder("INBOX")[b"EXISTS"] == 0
        assert client.select_folder(imap.server_folder(client, "Moked/Processed"))[b"EXISTS"] == 2
    imap_mailbox.refresh_from_db()
    assert imap_mailbox.imap_last_uid == 2 and imap_mailbox.imap_error == ""


def test_imap_resumes_after_the_last_uid_and_recognises_a_second_reading(imap_mailbox, imap_server, customer):
    deliver_to_maildir(imap_server, mail(subject="One"))
    imap.poll(imap_mailbox)
    # as if the process died before moving the message: it is still in the inbox with a new UID
    with IMAPClient("127.0.0.1", port=imap_server["port"], ssl=False) as client:
        client.login(imap_server["user"], imap_server["password"])
        client.select_folder(imap.server_folder(client, "Moked/Processed"))
        client.copy(client.search(), "INBOX")
    deliver_to_maildir(imap_server, mail(subject="Two"))
    assert [r.outcome for r in imap.poll(imap_mailbox)] == ["duplicate", "ticket"]
    assert Ticket.objects.count() == 2


def test_an_unreachable_imap_server_is_noted_on_the_mailbox(mailbox):
    mailbox.imap_host, mailbox.imap_port, mailbox.imap_security = "127.0.0.1", free_port(), "none"
    mailbox.imap_username = "x"
    mailbox.save()
    assert imap.poll(mailbox) == []
    mailbox.refresh_from_db()
    assert "Error" in mailbox.imap_error or "refused" in mailbox.imap_error.lower()


def test_a_whole_conversation_by_mail(imap_mailbox, imap_server, customer, agent, smtp_sink):
    """Customer mail → IMAP → ticket → agent reply over SMTP → the customer answers it → threads back."""
    deliver_to_maildir(imap_server, mail(subject="Cannot log in to the ERP", body="Locked out since 9:00."))
    (result,) = imap.poll(imap_mailbox)
    ticket = Ticket.objects.get(number=1)
    services.add_comment(agent, ticket, "I unlocked your account, please try again.")
    for pk in OutboundMessage.objects.filter(status="pending").order_by("pk").values_list("pk", flat=True):
        outbound.deliver(pk)
    received_by_customer = smtp_sink.raw[-1]
    answer = reply_to(received_by_customer, "dana@acme.example", "It works now, thank you!")
    deliver_to_maildir(imap_server, answer)
    (threaded,) = imap.poll(imap_mailbox)
    assert (result.outcome, threaded.outcome, threaded.ticket) == ("ticket", "reply", ticket.reference)
    bodies = list(ticket.comments.order_by("pk").values_list("body", flat=True))
    assert bodies == ["I unlocked your account, please try again.", "It works now, thank you!"]
    sent = message_from_bytes(received_by_customer, policy=policy.default)
    assert sent["Subject"] == "Re: [INC-000001] Cannot log in to the ERP"


SERVED_DESK = f"""
from moked.mail import configuration
from tests.factories import AdminFactory, OrganisationFactory, PersonFactory
org = OrganisationFactory(code="ACME", name="Acme", domains=["acme.example"])
configuration.create_mailbox(AdminFactory(), organisation=org, address="{DESK}", name="Acme support")
PersonFactory(organisation=org, email="dana@acme.example")
"""


def test_the_smtpd_command_serves_until_stopped(tmp_path):
    port = free_port()
    env_db = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    import os
    import sys

    env = {**os.environ, "DATABASE_URL": env_db, "MOKED_DATA_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "-m", "moked.manage", "migrate", "-v0"], env=env, check=True, timeout=300)
    subprocess.run(  # the served database gets the desk's mailbox and its customer
        [sys.executable, "-m", "moked.manage", "shell", "-c", SERVED_DESK],
        env=env,
        check=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "moked.manage", "smtpd", "--listen", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for _ in range(200):
            try:
                with smtplib.SMTP("127.0.0.1", port, timeout=2) as client:
                    code, _ = client.noop()
                    break
            except OSError:
                time.sleep(0.1)
        assert code == 250
        with smtplib.SMTP("127.0.0.1", port) as client, pytest.raises(smtplib.SMTPRecipientsRefused):
            client.sendmail("a@b.example", ["nobody@nowhere.example"], mail())  # that database has no mailbox
        with smtplib.SMTP("127.0.0.1", port) as client:
            assert client.sendmail("dana@acme.example", [DESK], mail(subject="Served by the command")) == {}
    finally:
        server.terminate()
        server.wait(10)
    with sqlite3.connect(tmp_path / "db.sqlite3") as database:
        subjects = [row[0] for row in database.execute("SELECT subject FROM tickets_ticket")]
    assert subjects == ["Served by the command"]
