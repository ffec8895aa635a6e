"""Signing a webhook's body: the installation's one signing scheme, `moked.signing` (which the
fulfilment webhook connector signs with too), under the name webhooks have always used."""

from moked.signing import PREFIX, sign, verify

__all__ = ["PREFIX", "sign", "verify"]
