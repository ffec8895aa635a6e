"""What admins do with the mail channel beside the API: check an IMAP account before saving it,
process a kept-back message again, and discard one (keeping its bytes)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from moked.mail import configuration, quarantine
from moked.mail.ingest import ingest
from moked.mail.models import InboundMessage, Mailbox
from moked.tickets.models import Ticket
from tests.factories import AdminFactory, AgentFactory, OrganisationFactory

from .conftest import DESK, free_port, mail

pytestmark = pytest.mark.django_db


def take(raw: bytes, to: str = DESK) -> InboundMessage:
    result = ingest(raw, to=to, source=InboundMessage.Source.GATE)
    return InboundMessage.objects.get(pk=result.message)


def imap_settings(server: dict, **changes) -> dict:
    return {
        "imap_host": "127.0.0.1",
        "imap_port": server["port"],
        "imap_security": Mailbox.Security.NONE,
        "imap_username": server["user"],
        "imap_password": server["password"],
        "imap_folder": "INBOX",
    } | changes


def test_a_connection_check_signs_in_and_counts_the_messages(imap_server, mailbox):
    check = configuration.check_imap_connection(AdminFactory(), imap_settings(imap_server))
    assert check.ok and "INBOX holds 0 messages" in check.detail


def test_a_connection_check_reports_the_servers_refusal(imap_server, mailbox):
    admin = AdminFactory()
    wrong = configuration.check_imap_connection(admin, imap_settings(imap_server, imap_password="nope"))
    assert not wrong.ok and wrong.detail == "LoginError: [AUTHENTICATIONFAILED] Authentication failed."
    folder = configuration.check_imap_connection(admin, imap_settings(imap_server, imap_folder="Nowhere"))
    assert not folder.ok and "Nowhere" in folder.detail
    closed = configuration.check_imap_connection(admin, imap_settings(imap_server, imap_port=free_port()))
    assert not closed.ok and "refused" in closed.detail.lower()


def test_a_connection_check_with_no_password_uses_the_stored_one(imap_server, mailbox):
    admin = AdminFactory()
    configuration.update_mailbox(admin, mailbox, imap_settings(imap_server))
    mailbox.refresh_from_db()
    check = configuration.check_imap_connection(admin, imap_settings(imap_server, imap_password=""), mailbox)
    assert check.ok
    assert not configuration.check_imap_connection(admin, imap_settings(imap_server, imap_password="")).ok


def test_only_admins_check_connections(mailbox):
    with pytest.raises(PermissionDenied):
        configuration.check_imap_connection(AgentFactory(), {"imap_host": "127.0.0.1", "imap_username": "x"})


def test_a_connection_check_needs_a_server_and_a_user(mailbox):
    check = configuration.check_imap_connection(AdminFactory(), {"imap_host": "", "imap_username": "x"})
    assert not check.ok


def test_a_stranger_kept_back_is_processed_again_after_the_policy_changes(mailbox):
    admin = AdminFactory()
    kept = take(mail(sender="someone@elsewhere.example", subject="Access for our contractor"))
    assert kept.outcome == "quarantine"
    refused = quarantine.process_again(admin, kept)
    assert refused.outcome == "quarantine" and Ticket.objects.count() == 0
    configuration.update_mailbox(admin, mailbox, {"unknown_senders": Mailbox.UnknownSenders.CREATE})
    result = quarantine.process_again(admin, kept)
    assert (result.outcome, result.ticket) == ("ticket", "INC-000001")
    kept.refresh_from_db()
    assert (kept.outcome, kept.ticket.reference, kept.attempts) == ("ticket", "INC-000001", 3)


def test_a_message_already_made_into_a_ticket_is_not_processed_again(mailbox, customer):
    done = take(mail())
    with pytest.raises(ValidationError):
        quarantine.process_again(AdminFactory(), done)
    assert Ticket.objects.count() == 1


def test_mail_for_a_missing_mailbox_finds_it_once_it_is_added(org, customer):
    refused = take(mail(to="help@acme.example"), to="help@acme.example")
    assert (refused.outcome, refused.mailbox) == ("rejected", None)
    admin = AdminFactory()
    configuration.create_mailbox(admin, organisation=org, address="help@acme.example")
    assert quarantine.process_again(admin, refused).outcome == "ticket"
    refused.refresh_from_db()
    assert refused.mailbox.address == "help@acme.example"


def test_discarding_records_who_and_when_and_keeps_the_message(mailbox):
    admin = AdminFactory()
    raw = mail(sender="someone@elsewhere.example")
    kept = take(raw)
    discarded = quarantine.discard(admin, kept)
    assert (discarded.outcome, discarded.discarded_by) == ("discarded", admin)
    assert discarded.discarded_at is not None
    with discarded.raw.open("rb") as file:
        assert file.read() == raw
    with pytest.raises(ValidationError):
        quarantine.discard(admin, discarded)  # not in quarantine any more
    configuration.update_mailbox(admin, mailbox, {"unknown_senders": Mailbox.UnknownSenders.CREATE})
    assert quarantine.process_again(admin, discarded).outcome == "ticket"  # a discard can be undone


def test_only_admins_discard_or_process_again(mailbox):
    kept = take(mail(sender="someone@elsewhere.example"))
    agent = AgentFactory(serves=[OrganisationFactory()])
    with pytest.raises(PermissionDenied):
        quarantine.discard(agent, kept)
    with pytest.raises(PermissionDenied):
        quarantine.process_again(agent, kept)
    kept.refresh_from_db()
    assert kept.outcome == "quarantine" and kept.discarded_by is None
