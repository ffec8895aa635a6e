"""A connector's secret (an LDAP bind password, a webhook's signing key) as stored: encrypted with
the installation's keys (moked.encryption, MOKED_ENCRYPTION_KEYS). Nothing stores one yet; the
connector models will keep the token from `seal` and give `unseal`'s text to the connector."""

from moked.encryption import decrypt, encrypt


def seal(secret: str) -> str:
    """The token to store for `secret` ("" stays "": no secret is not a secret)."""
    return encrypt(secret) if secret else ""


def unseal(token: str) -> str:
    """The secret a stored token holds; SecretUnreadable (with the reason) when no key opens it."""
    return decrypt(token) if token else ""
