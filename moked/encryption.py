"""Secrets Moked must read back (IMAP passwords, webhook secrets, two-factor keys), stored
encrypted: Fernet (AES with an HMAC) under the keys of MOKED_ENCRYPTION_KEYS, newest first.

The newest key encrypts; every key decrypts (MultiFernet), so a new key goes first and the old
ones stay until `moked reencrypt-secrets` has written everything again with the new one. Without
MOKED_ENCRYPTION_KEYS (development, the demo, the tests) a key derived from SECRET_KEY is used,
and `moked check --deploy` warns: changing SECRET_KEY would then make the secrets unreadable. The
derived key always decrypts too, so secrets written before MOKED_ENCRYPTION_KEYS was set are still
read, and are re-encrypted with the configured key by `moked reencrypt-secrets`.

A value no key decrypts is never lost: it reads as `Unreadable` (an empty string that keeps the
stored token) and is written back as it was; what would use it fails with `SecretUnreadable`.
"""

import base64
import logging
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class SecretUnreadable(OSError):
    """A stored secret that none of the keys decrypts. An OSError: the callers that talk to
    another system (IMAP, webhooks) record it as that connection's failure."""


class Unreadable(str):
    """What a secret no key decrypts reads as: empty, holding the token to write back unchanged."""

    ciphertext: str

    def __new__(cls, ciphertext: str):
        value = super().__new__(cls, "")
        value.ciphertext = ciphertext
        return value


def derived_key(secret_key: str) -> bytes:
    """The Fernet key development set-ups use: derived from SECRET_KEY (HKDF-SHA256)."""
    material = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"moked encrypted secrets").derive(
        secret_key.encode()
    )
    return base64.urlsafe_b64encode(material)


def configured_keys() -> list[str]:
    return [key.strip() for key in settings.MOKED_ENCRYPTION_KEYS if key.strip()]


@cache
def _fernet(keys: tuple[str, ...], secret_key: str) -> MultiFernet:
    try:
        fernets = [Fernet(key.encode()) for key in keys]
    except ValueError:
        raise ImproperlyConfigured(
            "MOKED_ENCRYPTION_KEYS holds a value that is not a Fernet key (32 url-safe base64-encoded "
            "bytes; make one with: moked reencrypt-secrets --new-key)."
        ) from None
    return MultiFernet([*fernets, Fernet(derived_key(secret_key))])


def _keys() -> MultiFernet:
    return _fernet(tuple(configured_keys()), settings.SECRET_KEY)


def new_key() -> str:
    return Fernet.generate_key().decode()


def encrypt(text: str) -> str:
    return _keys().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    """The text of a token; SecretUnreadable when no key opens it (or it is not a token)."""
    try:
        return _keys().decrypt(token.encode()).decode()
    except (InvalidToken, UnicodeError):
        raise SecretUnreadable(
            _(
                "A stored secret cannot be decrypted: MOKED_ENCRYPTION_KEYS lacks the key it was "
                "encrypted with (or SECRET_KEY changed). Restore that key, or enter the secret again."
            )
        ) from None


def is_readable(token: str) -> bool:
    try:
        decrypt(token)
    except SecretUnreadable:
        return False
    return True


def reencrypt(token: str) -> str:
    """The token encrypted again with the newest key (SecretUnreadable when no key opens it)."""
    try:
        return _keys().rotate(token.encode()).decode()
    except InvalidToken:
        decrypt(token)  # raises the explanation
        raise


def readable(value: str) -> str:
    """The secret to use: refuses, with the reason, one no key could decrypt."""
    if isinstance(value, Unreadable):
        decrypt(value.ciphertext)  # raises SecretUnreadable with the reason
    return value


class EncryptedTextField(models.TextField):
    """Text stored encrypted (see the module); read and assigned as plain text. An empty value
    is stored empty: "no password" is not a secret."""

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        try:
            return decrypt(value)
        except SecretUnreadable:
            logger.error("%s: a stored value cannot be decrypted with the configured keys", self)
            return Unreadable(value)

    def validate(self, value, model_instance):
        if isinstance(value, Unreadable):  # kept as stored: not blank, only unreadable for now
            return
        super().validate(value, model_instance)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if isinstance(value, Unreadable):
            return value.ciphertext
        if not value:
            return value
        return encrypt(value)


# --- allauth's two-factor records ----------------------------------------------------------------

# Where allauth.mfa keeps secrets in Authenticator.data (through its adapter's encrypt/decrypt):
# the TOTP key, the recovery codes' seed, and recovery codes carried over from elsewhere.
AUTHENTICATOR_SECRETS = ("secret", "seed")
AUTHENTICATOR_SECRET_LISTS = ("migrated_codes",)


def transform_authenticator_data(data: dict, transform) -> dict:
    """`data` with `transform` applied to each secret in it (to encrypt, re-encrypt or decrypt)."""
    changed = dict(data)
    for key in AUTHENTICATOR_SECRETS:
        if isinstance(changed.get(key), str):
            changed[key] = transform(changed[key])
    for key in AUTHENTICATOR_SECRET_LISTS:
        if isinstance(changed.get(key), list):
            changed[key] = [transform(item) for item in changed[key]]
    return changed


# --- migrations: encrypting what was stored in plain text ------------------------------------------


def sealed(value: str) -> str:
    """A value stored in plain text, encrypted; one already encrypted, as it is."""
    return value if is_readable(value) else encrypt(value)


def unsealed(value: str) -> str:
    """The way back: a value that can be decrypted, in plain text; anything else as it is."""
    return decrypt(value) if is_readable(value) else value


def encrypting_operations(app_label: str, model_name: str, name: str, plain, encrypted) -> list:
    """The operations of a migration that turns a stored field into an EncryptedTextField: the
    column becomes `plain` text (room for the tokens), every value is encrypted, and the field
    becomes `encrypted`. Undone, the values are decrypted again: nothing is lost either way."""
    from django.db import migrations

    def rewrite(change):
        return lambda apps, schema_editor: _rewrite(apps.get_model(app_label, model_name), name, change)

    return [
        migrations.AlterField(model_name=model_name, name=name, field=plain),
        migrations.RunPython(rewrite(sealed), rewrite(unsealed)),
        migrations.AlterField(model_name=model_name, name=name, field=encrypted),
    ]


def _rewrite(model, field: str, change) -> int:
    changed = 0
    for pk, value in model.objects.exclude(**{field: ""}).values_list("pk", field).iterator():
        new = change(value)
        if new != value:
            model.objects.filter(pk=pk).update(**{field: new})
            changed += 1
    return changed
