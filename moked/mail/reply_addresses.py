"""Reply addresses: each person Moked mails about a ticket is asked to answer to an address of their
own, desk+inc-000123.k3v9x2q7m4b8c1dz@domain. The tag names the ticket (which threads the answer
for sure) and signs it for that person and ticket, so mail that comes back to it from that person
is known to answer Moked's own message: someone who merely writes their From header cannot make
one. An answer from anybody else, or to another ticket, is not vouched for by it.

The signature is an HMAC of the person and the ticket under SECRET_KEY (an answer to mail sent
before a key change still counts while the old key is in SECRET_KEY_FALLBACKS). It is spelt in
lower-case base32, as mail systems may lower-case an address on its way back.
"""

from __future__ import annotations

import base64

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "moked.mail.reply-address"
TOKEN_BYTES = 10  # 80 bits: 16 base32 characters, short enough for any address


def token_for(person_pk: int, ticket_pk: int, secret: str | None = None) -> str:
    digest = salted_hmac(SALT, f"{person_pk}:{ticket_pk}", secret=secret, algorithm="sha256").digest()
    return base64.b32encode(digest[:TOKEN_BYTES]).decode("ascii").lower()


def tag_for(reference: str, person_pk: int | None, ticket_pk: int) -> str:
    """The +tag of the reply address: the ticket's reference, then the person's token."""
    tag = reference.lower()
    return f"{tag}.{token_for(person_pk, ticket_pk)}" if person_pk else tag


def split_tag(tag: str) -> tuple[str, str]:
    """(reference, token) of a +tag; the token is "" when the tag carries none."""
    reference, _, token = tag.strip().lower().partition(".")
    return reference, token


def vouches_for(token: str, person_pk: int, ticket_pk: int) -> bool:
    """Whether the token was made for this person and this ticket (under any key still honoured)."""
    if not token:
        return False
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(
        constant_time_compare(token.lower(), token_for(person_pk, ticket_pk, secret)) for secret in secrets
    )
