"""Whether the installation's own mail server vouches for a message's From: the domain of the From
address passed DMARC, or DKIM or SPF aligned with it exactly, in the topmost Authentication-Results
fields written under one of the trusted authserv-ids (see docs/operations/mail-authentication.md).

Pure: no Django. A method's topmost result is the one that counts: a lower field claiming the
opposite, written by the sender under the server's name, changes nothing.
"""

from __future__ import annotations

from moked.people import addresses

from .parsing.authentication import AuthenticationResults, MethodResult

METHODS = ("dmarc", "dkim", "spf")


def verified_by(
    results: list[AuthenticationResults], trusted_ids: frozenset[str] | set[str], from_address: str
) -> str | None:
    """The method ("dmarc", "dkim" or "spf") by which a trusted server verified the From domain,
    or None."""
    trusted = {authserv_id.strip().lower() for authserv_id in trusted_ids if authserv_id.strip()}
    domain = addresses.domain_of(from_address)
    if not trusted or not domain:
        return None
    for method in METHODS:
        found = _topmost(results, trusted, method)
        if any(result.result == "pass" and _aligned(result, domain) for result in found):
            return method
    return None


def _topmost(results: list[AuthenticationResults], trusted: set[str], method: str) -> list[MethodResult]:
    """A method's results in the topmost trusted field that has any (several for DKIM: one per
    signature)."""
    for field in results:
        if field.authserv_id not in trusted:
            continue
        found = [result for result in field.results if result.method == method]
        if found:
            return found
    return []


def _aligned(result: MethodResult, domain: str) -> bool:
    """Whether the result speaks for exactly the From domain: DMARC's header.from, DKIM's signing
    domain (header.d, or header.i's domain), SPF's envelope sender (smtp.mailfrom)."""
    keys = {
        "dmarc": ("header.from",),
        "dkim": ("header.d", "header.i"),
        "spf": ("smtp.mailfrom",),
    }[result.method]
    for key in keys:
        value = result.properties.get(key, "")
        if value and addresses.unicode_domain(value.rpartition("@")[2]) == domain:
            return True
    return False
