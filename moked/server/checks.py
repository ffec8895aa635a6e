"""Moked's own checks for `moked check` (and `moked check --deploy`): one function per concern."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from moked import encryption


@checks.register(checks.Tags.security)
def encryption_keys_valid(app_configs=None, **kwargs):
    """Keys that are not Fernet keys would fail the first time a secret is read or written."""
    try:
        encryption.encrypt("")
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="moked.encryption.E001")]
    return []


@checks.register(checks.Tags.security, deploy=True)
def encryption_keys_set(app_configs=None, **kwargs):
    """A production set-up keeps the secrets' key apart from SECRET_KEY."""
    if encryption.configured_keys():
        return []
    return [
        checks.Warning(
            "MOKED_ENCRYPTION_KEYS is not set: IMAP passwords, webhook secrets and two-factor keys are "
            "encrypted with a key derived from SECRET_KEY, so changing SECRET_KEY makes them unreadable.",
            hint="Set MOKED_ENCRYPTION_KEYS to a key from `moked reencrypt-secrets --new-key`, then run "
            "`moked reencrypt-secrets`.",
            id="moked.encryption.W001",
        )
    ]
