"""Signing what Moked sends another system (a webhook's body, a fulfilment webhook connector's
action) so its receiver knows it came from Moked, unchanged and recently.

Pure: no Django. The signature is ``sha256=`` and the hex HMAC-SHA256, keyed with the shared
secret, of the timestamp (seconds since the epoch, as sent in ``X-Moked-Timestamp``), a dot, and
the body's bytes. A receiver recomputes it, compares in constant time, and refuses timestamps
older than a few minutes (a replayed request).
"""

import hashlib
import hmac

PREFIX = "sha256="


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return PREFIX + digest


def verify(
    secret: str, timestamp: int, body: bytes, signature: str, *, now: int, tolerance: int = 300
) -> bool:
    """Whether `signature` is Moked's for this body and the timestamp is recent enough."""
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature)
