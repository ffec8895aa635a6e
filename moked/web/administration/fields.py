"""Form fields the administration pages share: time zones, and lists typed as words."""

import re
import zoneinfo
from functools import cache

from django import forms
from django.utils.translation import gettext_lazy as _

from .places import time_zone_label

_SEPARATORS = re.compile(r"[\s,،;]+")  # commas of any script, semicolons and spaces


# Zones named by a place; the rest of the database (US/Eastern, Iran, EET, GMT+0...) are old
# aliases of these, which only make the list longer.
_AREAS = ("Africa/", "America/", "Antarctica/", "Arctic/", "Asia/", "Atlantic/", "Australia/", "Europe/")
_AREAS += ("Indian/", "Pacific/")


@cache
def _time_zones() -> tuple[str, ...]:
    return ("UTC", *sorted(zone for zone in zoneinfo.available_timezones() if zone.startswith(_AREAS)))


class TimeZoneField(forms.ChoiceField):
    """An IANA time zone picked from a list; `blank_label`, when given, offers no zone at all."""

    def __init__(self, *, blank_label=None, **kwargs):
        def choices():  # named in the language of the page being drawn
            named = [(zone, time_zone_label(zone)) for zone in _time_zones()]
            return named if blank_label is None else [("", blank_label), *named]

        if blank_label is not None:
            kwargs.setdefault("required", False)
        super().__init__(choices=choices, **kwargs)


class WordListField(forms.CharField):
    """Words typed in one box, separated by commas, spaces or new lines; cleaned to a list in the
    order typed, without repeats. Whether each word is acceptable is for the service to say."""

    def __init__(self, *, lower=False, **kwargs):
        self.lower = lower
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Separate them with commas or spaces."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value)
        words = [word.lower() if self.lower else word for word in _SEPARATORS.split(text) if word]
        return list(dict.fromkeys(words))
