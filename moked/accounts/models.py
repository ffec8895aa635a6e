from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moked.people.models import Person
from moked.tickets.models import Ticket


class PortalLink(models.Model):
    """A link in a mail to a client that signs them in once, to open one ticket (moked.accounts.portal_links).

    Only a digest of the link's secret is kept, so the table does not hold working links. The
    link dies when used, when it expires, and when the person's password changes.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("person"))
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+", verbose_name=_("ticket"))
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    password_stamp = models.CharField(_("password stamp"), max_length=64)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        db_table = "web_portallink"  # made by the pages' app, which had the links first
        verbose_name = _("portal link")
        verbose_name_plural = _("portal links")
        indexes = [
            models.Index(fields=["expires_at"], name="portal_link_expiry"),
            models.Index(fields=["person", "ticket", "-created_at"], name="portal_link_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.ticket}"
