"""Mailing a client a new link to their request when the one they followed no longer works
(moked.accounts.portal_links issues and checks the links)."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from moked.accounts import portal_links
from moked.accounts.models import PortalLink

from . import outbound


def renew(link: PortalLink) -> bool:
    """Mail a new link to the same ticket to the person's own address (never anywhere else);
    False when they may no longer have one, or were sent one in the last RENEW_AFTER."""
    person, ticket = link.person, link.ticket
    if not (portal_links.still_theirs(link) and person.email):
        return False
    if portal_links.issued_lately(person, ticket):
        return False
    language = person.preferred_language
    with translation.override(language):
        subject = _("A new link to your request")
        text = _(
            "Hello %(name)s,\n\nhere is a new link to your request %(reference)s, as you asked. It "
            "opens the request once, within %(days)d days:\n\n%(link)s\n\nIf you did not ask for "
            "it, you can ignore this message."
        ) % {
            "name": person.name,
            "reference": ticket.reference,
            "days": settings.MOKED_MAGIC_LINK_DAYS,
            "link": portal_links.link_for(person, ticket),
        }
    outbound.queue_automatic_mail(ticket, person.email, language, subject, text)
    return True
