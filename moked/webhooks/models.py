import secrets

from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moked.encryption import EncryptedTextField
from moked.tenancy.models import Organisation
from moked.tickets.models import EventKind, Ticket


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Webhook(models.Model):
    """An address that is sent the ticket events it subscribes to, and what rules send it."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="webhooks",
        verbose_name=_("organisation"),
        help_text=_("Empty: the tickets of every organisation."),
    )
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("URL"), max_length=1000, validators=[URLValidator(schemes=["http", "https"])])
    secret = EncryptedTextField(_("secret"), default=new_secret)
    events = models.JSONField(
        _("events"),
        default=list,
        blank=True,
        help_text=_("Ticket event kinds to send; empty: only what rules send."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext

        from moked import network

        try:
            network.check_url(self.url)
        except network.AddressRefused as refused:
            raise ValidationError({"url": str(refused)}) from None
        if not isinstance(self.events, list) or any(kind not in EventKind.values for kind in self.events):
            raise ValidationError(
                {
                    "events": gettext("Events are a list of: %(kinds)s.")
                    % {"kinds": ", ".join(EventKind.values)}
                }
            )


class WebhookDelivery(models.Model):
    """One message to a webhook and its attempts: pending until delivered or failed for good."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    event = models.CharField(_("event"), max_length=40)
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    response_body = models.TextField(_("response"), blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.webhook} #{self.pk} {self.status}"
