"""Webhooks and IMAP accounts reach public addresses only, unless the installation allows a network
(MOKED_ALLOWED_PRIVATE_NETWORKS): an admin cannot make Moked call its own network and read the
answer. Refused when saved for an address written out, and at every connection for every address
a name resolves to. (The tests' own servers are on loopback: each test says when it allows it.)"""

import datetime
import http.server
import socket
import ssl
import threading

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from moked.mail import configuration, imap
from moked.mail.models import Mailbox
from moked.webhooks import services
from moked.webhooks.models import Webhook, WebhookDelivery

pytestmark = pytest.mark.django_db

INSIDE = [
    "http://127.0.0.1:9200/_search",
    "http://[::1]/",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.1.2.3/hook",
    "http://192.168.0.10/hook",
    "http://100.64.0.1/hook",
    "http://0.0.0.0:8000/",
    "http://[::ffff:127.0.0.1]/",
    "http://[fd00::1]/",
    "http://localhost:6379/",
    "http://api.localhost/",
]


@pytest.fixture
def listener():
    """A TCP port on loopback that counts who connects to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.5)
    seen = []

    def accept():
        while True:
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            seen.append(conn)
            conn.close()

    threading.Thread(target=accept, daemon=True).start()
    yield server.getsockname()[1], seen
    server.close()


@pytest.mark.parametrize("url", INSIDE)
def test_a_webhook_to_an_inside_address_is_refused_through_the_api(api_as, admin, url):
    answer = api_as(admin).post("/api/v1/webhooks/", {"name": "Probe", "url": url}, format="json")
    assert answer.status_code == 400, answer.json()
    (problem,) = answer.json()["errors"]["url"]
    assert "is not a public address" in problem["message"]
    assert not Webhook.objects.exists()


def test_public_addresses_and_allowed_networks_are_accepted(api_as, admin, settings):
    client = api_as(admin)
    public = client.post(
        "/api/v1/webhooks/", {"name": "CRM", "url": "https://crm.example.com/hook"}, format="json"
    )
    assert public.status_code == 201
    settings.MOKED_ALLOWED_PRIVATE_NETWORKS = ["10.1.0.0/16"]
    allowed = client.post("/api/v1/webhooks/", {"name": "ITSM", "url": "http://10.1.2.3/hook"}, format="json")
    assert allowed.status_code == 201
    other = client.post("/api/v1/webhooks/", {"name": "DB", "url": "http://10.2.0.1/"}, format="json")
    assert other.status_code == 400


def test_a_name_resolving_inside_is_refused_when_sending_and_nothing_is_read(admin, listener):
    port, seen = listener
    # a row saved before this check, or a name whose DNS changed after saving: the same at send time
    hook = Webhook.objects.create(name="Rebound", url=f"http://localhost:{port}/hook")
    delivery = services.ping(admin, hook)
    assert services.deliver(delivery.pk) == WebhookDelivery.Status.PENDING  # retried, as any failure
    delivery.refresh_from_db()
    assert "localhost (127.0.0.1) is not a public address" in delivery.last_error
    assert (delivery.response_status, delivery.response_body) == (None, "")
    assert seen == []


def test_an_allowed_network_is_called_by_name(admin, receiver, settings):
    assert settings.MOKED_ALLOWED_PRIVATE_NETWORKS == ["127.0.0.0/8"]  # the receiver's fixture allows it
    hook = services.create_webhook(admin, name="Local", url=receiver.url.replace("127.0.0.1", "localhost"))
    assert services.deliver(services.ping(admin, hook).pk) == WebhookDelivery.Status.DELIVERED
    assert len(receiver.requests) == 1


def _self_signed() -> tuple[bytes, bytes]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return certificate.public_bytes(serialization.Encoding.PEM), key_pem


def test_https_to_a_checked_address_still_verifies_the_certificate(admin, settings, tmp_path):
    settings.MOKED_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    certificate, key = _self_signed()
    (tmp_path / "cert.pem").write_bytes(certificate)
    (tmp_path / "key.pem").write_bytes(key)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        hook = services.create_webhook(admin, name="TLS", url=f"https://127.0.0.1:{server.server_port}/hook")
        services.deliver(services.ping(admin, hook).pk)
    finally:
        server.shutdown()
        server.server_close()
    delivery = WebhookDelivery.objects.get()
    assert "CERTIFICATE_VERIFY_FAILED" in delivery.last_error and delivery.response_status is None


def test_an_imap_account_inside_is_refused_when_saved(api_as, admin, org):
    answer = api_as(admin).post(
        "/api/v1/mailboxes/",
        {
            "organisation": org.code,
            "address": "desk@support.example",
            "name": "Desk",
            "imap_host": "127.0.0.1",
            "imap_username": "desk",
            "imap_password": "secret",
        },
        format="json",
    )
    assert answer.status_code == 400
    assert "is not a public address" in answer.json()["errors"]["imap_host"][0]["message"]
    assert not Mailbox.objects.exists()


def test_the_imap_connection_check_does_not_reach_inside(admin, org, listener):
    port, seen = listener
    check = configuration.check_imap_connection(
        admin,
        {"imap_host": "localhost", "imap_port": port, "imap_security": "none", "imap_username": "x"},
    )
    assert not check.ok and "localhost (127.0.0.1) is not a public address" in check.detail
    assert seen == []


def test_polling_a_mailbox_saved_inside_records_the_refusal(org, listener):
    port, seen = listener
    mailbox = Mailbox.objects.create(  # saved before the check existed
        organisation=org,
        address="desk@support.example",
        imap_host="127.0.0.1",
        imap_port=port,
        imap_security="none",
        imap_username="desk",
        imap_password="secret",
    )
    assert imap.poll(mailbox) == []
    mailbox.refresh_from_db()
    assert "127.0.0.1 is not a public address" in mailbox.imap_error
    assert seen == []
