from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moked.encryption import EncryptedTextField
from moked.notifications.models import Notification
from moked.people import addresses
from moked.people.fields import EmailAddressField
from moked.tenancy.models import Organisation
from moked.tickets.models import Comment, Ticket


class Mailbox(models.Model):
    """An address an organisation's people write to; its mail arrives by SMTP, the mail gate or IMAP."""

    class UnknownSenders(models.TextChoices):
        QUARANTINE = "quarantine", _("Keep for an admin to look at")
        REJECT = "reject", _("Reject")
        CREATE = "create", _("Make them end users (a public help desk)")

    class Security(models.TextChoices):
        SSL = "ssl", _("SSL/TLS")
        STARTTLS = "starttls", _("STARTTLS")
        NONE = "none", _("None (test servers only)")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="mailboxes", verbose_name=_("organisation")
    )
    address = EmailAddressField(
        _("address"), unique=True, error_messages={"unique": _("Another mailbox has this address.")}
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    unknown_senders = models.CharField(
        _("unknown senders"),
        max_length=16,
        choices=UnknownSenders,
        default=UnknownSenders.QUARANTINE,
        help_text=_(
            "For senders outside the organisation's e-mail domains (or when it creates no requesters)."
        ),
    )
    sender_limit_per_hour = models.PositiveIntegerField(
        _("messages per sender per hour"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(10_000)],
        help_text=_("More than this from one sender is rejected: it stops mail loops and floods."),
    )
    tagged_reply_address = models.BooleanField(
        _("per-ticket reply address"),
        default=True,
        help_text=_(
            "Notifications ask for replies to address+INC-000123@domain, which threads them for sure."
        ),
    )
    imap_host = models.CharField(_("IMAP server"), max_length=255, blank=True)
    imap_port = models.PositiveIntegerField(
        _("IMAP port"), default=993, validators=[MaxValueValidator(65535)]
    )
    imap_security = models.CharField(
        _("IMAP security"), max_length=10, choices=Security, default=Security.SSL
    )
    imap_username = models.CharField(_("IMAP user"), max_length=255, blank=True)
    imap_password = EncryptedTextField(_("IMAP password"), blank=True)
    imap_folder = models.CharField(_("IMAP folder"), max_length=255, default="INBOX")
    imap_processed_folder = models.CharField(
        _("move taken messages to"),
        max_length=255,
        blank=True,
        default="Moked/Processed",
        help_text=_("Empty: leave them in place, flagged as seen."),
    )
    imap_uidvalidity = models.BigIntegerField(null=True, blank=True, editable=False)
    imap_last_uid = models.BigIntegerField(default=0, editable=False)
    imap_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True, editable=False)
    imap_error = models.TextField(_("last IMAP error"), blank=True, editable=False)

    class Meta:
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")
        ordering = ["address"]

    def __str__(self) -> str:
        return self.address

    def save(self, *args, **kwargs):
        self.address = addresses.canonical(self.address)
        super().save(*args, **kwargs)

    def clean(self):
        from moked import network

        try:
            network.check_host(self.imap_host)
        except network.AddressRefused as refused:
            raise ValidationError({"imap_host": str(refused)}) from None

    @property
    def polls_imap(self) -> bool:
        return bool(self.is_active and self.imap_host and self.imap_username)


class InboundMessage(models.Model):
    """A message as it arrived, stored before anything else is done with it, and what became of it."""

    class Source(models.TextChoices):
        IMAP = "imap", _("IMAP")
        SMTP = "smtp", _("SMTP")
        GATE = "gate", _("Mail gate")
        IMPORT = "import", _("Import of old mail")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received, not processed yet")
        PROCESSED = "processed", _("Processed")

    class Outcome(models.TextChoices):
        TICKET = "ticket", _("New ticket")
        REPLY = "reply", _("Added to a ticket")
        DUPLICATE = "duplicate", _("Duplicate")
        BOUNCE = "bounce", _("Bounce")
        AUTO_REPLY = "auto_reply", _("Automatic reply")
        REJECTED = "rejected", _("Rejected")
        QUARANTINE = "quarantine", _("Quarantined")
        DISCARDED = "discarded", _("Discarded")

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    raw = models.FileField(_("message"), upload_to="mail/inbound/", max_length=300)
    size = models.PositiveIntegerField(_("size (bytes)"))
    source = models.CharField(_("arrived by"), max_length=8, choices=Source)
    mailbox = models.ForeignKey(
        Mailbox,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("mailbox"),
    )
    envelope_to = models.CharField(_("to (envelope)"), max_length=320)
    envelope_from = models.CharField(_("from (envelope)"), max_length=320, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    # The message's own Date header (learnt by parsing): an import of old mail is counted by it.
    written_at = models.DateTimeField(_("written"), null=True, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=500, blank=True)
    sender = models.CharField(_("sender"), max_length=320, blank=True)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.RECEIVED)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    ticket = models.ForeignKey(
        Ticket,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbound_messages",
        verbose_name=_("ticket"),
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("comment")
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    # A quarantined message an admin decided to drop keeps its bytes: who dropped it, and when.
    discarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("discarded by"),
    )
    discarded_at = models.DateTimeField(_("discarded"), null=True, blank=True)

    class Meta:
        verbose_name = _("inbound message")
        verbose_name_plural = _("inbound messages")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["message_id"], name="inbound_message_id"),
            models.Index(fields=["outcome", "-received_at"], name="inbound_outcome"),
            models.Index(fields=["sender", "received_at"], name="inbound_sender_received"),
            models.Index(fields=["sender", "written_at"], name="inbound_sender_written"),
            models.Index(fields=["status"], name="inbound_status"),
        ]

    def __str__(self) -> str:
        return f"{self.sender}: {self.subject}"


class OutboundMessage(models.Model):
    """A message Moked sends: built and stored in the change's transaction, delivered by the worker."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Ticket received")
        REPLY = "reply", _("Reply")
        STATUS = "status", _("Status changed")
        RESOLVED = "resolved", _("Resolved")
        NOTIFICATION = "notification", _("Notification")
        AUTOMATIC = "automatic", _("Automatic message")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    ticket = models.ForeignKey(
        Ticket,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outbound_messages",
        verbose_name=_("ticket"),
    )
    notification = models.ForeignKey(
        Notification,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("notification"),
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("comment")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    from_address = models.CharField(_("from"), max_length=400)
    recipients = models.JSONField(_("to"), default=list)
    reply_to = models.CharField(_("reply to"), max_length=400, blank=True)
    subject = models.CharField(_("subject"), max_length=500)
    text = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=500, unique=True)
    in_reply_to = models.CharField(_("In-Reply-To"), max_length=500, blank=True)
    references = models.TextField(_("References"), blank=True)
    automatic = models.BooleanField(_("automatic"), default=True, help_text=_("Not written by a person."))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed by a worker"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    bounced_at = models.DateTimeField(_("bounced"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbound message")
        verbose_name_plural = _("outbound messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="outbound_status"),
            models.Index(fields=["ticket", "created_at"], name="outbound_ticket"),
        ]

    def __str__(self) -> str:
        return f"{', '.join(self.recipients)}: {self.subject}"
