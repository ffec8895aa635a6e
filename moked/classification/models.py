"""Trained models, each organisation's settings per field, and the predictions made for tickets."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moked.tenancy.models import Organisation
from moked.tickets.models import Ticket


class PredictedField(models.TextChoices):
    """The ticket fields classification learns, by their names on the ticket."""

    TICKET_TYPE = "ticket_type", _("Type")
    CATEGORY = "category", _("Category")
    SERVICE = "service", _("Service")
    GROUP = "group", _("Group")
    IMPACT = "impact", _("Impact")
    URGENCY = "urgency", _("Urgency")


class ClassifierModel(models.Model):
    """One trained version of an organisation's models (or the provider-wide one, organisation
    empty), its file in Django's storage and its evaluation on the most recent tickets."""

    class State(models.TextChoices):
        ACTIVE = "active", _("In use")
        REPLACED = "replaced", _("Replaced")
        REJECTED = "rejected", _("Rejected: worse than the model in use")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="classifier_models",
        verbose_name=_("organisation"),
        help_text=_("Empty: the provider-wide model, for organisations with little history."),
    )
    version = models.PositiveIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=16, choices=State)
    file = models.CharField(_("file"), max_length=300, help_text=_("Its name in the file storage."))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    trained_at = models.DateTimeField(_("trained"), default=timezone.now)
    training_seconds = models.FloatField(_("training time (seconds)"), default=0)
    tickets = models.PositiveIntegerField(_("tickets learnt from"), default=0)
    newest_ticket_at = models.DateTimeField(_("newest ticket resolved"), null=True, blank=True)
    # {field: FieldEvaluation.as_dict()} for each field learnt; fields not learnt are in `skipped`.
    evaluation = models.JSONField(_("evaluation"), default=dict)
    skipped = models.JSONField(_("fields not learnt"), default=dict)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("classifier model")
        verbose_name_plural = _("classifier models")
        ordering = ["-trained_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version"], name="classifier_model_version_unique"
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(state="active"),
                name="classifier_model_one_active",
            ),
            # NULLs are distinct in a unique index: the provider-wide model needs its own.
            models.UniqueConstraint(
                fields=["state"],
                condition=models.Q(state="active", organisation__isnull=True),
                name="classifier_model_one_active_provider_wide",
            ),
        ]

    def __str__(self) -> str:
        owner = self.organisation.code if self.organisation_id else _("provider-wide")
        return f"{owner} v{self.version}"


class FieldSetting(models.Model):
    """What classification does with one field of one organisation's new tickets."""

    class Mode(models.TextChoices):
        OFF = "off", _("Off")
        SUGGEST = "suggest", _("Suggest to agents")
        AUTO = "auto", _("Set automatically above the threshold")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="classification_settings",
        verbose_name=_("organisation"),
    )
    field = models.CharField(_("field"), max_length=16, choices=PredictedField)
    mode = models.CharField(_("mode"), max_length=8, choices=Mode, default=Mode.SUGGEST)
    target_precision = models.DecimalField(
        _("target precision"),
        max_digits=3,
        decimal_places=2,
        default=0.95,
        validators=[MinValueValidator(0.5), MaxValueValidator(0.99)],
        help_text=_(
            "Automatic mode acts only at confidences that were at least this often right on recent tickets."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("classification setting")
        verbose_name_plural = _("classification settings")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "field"], name="classification_setting_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation.code} {self.field}: {self.mode}"


class TicketPrediction(models.Model):
    """What a model predicted for one field of a new ticket, what became of it, and whether the
    final value (when the ticket was resolved) agreed."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Not yet known")
        RIGHT = "right", _("Right")
        WRONG = "wrong", _("Wrong")

    # Rows are written as every ticket is opened: no index beyond those the reads need (a
    # ticket's rows by the unique constraint, an organisation's by `prediction_figures`).
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="predictions", verbose_name=_("ticket"), db_index=False
    )
    # Denormalised from the ticket: the figures are counted per organisation and field.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
        db_index=False,
    )
    field = models.CharField(_("field"), max_length=16, choices=PredictedField)
    # Models and people are deleted rarely, if ever (a person who accepted has an event, which
    # protects them): such a deletion may read the whole table rather than every ticket's
    # opening write an index for it. The model is not a constraint of the database: a process
    # may predict with a model deleted a moment ago (it keeps its models in use for a while,
    # `process_cache`), and the ticket must still be opened; the reference is then left dangling.
    model = models.ForeignKey(
        ClassifierModel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predictions",
        verbose_name=_("model"),
        db_index=False,
        db_constraint=False,
    )
    value = models.CharField(_("predicted value"), max_length=64)
    confidence = models.FloatField(_("confidence"))
    # The next likeliest values, [[value, confidence], ...], shown beside the first.
    alternatives = models.JSONField(_("alternatives"), default=list, blank=True)
    mode = models.CharField(_("mode"), max_length=8, choices=FieldSetting.Mode)
    threshold = models.FloatField(_("threshold"), null=True, blank=True)
    applied = models.BooleanField(_("set automatically"), default=False)
    created_at = models.DateTimeField(_("predicted"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    corrected_value = models.CharField(_("corrected to"), max_length=64, blank=True)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome, default=Outcome.PENDING)
    final_value = models.CharField(_("final value"), max_length=64, blank=True)
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)

    class Meta:
        verbose_name = _("ticket prediction")
        verbose_name_plural = _("ticket predictions")
        constraints = [models.UniqueConstraint(fields=["ticket", "field"], name="ticket_prediction_unique")]
        indexes = [models.Index(fields=["organisation", "field", "created_at"], name="prediction_figures")]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.field}={self.value} ({self.confidence:.2f})"

    @property
    def model_version(self) -> int | None:
        """The version of the model that predicted, None when it has since been deleted."""
        if self.model_id is None:
            return None
        try:
            return self.model.version
        except ClassifierModel.DoesNotExist:
            return None

    @property
    def above_threshold(self) -> bool:
        return self.threshold is not None and self.confidence >= self.threshold
