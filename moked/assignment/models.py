from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moked.businesstime.models import Calendar
from moked.people.models import Person, SupportGroup
from moked.tickets.services import MAX_TAGS, normalise_tags


def normalise_skills(skills) -> list[str]:
    """Skills stored as ticket tags are (lower-case, hyphens for spaces, unique, sorted), so that
    they compare with a ticket's tags as they are; ValidationError on the `skills` field."""
    if not isinstance(skills, list | tuple) or not all(isinstance(skill, str) for skill in skills):
        raise ValidationError(
            {"skills": ValidationError(gettext("Skills are a list of tags."), code="invalid_skills")}
        )
    cleaned: set[str] = set()
    for skill in skills:
        try:
            cleaned.update(normalise_tags([skill]))
        except ValidationError as error:
            raise ValidationError({"skills": error.error_dict["tags"]}) from error
    if len(cleaned) > MAX_TAGS:
        raise ValidationError(
            {
                "skills": ValidationError(
                    gettext("An agent has at most %(max)d skills."),
                    code="too_many_skills",
                    params={"max": MAX_TAGS},
                )
            }
        )
    return sorted(cleaned)


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
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("last assigned"),
        help_text=_("Round robin goes on from the next agent after this one."),
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
        errors = {}
        if self.person_id and not self.person.is_staff_member:
            errors["person"] = gettext("Only the provider's staff take tickets.")
        try:
            self.skills = normalise_skills(self.skills if self.skills is not None else [])
        except ValidationError as error:
            errors.update(error.error_dict)
        if errors:
            raise ValidationError(errors)


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
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = gettext("An absence ends after it starts.")
        if self.person_id and not self.person.is_staff_member:
            errors["person"] = gettext("Only the provider's staff take tickets.")
        if errors:
            raise ValidationError(errors)
