"""IMAP passwords, webhook secrets and two-factor keys are stored encrypted (Fernet, keys from
MOKED_ENCRYPTION_KEYS, newest first), read back as written, survive a key rotation with
`moked reencrypt-secrets`, and are never lost: one no key opens is kept as stored. The migration
encrypts what was stored in plain text before it, and undoing it gives the plain text back."""

import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from cryptography.fernet import Fernet
from django.core import checks
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from moked import encryption
from moked.mail import configuration, imap
from moked.mail.models import Mailbox
from moked.webhooks import services
from moked.webhooks.models import Webhook, WebhookDelivery
from tests.factories import AgentFactory

PASSWORD = "hunter2-imap"
OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def _stored(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 (names are constants)
        return cursor.fetchone()[0]


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


@pytest.fixture
def mailbox(admin, org, settings):
    settings.MOKED_ENCRYPTION_KEYS = []  # as in development and the demo: no key set
    return configuration.create_mailbox(
        admin,
        organisation=org,
        address="desk@support.example",
        imap_host="imap.acme.example",
        imap_username="desk",
        imap_password=PASSWORD,
    )


def test_secrets_are_stored_encrypted_and_read_as_written(api_as, admin, mailbox, settings):
    stored = _stored("mail_mailbox", "imap_password", mailbox.pk)
    assert PASSWORD not in stored
    assert Fernet(encryption.derived_key(settings.SECRET_KEY)).decrypt(stored.encode()) == PASSWORD.encode()
    assert Mailbox.objects.get().imap_password == PASSWORD

    created = api_as(admin).post(
        "/api/v1/webhooks/", {"name": "CRM", "url": "https://crm.example.com/h"}, format="json"
    )
    secret = created.json()["secret"]
    assert secret not in _stored("webhooks_webhook", "secret", created.json()["id"])
    assert Webhook.objects.get().secret == secret

    agent = AgentFactory()
    totp_secret = generate_totp_secret()
    TOTP.activate(agent, totp_secret)
    RecoveryCodes.activate(agent)
    totp = Authenticator.objects.get(type=Authenticator.Type.TOTP)
    assert totp.data["secret"] != totp_secret and encryption.decrypt(totp.data["secret"]) == totp_secret
    assert TOTP(totp).validate_code(_code(totp_secret))
    codes = Authenticator.objects.get(type=Authenticator.Type.RECOVERY_CODES)
    assert len(encryption.decrypt(codes.data["seed"])) == 80
    assert RecoveryCodes(codes).validate_code(RecoveryCodes(codes).generate_codes()[0])


def test_a_new_key_goes_first_and_reencrypting_retires_the_old_one(admin, org, settings):
    settings.MOKED_ENCRYPTION_KEYS = [OLD]
    box = configuration.create_mailbox(admin, organisation=org, address="d@s.example", imap_password=PASSWORD)
    hook = services.create_webhook(admin, name="CRM", url="https://crm.example.com/h")
    agent = AgentFactory()
    totp_secret = generate_totp_secret()
    TOTP.activate(agent, totp_secret)
    assert Fernet(OLD).decrypt(_stored("mail_mailbox", "imap_password", box.pk).encode()) == PASSWORD.encode()

    settings.MOKED_ENCRYPTION_KEYS = [NEW, OLD]  # the new key first: the old one still decrypts
    assert Mailbox.objects.get().imap_password == PASSWORD
    call_command("reencrypt_secrets", stdout=open("/dev/null", "w"))

    settings.MOKED_ENCRYPTION_KEYS = [NEW]  # the old key is gone
    assert Fernet(NEW).decrypt(_stored("mail_mailbox", "imap_password", box.pk).encode()) == PASSWORD.encode()
    assert Mailbox.objects.get().imap_password == PASSWORD
    assert Webhook.objects.get().secret == hook.secret
    assert TOTP(Authenticator.objects.get()).validate_code(_code(totp_secret))


def test_a_secret_no_key_opens_is_kept_and_what_uses_it_says_why(admin, org, settings):
    settings.MOKED_ENCRYPTION_KEYS = [OLD]
    box = configuration.create_mailbox(
        admin,
        organisation=org,
        address="d@s.example",
        imap_host="imap.acme.example",
        imap_username="desk",
        imap_password=PASSWORD,
    )
    hook = services.create_webhook(admin, name="CRM", url="https://crm.example.com/h")
    stored = _stored("mail_mailbox", "imap_password", box.pk)

    settings.MOKED_ENCRYPTION_KEYS = [NEW]  # the key it was written with is lost
    box = Mailbox.objects.get()
    assert box.imap_password == ""
    configuration.update_mailbox(admin, box, {"name": "Renamed"})
    assert _stored("mail_mailbox", "imap_password", box.pk) == stored  # written back untouched
    services.update_webhook(admin, Webhook.objects.get(), {"name": "CRM renamed"})  # kept, not "blank"
    imap.poll(Mailbox.objects.get())
    assert "cannot be decrypted" in Mailbox.objects.get().imap_error
    delivery = services.ping(admin, Webhook.objects.get())
    services.deliver(delivery.pk)
    assert "cannot be decrypted" in WebhookDelivery.objects.get().last_error
    with pytest.raises(CommandError, match="No key decrypts"):
        call_command("reencrypt_secrets", stdout=open("/dev/null", "w"))

    settings.MOKED_ENCRYPTION_KEYS = [NEW, OLD]  # restored: nothing was lost
    assert Mailbox.objects.get().imap_password == PASSWORD
    assert Webhook.objects.get().secret == hook.secret


def test_check_deploy_warns_without_a_key(settings):
    settings.MOKED_ENCRYPTION_KEYS = []
    found = {message.id for message in checks.run_checks(include_deployment_checks=True)}
    assert "moked.encryption.W001" in found
    settings.MOKED_ENCRYPTION_KEYS = [NEW]
    found = {message.id for message in checks.run_checks(include_deployment_checks=True)}
    assert "moked.encryption.W001" not in found
    settings.MOKED_ENCRYPTION_KEYS = ["not a key"]
    assert "moked.encryption.E001" in {message.id for message in checks.run_checks()}


BEFORE = [
    ("mail", "0003_inbound_message_discarding"),
    ("webhooks", "0001_initial"),
    ("people", "0003_group_requires_two_factor"),
]
AFTER = [
    ("mail", "0004_encrypt_imap_password"),
    ("webhooks", "0002_encrypt_secret"),
    ("people", "0004_encrypt_two_factor_secrets"),
]


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_what_was_stored_before_and_loses_nothing():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps
        org = old.get_model("tenancy", "Organisation").objects.create(code="ACME", name="Acme")
        box = old.get_model("mail", "Mailbox").objects.create(
            organisation=org, address="d@s.example", imap_password=PASSWORD
        )
        hook = old.get_model("webhooks", "Webhook").objects.create(
            name="CRM", url="https://crm.example.com/h"
        )
        person = old.get_model("people", "Person").objects.create(username="avi", name="Avi", role="agent")
        totp_secret, seed = generate_totp_secret(), "ab" * 40
        totp = old.get_model("mfa", "Authenticator").objects.create(
            user_id=person.pk, type="totp", data={"secret": totp_secret}
        )
        old.get_model("mfa", "Authenticator").objects.create(
            user_id=person.pk, type="recovery_codes", data={"seed": seed, "used_mask": 0}
        )
        plain_secret = hook.secret

        MigrationExecutor(connection).migrate(AFTER)

        assert _stored("mail_mailbox", "imap_password", box.pk) != PASSWORD
        assert Mailbox.objects.get().imap_password == PASSWORD
        assert _stored("webhooks_webhook", "secret", hook.pk) != plain_secret
        assert Webhook.objects.get().secret == plain_secret
        migrated = Authenticator.objects.get(pk=totp.pk)
        assert migrated.data["secret"] != totp_secret and TOTP(migrated).validate_code(_code(totp_secret))
        codes = Authenticator.objects.get(type="recovery_codes")
        assert (
            encryption.decrypt(codes.data["seed"]) == seed
            and len(RecoveryCodes(codes).generate_codes()) == 10
        )

        MigrationExecutor(connection).migrate(BEFORE)  # and back: the plain text, as it was
        assert _stored("mail_mailbox", "imap_password", box.pk) == PASSWORD
        assert _stored("webhooks_webhook", "secret", hook.pk) == plain_secret
        with connection.cursor() as cursor:
            cursor.execute("SELECT data FROM mfa_authenticator WHERE id = %s", [totp.pk])
            assert totp_secret in str(cursor.fetchone()[0])
    finally:  # every app back at its latest migration, for the tests that come after
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
