"""The forms of the calendar pages: a calendar's settings, and one exception (a date closed all day,
or with hours of its own). Weekly hours have their own editor in weekly_hours."""

import re
from functools import cache

import holidays as holidays_package
from django import forms
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..common.forms import BootstrapForm
from .fields import TimeZoneField
from .places import country_name
from .weekly_hours import parse_intervals

CLOSED_ALL_DAY, SPECIAL_HOURS = "closed", "hours"
_WORD_START = re.compile(r"(?<=[a-z])(?=[A-Z])")


def country_choices() -> tuple[tuple[str, str], ...]:
    """Every country the holidays package knows, named in the reader's language, in its order."""
    return _country_choices(translation.get_language() or "en")


@cache
def _country_choices(language: str) -> tuple[tuple[str, str], ...]:
    named = [
        (
            entry[1],
            country_name(entry[1]) if entry[1] != country_name(entry[1]) else _WORD_START.sub(" ", entry[0]),
        )
        for entry in holidays_package.registry.COUNTRIES.values()
        if entry[1] in holidays_package.list_supported_countries()
    ]
    return tuple((code, f"{name} ({code})") for code, name in sorted(named, key=lambda pair: pair[1]))


@cache
def subdivision_choices(country: str) -> tuple[tuple[str, str], ...]:
    """The regions of `country` with their own holidays; none for a country the package lacks."""
    if country not in holidays_package.list_supported_countries():
        return ()
    calendar = holidays_package.country_holidays(country)
    names = {}
    for name, code in getattr(calendar, "subdivisions_aliases", {}).items():
        names.setdefault(code, name)
    return tuple(
        (code, f"{names[code]} ({code})" if code in names else code) for code in calendar.subdivisions
    )


class CalendarForm(BootstrapForm):
    """A calendar's name, owner, time zone, public holidays and 24x7 switch."""

    name = forms.CharField(label=_("Name"), max_length=100)
    organisation = forms.ChoiceField(
        label=_("Organisation"),
        required=False,
        help_text=_("The provider's own calendar may serve every organisation."),
    )
    timezone = TimeZoneField(label=_("Time zone"), blank_label="—", required=True)
    country = forms.ChoiceField(
        label=_("Public holidays of"),
        required=False,
        help_text=_("The calendar is closed on this country's public holidays."),
    )
    subdivision = forms.ChoiceField(label=_("Region"), required=False, help_text=_("For regional holidays."))
    always_open = forms.BooleanField(
        label=_("Open around the clock (24x7)"),
        required=False,
        help_text=_("Every hour of every day counts: weekly hours and holidays do not apply."),
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(organisation.pk): organisation for organisation in organisations}
        self.fields["organisation"].choices = [("", _("The provider (every organisation)"))] + [
            (key, organisation.name) for key, organisation in self.organisations.items()
        ]
        self.fields["country"].choices = [("", _("None")), *country_choices()]
        self.fields["country"].widget.attrs.update(
            {
                "hx-get": reverse_lazy("administration-calendar-subdivisions"),
                "hx-target": "#id_subdivision",
                "hx-swap": "outerHTML",
            }
        )
        # Only the regions of the country chosen are valid choices.
        country = (self.data.get("country") if self.is_bound else self.initial.get("country")) or ""
        self.fields["subdivision"].choices = regions(country)

    def clean_organisation(self):
        return self.organisations.get(self.cleaned_data["organisation"])


def regions(country: str) -> list[tuple[str, str]]:
    return [("", _("The whole country")), *subdivision_choices(country)]


class ExceptionForm(BootstrapForm):
    """One date with its own hours, overriding the weekly hours and any holiday on it."""

    prefix = "exception"

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    kind = forms.ChoiceField(
        label=_("That day"),
        choices=[(CLOSED_ALL_DAY, _("Closed all day")), (SPECIAL_HOURS, _("Open these hours only"))],
        initial=CLOSED_ALL_DAY,
    )
    opens = forms.CharField(label=_("Opens"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    closes = forms.CharField(
        label=_("Closes"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("00:00 is midnight."),
    )
    reopens = forms.CharField(
        label=_("Opens again (optional)"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    closes_again = forms.CharField(
        label=_("Closes again"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean(self):
        cleaned = super().clean()
        cleaned["hours"] = []
        if cleaned.get("kind") != SPECIAL_HOURS:
            return cleaned
        typed = [
            (cleaned.get(start, "").strip(), cleaned.get(end, "").strip())
            for start, end in (("opens", "closes"), ("reopens", "closes_again"))
        ]
        hours, errors = parse_intervals([pair for pair in typed if any(pair)])
        if not hours and not errors:
            errors = [_("Give the hours of that day, or choose closed all day.")]
        for error in errors:
            self.add_error("opens", error)
        cleaned["hours"] = hours
        return cleaned
