"""Links in the mail Moked sends to clients that open their request without a password.

A link is a random secret (only its digest is stored) for one person and one ticket. It signs
in once, within MOKED_MAGIC_LINK_DAYS days, while the person's password is the one it was issued
under and they may still see the ticket. Following it only shows a page: signing in takes a
button press (POST) and never replaces someone else's session (moked.web.accounts.portal_links).
Staff never sign in this way. A new link for an old one is mailed by moked.mail.portal_links.
"""

import hashlib
import secrets
from datetime import timedelta

import rules
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from moked.people.models import Person

from .models import PortalLink

STAMP_SALT = "moked.portal-link.password"
LONGEST_SECRET = 100
# A new link is mailed on request at most this often per person and ticket.
RENEW_AFTER = timedelta(minutes=5)


def link_for(person: Person, ticket, *, at=None) -> str:
    """A new link for `person` to `ticket`: its absolute address (the secret is not kept)."""
    secret = secrets.token_urlsafe(32)
    now = at or timezone.now()
    PortalLink.objects.create(
        person=person,
        ticket=ticket,
        digest=_digest(secret),
        password_stamp=_password_stamp(person),
        created_at=now,
        expires_at=now + timedelta(days=settings.MOKED_MAGIC_LINK_DAYS),
    )
    return settings.MOKED_BASE_URL.rstrip("/") + reverse("portal-link", args=[secret])


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _password_stamp(person: Person) -> str:
    """Changes whenever the password does (set_password, an admin's reset, a disabled password)."""
    return salted_hmac(STAMP_SALT, person.password or "", algorithm="sha256").hexdigest()


def find(secret: str) -> PortalLink | None:
    """The link this secret belongs to, whatever its state; None for one Moked never issued."""
    if not secret or len(secret) > LONGEST_SECRET:
        return None
    return PortalLink.objects.select_related("person", "ticket").filter(digest=_digest(secret)).first()


def still_theirs(link: PortalLink) -> bool:
    """Whether the link's person may still open its ticket this way: an active client who may see it."""
    person = link.person
    return (
        person.is_active and person.is_client and rules.has_perm("tickets.view_ticket", person, link.ticket)
    )


def usable(link: PortalLink, now=None) -> bool:
    """Whether the link may still sign its person in."""
    now = now or timezone.now()
    return (
        link.used_at is None
        and link.expires_at > now
        and constant_time_compare(link.password_stamp, _password_stamp(link.person))
        and still_theirs(link)
    )


def spend(link: PortalLink) -> bool:
    """Use the link up; True for the one request that did (two presses at once: one wins)."""
    now = timezone.now()
    if not usable(link, now):
        return False
    spent = PortalLink.objects.filter(pk=link.pk, used_at__isnull=True, expires_at__gt=now).update(
        used_at=now
    )
    return spent == 1


def issued_lately(person: Person, ticket) -> bool:
    """Whether `person` was given a link to `ticket` in the last RENEW_AFTER (so no new one yet)."""
    return PortalLink.objects.filter(
        person=person, ticket=ticket, created_at__gt=timezone.now() - RENEW_AFTER
    ).exists()
