from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from moked.businesstime.models import Calendar
from moked.catalog.models import Service
from moked.people.models import SupportGroup
from moked.tenancy.models import Organisation
from moked.tickets import lifecycle
from moked.tickets.models import Priority, Ticket, TicketType

DEFAULT_PAUSE_STATUSES = [lifecycle.PENDING_CUSTOMER, lifecycle.PENDING_THIRD_PARTY]


def default_pause_statuses() -> list[str]:
    return list(DEFAULT_PAUSE_STATUSES)


class SlaPolicy(models.Model):
    """Targets for first response, next response and resolution, counted on a calendar.

    The policy for a ticket is the most specific active one that matches it: the organisation's
    own before the provider's defaults, then one for the ticket's service, then for its type,
    then for its priority.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sla_policies",
        verbose_name=_("organisation"),
        help_text=_("Empty: a provider default for organisations without their own."),
    )
    name = models.CharField(_("name"), max_length=100)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority, null=True, blank=True, help_text=_("Empty: any priority.")
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sla_policies",
        verbose_name=_("service"),
        help_text=_("Empty: any service."),
    )
    ticket_type = models.CharField(
        _("ticket type"), max_length=24, choices=TicketType, blank=True, help_text=_("Empty: any type.")
    )
    calendar = models.ForeignKey(
        Calendar, on_delete=models.PROTECT, related_name="policies", verbose_name=_("calendar")
    )
    first_response_minutes = models.PositiveIntegerField(
        _("first response (business minutes)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    next_response_minutes = models.PositiveIntegerField(
        _("next response (business minutes)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    resolution_minutes = models.PositiveIntegerField(
        _("resolution (business minutes)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    warning_percent = models.PositiveSmallIntegerField(
        _("warn at (percentage of the target)"),
        default=75,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
    )
    pause_statuses = models.JSONField(
        _("paused while"),
        default=default_pause_statuses,
        blank=True,
        help_text=_("Statuses in which the clocks stop counting."),
    )
    escalation_group = models.ForeignKey(
        SupportGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("escalate breaches to"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ["organisation__name", "priority", "name"]

    def __str__(self) -> str:
        return self.name

    def target(self, kind: str) -> int | None:
        return getattr(self, f"{kind}_minutes")

    def clean(self):
        errors = {}
        if not (self.first_response_minutes or self.next_response_minutes or self.resolution_minutes):
            errors["resolution_minutes"] = _("Set at least one target.")
        if self.service_id and self.service.organisation_id != self.organisation_id:
            errors["service"] = _("The service belongs to another organisation.")
        if self.calendar_id and self.calendar.organisation_id not in (None, self.organisation_id):
            errors["calendar"] = _("The calendar belongs to another organisation.")
        allowed = lifecycle.OPEN_STATUSES - {lifecycle.NEW}
        if not isinstance(self.pause_statuses, list) or not set(self.pause_statuses) <= allowed:
            errors["pause_statuses"] = _("Pause only in open statuses other than new: %(statuses)s.") % {
                "statuses": ", ".join(sorted(allowed))
            }
        if errors:
            raise ValidationError(errors)


class ClockKind(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("First response")
    NEXT_RESPONSE = "next_response", _("Next response")
    RESOLUTION = "resolution", _("Resolution")


class SlaClock(models.Model):
    """One SLA target of one ticket, counting in business minutes (see moked.sla.clock)."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        PAUSED = "paused", _("Paused")
        STOPPED = "stopped", _("Stopped")

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="sla_clocks", verbose_name=_("ticket")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ClockKind)
    sequence = models.PositiveIntegerField(_("cycle"), default=0, help_text=_("Next responses count up."))
    policy = models.ForeignKey(
        SlaPolicy, on_delete=models.PROTECT, related_name="clocks", verbose_name=_("policy")
    )
    always_open = models.BooleanField(_("24x7"), default=False, help_text=_("The service is covered 24x7."))
    target_minutes = models.PositiveIntegerField(_("target (business minutes)"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.RUNNING)
    started_at = models.DateTimeField(_("started"))
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)
    elapsed_minutes = models.FloatField(_("elapsed (business minutes)"), default=0.0)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    warned_at = models.DateTimeField(_("warned"), null=True, blank=True)
    breached_at = models.DateTimeField(_("breached"), null=True, blank=True)
    next_check_at = models.DateTimeField(_("next check"), null=True, blank=True)

    class Meta:
        verbose_name = _("SLA clock")
        verbose_name_plural = _("SLA clocks")
        ordering = ["ticket", "kind", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "kind", "sequence"], name="unique_clock_per_cycle")
        ]
        indexes = [
            models.Index(fields=["next_check_at"], name="slaclock_next_check"),
            models.Index(fields=["kind", "stopped_at"], name="slaclock_kind_stopped"),
            models.Index(fields=["kind", "breached_at"], name="slaclock_kind_breached"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind} #{self.sequence}"

    @property
    def state(self) -> str:
        """running, paused, met or breached: a breach stays a breach, even after the clock stops."""
        if self.breached_at is not None:
            return "breached"
        if self.status == self.Status.STOPPED:
            return "met"
        return self.status


class SlaSegment(models.Model):
    """A stretch of a clock: counting or paused, and what began it."""

    clock = models.ForeignKey(
        SlaClock, on_delete=models.CASCADE, related_name="segments", verbose_name=_("clock")
    )
    started_at = models.DateTimeField(_("from"))
    ended_at = models.DateTimeField(_("to"), null=True, blank=True)
    counting = models.BooleanField(_("counting"))
    reason = models.CharField(_("because"), max_length=40, help_text=_("The status or event that began it."))

    class Meta:
        verbose_name = _("SLA clock segment")
        verbose_name_plural = _("SLA clock segments")
        ordering = ["started_at", "id"]
        indexes = [models.Index(fields=["clock", "started_at"], name="slasegment_clock")]

    def __str__(self) -> str:
        return f"{self.clock_id} {self.started_at:%Y-%m-%d %H:%M} {'counting' if self.counting else 'paused'}"
