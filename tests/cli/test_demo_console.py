"""What the console beside `make demo` says: one line per message sent (the message itself kept
as a file), and nothing when a page is refused."""

import logging
import os
import subprocess
import sys
from email import message_from_bytes, policy

import pytest

from moked.mail import configuration, outbound
from moked.mail.models import OutboundMessage
from moked.notifications.models import Notification
from moked.notifications.services import notify
from tests.factories import AdminFactory, AgentFactory, OrganisationFactory, PersonFactory, make_ticket
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db


def _settings_in_a_new_process(environment: dict) -> str:
    """EMAIL_BACKEND and EMAIL_HOST as `moked` reads them from this environment."""
    code = "from django.conf import settings; print(settings.EMAIL_BACKEND, settings.EMAIL_HOST)"
    env = {k: v for k, v in os.environ.items() if k != "EMAIL_URL"}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "moked.settings", **environment},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_without_email_url_mail_is_kept_in_files_and_email_url_still_sends_by_smtp(tmp_path):
    data = {"MOKED_DATA_DIR": str(tmp_path)}
    assert _settings_in_a_new_process(data) == "moked.server.console_mail.EmailBackend localhost"
    assert (
        _settings_in_a_new_process({**data, "EMAIL_URL": "smtp://mail.example.com:25"})
        == "django.core.mail.backends.smtp.EmailBackend mail.example.com"
    )


def test_an_sla_mail_is_one_line_on_the_console_and_whole_in_the_mail_folder(
    settings, tmp_path, capsys, monkeypatch
):
    settings.EMAIL_BACKEND = "moked.server.console_mail.EmailBackend"
    settings.DATA_DIR = tmp_path / "var"
    monkeypatch.chdir(tmp_path)  # as make demo runs: the data folder is var/ in the current one
    organisation = OrganisationFactory(code="ACME", name="Acme", domains=["acme.example"])
    configuration.create_mailbox(
        AdminFactory(), organisation=organisation, address="desk@support.example", name="Acme support"
    )
    customer = PersonFactory(organisation=organisation, email="dana@acme.example", username="dana")
    lead = AgentFactory(serves=[organisation], email="noa@provider.example", username="noa")
    ticket = make_ticket(customer, subject="VPN drops")
    notify(
        [lead],
        kind=Notification.Kind.SLA_BREACHED,
        ticket=ticket,
        message=lambda: ("SLA breached: INC-000001", "First response target: 60 business minutes."),
    )
    outbound.queue_notifications()
    capsys.readouterr()
    for pk in OutboundMessage.objects.order_by("pk").values_list("pk", flat=True):
        assert outbound.deliver(pk) == "sent"

    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2  # the acknowledgement to the customer, the breach to the lead
    breach = next(line for line in lines if "noa@provider.example" in line)
    assert "SLA breached: INC-000001" in breach and "<html" not in "\n".join(lines)
    shown = breach.rsplit("(", 1)[1].rstrip(")")
    assert shown.startswith("var/mail/") and shown.endswith(".eml")
    kept = tmp_path / shown
    message = message_from_bytes(kept.read_bytes(), policy=policy.default)
    assert message["To"] == "noa@provider.example" and message["Subject"] == "SLA breached: INC-000001"
    assert "First response target" in message.get_body(("plain",)).get_content()
    assert "<html" in message.get_body(("html",)).get_content()
    assert len(list((tmp_path / "var" / "mail").glob("*.eml"))) == 2


def test_a_refused_page_logs_nothing(caplog):
    """A 403 is an answer, not a server fault: no warning, no traceback on the console."""
    agent = AgentFactory(serves=[OrganisationFactory()])
    client = client_for(agent)
    with caplog.at_level(logging.DEBUG):
        response = client.get("/desk/administration/organisations/")
    assert response.status_code == 403
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
