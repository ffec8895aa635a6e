from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moked.people.models import Person
from moked.tickets.models import Ticket


class NotificationKind(models.TextChoices):
    SLA_WARNING = "sla_warning", _("SLA warning")
    SLA_BREACHED = "sla_breached", _("SLA breached")
    # Recorded by approvals: a decision asked of an approver, a reminder of it, and the requester
    # told that their request was not approved.
    APPROVAL_REQUEST = "approval_request", _("Approval requested")
    APPROVAL_REMINDER = "approval_reminder", _("Approval reminder")
    APPROVAL_REJECTED = "approval_rejected", _("Request not approved")
    # Recorded by fulfilment: the one-time link to a new temporary password (never the password).
    ONE_TIME_SECRET = "one_time_secret", _("One-time password link")


class Notification(models.Model):
    """A message for one person, written in their language when it was recorded."""

    Kind = NotificationKind

    recipient = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    ticket = models.ForeignKey(
        Ticket,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("ticket"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
            models.Index(fields=["sent_at", "created_at"], name="notification_unsent"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"
