from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moked.people.models import Person, SupportGroup
from moked.sla.models import Calendar


class Strategy(models.TextChoices):
    MANUAL = "manual", _("Manual: a person assigns")
    ROUND_ROBIN = "round_robin", _("Round robin")
    LEAST_OPEN = "least_open", _("Fewest open tickets")
    SKILLS = "skills", _("Skills matching the ticket's tags")


class GroupAssignment(models.Model):
    """How a group hands out its tickets; `last_assigned` is where round robin goes on from."""

    group = models.OneToOneField(
        SupportGroup, on_delete=models.CASCADE, related_name="assignment", verbose_name=_("group")
    )
    strategy = models.CharField(_("strategy"), max_length=16, choices=Strategy, default=Strategy.MANUAL)
    last_assigned = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("group assignment")
        verbose_name_plural = _("group assignments")

    def __str__(self) -> str:
        return f"{self.group}: {self.get_strategy_display()}"


class AgentProfile(models.Model):
    """What an agent is good at (tags) and when they work (a calendar; none: always on shift)."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="assignment_profile", verbose_name=_("agent")
    )
    skills = models.JSONField(
        _("skills"), default=list, blank=True, help_text=_("Tags of tickets they take.")
    )
    calendar = models.ForeignKey(
        Calendar,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("working hours"),
        help_text=_("Empty: on shift at any time."),
    )

    class Meta:
        verbose_name = _("agent profile")
        verbose_name_plural = _("agent profiles")

    def __str__(self) -> str:
        return str(self.person)

    def clean(self):
        if not self.person.is_staff_member:
            raise ValidationError({"person": gettext("Only the provider's staff take tickets.")})


class Absence(models.Model):
    """An agent away (leave, sickness, training): never given tickets in that time."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="absences", verbose_name=_("agent")
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["person", "ends_at"], name="absence_person_ends")]

    def __str__(self) -> str:
        return f"{self.person}: {self.starts_at:%Y-%m-%d} – {self.ends_at:%Y-%m-%d}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": gettext("An absence ends after it starts.")})
        if self.person_id and not self.person.is_staff_member:
            raise ValidationError({"person": gettext("Only the provider's staff take tickets.")})
