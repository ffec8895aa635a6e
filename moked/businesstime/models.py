from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from moked.tenancy.models import Organisation
from moked.tenancy.validators import validate_country, validate_timezone

from . import calendars


class Calendar(models.Model):
    """When business hours run: weekly hours in a time zone, a country's public holidays, exceptions."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendars",
        verbose_name=_("organisation"),
        help_text=_("Empty: the provider's own, usable for every organisation."),
    )
    name = models.CharField(_("name"), max_length=100)
    timezone = models.CharField(_("time zone"), max_length=64, validators=[validate_timezone])
    always_open = models.BooleanField(
        _("24x7"), default=False, help_text=_("Every hour of every day counts.")
    )
    country = models.CharField(
        _("public holidays of"),
        max_length=2,
        blank=True,
        validators=[validate_country],
        help_text=_("ISO 3166 country whose public holidays are closed; empty for none."),
    )
    subdivision = models.CharField(
        _("region"), max_length=10, blank=True, help_text=_("For regional holidays.")
    )
    weekly_hours = models.JSONField(
        _("weekly hours"),
        default=dict,
        blank=True,
        help_text=_(
            'Per weekday (0 = Monday) a list of ["HH:MM", "HH:MM"] intervals, e.g. {"0": [["08:00", '
            '"12:00"], ["13:00", "17:00"]]}.'
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")
        ordering = ["name"]
        db_table = "sla_calendar"  # moved from the sla app with its table (migration businesstime 0001)

    def __str__(self) -> str:
        return self.name

    def clean(self):
        try:
            calendars.build(self, exceptions=[])
        except ValueError as error:
            raise ValidationError(
                {
                    "weekly_hours": ValidationError(
                        _("These hours are not valid: %(problem)s"),
                        code="invalid_hours",
                        params={"problem": str(error)},
                    )
                }
            ) from error

    def business_calendar(self):
        """The pure BusinessCalendar of this configuration (cached until the calendar changes)."""
        return calendars.business_calendar(self)


class CalendarException(models.Model):
    """A date with its own hours (a working Saturday, a short eve) or closed (empty hours)."""

    calendar = models.ForeignKey(
        Calendar, on_delete=models.CASCADE, related_name="exceptions", verbose_name=_("calendar")
    )
    date = models.DateField(_("date"))
    hours = models.JSONField(_("hours"), default=list, blank=True, help_text=_("Empty: closed all day."))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["date"]
        db_table = "sla_calendarexception"
        constraints = [models.UniqueConstraint(fields=["calendar", "date"], name="unique_exception_per_date")]

    def __str__(self) -> str:
        return f"{self.date}: {self.note or self.hours or _('closed')}"
