"""Moked's own checks for `moked check`, and those of a production set-up for `moked check
--deploy`: one function per concern."""

from django.conf import settings
from django.core import checks
from django.core.checks import Tags, register
from django.core.checks import Warning as CheckWarning
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


PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.security, deploy=True)
def trusted_proxy_count(app_configs, **kwargs):
    """Behind a reverse proxy (MOKED_BEHIND_PROXY, or MOKED_HTTPS: `moked serve` leaves TLS to a
    proxy) every request comes from the proxy's address unless Moked knows how many proxies to
    look past; then one person's failed sign-ins refuse everyone's."""
    behind_proxy = settings.MOKED_BEHIND_PROXY or settings.HTTPS
    if not behind_proxy or settings.MOKED_TRUSTED_PROXIES > 0:
        return []
    return [
        CheckWarning(
            "Moked runs behind a reverse proxy but MOKED_TRUSTED_PROXIES is not set: every "
            "request seems to come from the proxy, so failed sign-ins from anyone refuse everyone.",
            hint="Set MOKED_TRUSTED_PROXIES to the number of proxies in front of `moked serve` "
            "(1 for one nginx), each appending the client's address to X-Forwarded-For.",
            id="moked.proxy.W001",
        )
    ]


@register(Tags.security, deploy=True)
def shared_cache(app_configs, **kwargs):
    """Sign-in limits and used two-factor codes are kept in the cache: one per process forgets
    them between gunicorn workers."""
    if settings.CACHES["default"]["BACKEND"] not in PER_PROCESS_CACHES:
        return []
    return [
        CheckWarning(
            "The cache is kept in each process: every worker counts failed sign-ins on its own.",
            hint="Leave CACHE_URL unset (the database, or Redis with REDIS_URL) or point it at Redis.",
            id="moked.cache.W001",
        )
    ]
