"""Links in the mail Moked sends to requesters that open their request without a password:
signed for one person and one ticket, and valid for MOKED_MAGIC_LINK_DAYS days."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from moked.people.models import Person

SALT = "moked.portal.magic-link"


def link_for(person: Person, ticket) -> str:
    """The absolute address of the link for `person` to `ticket` (their own, or one they follow)."""
    token = signing.dumps({"person": person.pk, "ticket": ticket.reference}, salt=SALT, compress=True)
    return settings.MOKED_BASE_URL.rstrip("/") + reverse("portal-link", args=[token])


def read(token: str) -> tuple[Person, str] | None:
    """The active client and the ticket reference a link names, or None when it is forged,
    expired or names someone who may no longer sign in this way (staff never may)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.MOKED_MAGIC_LINK_DAYS * 24 * 3600)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    person = Person.objects.filter(pk=data.get("person"), is_active=True).first()
    if person is None or not person.is_client:
        return None
    return person, str(data.get("ticket", ""))
