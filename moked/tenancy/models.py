from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import priority
from .validators import (
    validate_country,
    validate_email_domain,
    validate_organisation_tags,
    validate_priority_matrix,
    validate_timezone,
)


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    HEBREW = "he", _("Hebrew")
    PERSIAN = "fa", _("Persian")
    FINNISH = "fi", _("Finnish")


class Organisation(models.Model):
    """A client organisation (tenant) of the support provider."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")

    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("code"),
        max_length=16,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z0-9][A-Z0-9_-]{1,15}$",
                _("Use 2 to 16 capital letters, digits, hyphens or underscores, such as ACME."),
                code="invalid_code",
            )
        ],
        help_text=_("Short code shown beside tickets, such as ACME."),
    )
    language = models.CharField(
        _("default language"), max_length=8, choices=Language, default=Language.ENGLISH
    )
    timezone = models.CharField(_("time zone"), max_length=64, validators=[validate_timezone])
    country = models.CharField(
        _("country"),
        max_length=2,
        validators=[validate_country],
        help_text=_("ISO 3166 code; decides public holidays and weekend days."),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.ACTIVE)
    reopen_window_days = models.PositiveSmallIntegerField(
        _("reopen window (days)"),
        default=14,
        validators=[MaxValueValidator(365)],
        help_text=_("A closed ticket can be reopened for this many days after it was closed."),
    )
    priority_matrix = models.JSONField(
        _("priority matrix"),
        null=True,
        blank=True,
        validators=[validate_priority_matrix],
        help_text=_("Overrides the provider's impact × urgency matrix; empty uses the default."),
    )
    auto_create_requesters = models.BooleanField(
        _("create requesters from e-mail domains"),
        default=True,
        help_text=_(
            "An unknown sender whose address is in one of the organisation's domains "
            "becomes an end user of it."
        ),
    )
    articles_in_acknowledgement = models.BooleanField(
        _("suggest articles in the acknowledgement"),
        default=False,
        help_text=_(
            "The acknowledgement of a new e-mail request lists up to three knowledge base "
            "articles that may answer it, in the requester's language."
        ),
    )
    tags = models.JSONField(
        _("tags"),
        default=list,
        blank=True,
        validators=[validate_organisation_tags],
        help_text=_("Labels that rules can test, such as vip or gold-contract."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        # Lists of tickets sorted by organisation read the organisations in this order, and each
        # one's open tickets from the index over them (moked/workspace/paging.py).
        indexes = [models.Index(fields=["name"], name="organisation_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def priority_for(self, impact: int, urgency: int) -> int:
        return priority.priority_for(impact, urgency, self.priority_matrix)


class EmailDomain(models.Model):
    """An e-mail domain whose senders belong to an organisation; a domain has one owner."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="email_domains", verbose_name=_("organisation")
    )
    domain = models.CharField(
        _("domain"),
        max_length=253,
        unique=True,
        validators=[validate_email_domain],
        error_messages={"unique": _("This domain already belongs to an organisation.")},
    )

    class Meta:
        verbose_name = _("e-mail domain")
        verbose_name_plural = _("e-mail domains")
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain

    def save(self, *args, **kwargs):
        self.clean()
        super().save(*args, **kwargs)

    def clean(self):
        self.domain = self.domain.strip().lower()
