"""An import of old mail (`moked ingest-email FILE…`, a mailbox export) is not a flood: the per-sender
limit counts it by the messages' own dates, and nobody is mailed about the past."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from moked.mail.ingest import ingest
from moked.mail.models import InboundMessage, OutboundMessage
from moked.tickets.models import Ticket

from .conftest import DESK, mail

pytestmark = pytest.mark.django_db


def export(tmp_path, dates, sender="dana@acme.example") -> list[str]:
    """A mailbox export: one .eml file per message, each written at its date."""
    files = []
    for n, date in enumerate(dates):
        path = tmp_path / f"{n:04d}.eml"
        path.write_bytes(mail(sender=sender, subject=f"Request {n}", body=f"Message {n}.", date=date))
        files.append(str(path))
    return files


def gate(capsys, *files) -> list[dict]:
    call_command("ingest_email", "--to", DESK, *files)
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_a_mailbox_export_from_one_sender_is_taken_in_whole(mailbox, customer, tmp_path, capsys):
    start = timezone.now() - timedelta(days=400)
    files = export(tmp_path, [start + timedelta(days=5 * n) for n in range(80)])  # 80, over 400 days
    lines = gate(capsys, *files)
    assert [line["outcome"] for line in lines] == ["ticket"] * 80  # the limit is 30 an hour
    assert Ticket.objects.count() == 80
    assert set(InboundMessage.objects.values_list("source", flat=True)) == {"import"}
    assert not OutboundMessage.objects.exists()  # nobody is told today of mail from last year


def test_a_loop_inside_an_export_is_still_a_flood(mailbox, customer, tmp_path, capsys):
    mailbox.sender_limit_per_hour = 5
    mailbox.save()
    start = timezone.now() - timedelta(days=30)
    dates = [start + timedelta(minutes=n) for n in range(8)] + [start + timedelta(days=3)]
    outcomes = [line["outcome"] for line in gate(capsys, *export(tmp_path, dates))]
    assert outcomes == ["ticket"] * 5 + ["rejected"] * 3 + ["ticket"]


def test_an_import_does_not_count_against_the_senders_live_mail(mailbox, customer, tmp_path, capsys):
    mailbox.sender_limit_per_hour = 5
    mailbox.save()
    start = timezone.now() - timedelta(days=30)
    gate(capsys, *export(tmp_path, [start + timedelta(days=n) for n in range(10)]))
    live = ingest(mail(subject="Live, today"), to=DESK, source=InboundMessage.Source.GATE)
    assert live.outcome == "ticket"
    assert OutboundMessage.objects.filter(ticket__subject="Live, today").exists()  # live mail is answered


def test_live_mail_dated_in_the_past_is_still_counted_by_its_arrival(mailbox, customer):
    """Only an explicit import is counted by its dates: a sender cannot escape the limit by
    writing old dates on live mail."""
    mailbox.sender_limit_per_hour = 3
    mailbox.save()
    old = timezone.now() - timedelta(days=365)
    outcomes = [
        ingest(
            mail(subject=f"Loop {n}", date=old + timedelta(days=n)),
            to=DESK,
            source=InboundMessage.Source.GATE,
        ).outcome
        for n in range(5)
    ]
    assert outcomes == ["ticket", "ticket", "ticket", "rejected", "rejected"]


def test_a_piped_message_is_live_mail(mailbox, customer, monkeypatch, capsys):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(mail())))
    call_command("ingest_email", "--to", DESK)
    assert json.loads(capsys.readouterr().out)["outcome"] == "ticket"
    assert InboundMessage.objects.get().source == "gate"
    assert OutboundMessage.objects.filter(kind="received").exists()
