"""Mail fixtures: an organisation with a mailbox, messages built like a mail client would, a real
SMTP server (aiosmtpd) catching what Moked sends, and a real IMAP server (Dovecot)."""

import grp
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from moked.mail import configuration
from tests.factories import AdminFactory, AgentFactory, GroupFactory, OrganisationFactory, PersonFactory
from tests.ports import free_port

DESK = "desk@support.example"
MTA = "mx.support.example"  # the authserv-id of the installation's receiving server in these tests


def mail(
    sender="dana@acme.example",
    subject="Printer on floor 2 prints blank pages",
    body="It started today.",
    to=DESK,
    cc=(),
    html=None,
    headers=None,
    attachments=(),
    message_id=None,
    date=None,
    utf8=False,
) -> bytes:
    """An e-mail as a mail client writes it; with `utf8`, headers outside ASCII go as UTF-8
    (RFC 6532), as clients write them for internationalised addresses."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    if cc:
        message["Cc"] = ", ".join(cc)
    message["Subject"] = subject
    message["Date"] = format_datetime(date or timezone.now())
    message["Message-ID"] = message_id or make_msgid(domain="client.example")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    for filename, content_type, data in attachments:
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes(policy=policy.SMTPUTF8) if utf8 else message.as_bytes()


def received_by_mta(raw: bytes, results: str, authserv_id: str = MTA) -> bytes:
    """The message as the installation's receiving server hands it on: its Authentication-Results
    (``results``, such as "dmarc=pass header.from=provider.example") and Received line on top."""
    trace = (
        f"Authentication-Results: {authserv_id};\r\n\t{results}\r\n"
        f"Received: from sender.example (sender.example [192.0.2.7])\r\n\tby {authserv_id} with ESMTPS;"
        f" {format_datetime(timezone.now())}\r\n"
    )
    return trace.encode() + raw


def reply_to(sent, sender, body, subject=None, utf8=False) -> bytes:
    """A customer's answer to a message Moked sent (threads by In-Reply-To and References)."""
    original = message_from_bytes(sent, policy=policy.default) if isinstance(sent, bytes) else sent
    references = f"{original.get('References', '')} {original['Message-ID']}".strip()
    return mail(
        sender=sender,
        subject=subject or f"Re: {original['Subject']}",
        body=body,
        headers={"In-Reply-To": original["Message-ID"], "References": references},
        utf8=utf8,
    )


@pytest.fixture
def org(db):
    return OrganisationFactory(
        code="ACME", name="Acme", domains=["acme.example"], timezone="Europe/Helsinki", country="FI"
    )


@pytest.fixture
def mailbox(org):
    return configuration.create_mailbox(AdminFactory(), organisation=org, address=DESK, name="Acme support")


@pytest.fixture
def customer(org):
    return PersonFactory(organisation=org, name="Dana Cohen", email="dana@acme.example", username="dana")


@pytest.fixture
def agent(org):
    agent = AgentFactory(serves=[org], name="Avi Agent", email="avi@provider.example", username="avi")
    GroupFactory(members=[agent])
    return agent


class Sink:
    """An SMTP server that keeps what it receives, with its envelope."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.raw: list[bytes] = []
        self.envelopes: list[dict] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.raw.append(envelope.original_content)
        self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
        self.envelopes.append(
            {
                "from": envelope.mail_from,
                "to": list(envelope.rcpt_tos),
                "options": list(envelope.mail_options),
            }
        )
        return "250 OK"


def _sink(settings, **server_options):
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port(), **server_options)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    return sink, controller


@pytest.fixture
def smtp_sink(settings):
    """Moked's outgoing mail goes to a real SMTP server on loopback (it offers SMTPUTF8, RFC 6531,
    as aiosmtpd's controller does by default)."""
    sink, controller = _sink(settings)
    yield sink
    controller.stop()


@pytest.fixture
def ascii_smtp_sink(settings):
    """A real SMTP server on loopback that does not offer SMTPUTF8."""
    sink, controller = _sink(settings, enable_SMTPUTF8=False)
    yield sink
    controller.stop()


@pytest.fixture
def trusted_mta(settings):
    """The installation's receiving server, whose Authentication-Results Moked believes."""
    settings.MOKED_MAIL_AUTHSERV_IDS = [MTA]
    return MTA


DOVECOT_CONF = """protocols = imap
listen = 127.0.0.1
base_dir = {d}/run
state_dir = {d}/state
instance_name = dovecot-test-{port}
log_path = {d}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:{d}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/passwd
}}
userdb {{
  driver = static
  args = uid={u} gid={g} home={d}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""
DOVECOT_NON_ROOT = """default_internal_user = {u}
default_internal_group = {g}
default_login_user = {u}
service imap-login {{
  chroot =
}}
service anvil {{
  chroot =
}}
"""


@pytest.fixture
def imap_server(settings):
    """A throw-away Dovecot with one user, desk@support.example / secret, on loopback, which the
    installation allows (IMAP accounts reach only public addresses otherwise)."""
    if shutil.which("dovecot") is None:
        pytest.skip("Dovecot is not installed (`.ci/run` installs dovecot-imapd)")
    settings.MOKED_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.0/8"]
    directory = Path(tempfile.mkdtemp(prefix="dovecot-"))
    directory.chmod(0o755)
    port = free_port()
    root = os.geteuid() == 0
    user = "mail" if root else pwd.getpwuid(os.getuid()).pw_name
    group = "mail" if root else grp.getgrgid(os.getgid()).gr_name
    (directory / "mail").mkdir()
    shutil.chown(directory / "mail", user, group)
    (directory / "passwd").write_text(f"{DESK}:{{PLAIN}}secret\n")
    conf = DOVECOT_CONF.format(d=directory, port=port, u=user, g=group)
    (directory / "dovecot.conf").write_text(conf + ("" if root else DOVECOT_NON_ROOT.format(u=user, g=group)))
    process = subprocess.Popen(["dovecot", "-F", "-c", str(directory / "dovecot.conf")])
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), 0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    yield {"port": port, "user": DESK, "password": "secret", "directory": directory}
    process.terminate()
    process.wait(10)
    log = (directory / "dovecot.log").read_text() if (directory / "dovecot.log").exists() else ""
    shutil.rmtree(directory)
    assert "Error:" not in log and "Fatal:" not in log, log
