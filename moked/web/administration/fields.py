"""Form fields the administration pages share: time zones, and lists typed as words."""

import re
import zoneinfo
from functools import cache

from django import forms
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s,،;]+")  # commas of any script, semicolons and spaces


@cache
def _time_zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones() - {"localtime"}))


class TimeZoneField(forms.ChoiceField):
    """An IANA time zone picked from a list; `blank_label`, when given, offers no zone at all."""

    def __init__(self, *, blank_label=None, **kwargs):
        choices = [(zone, zone) for zone in _time_zones()]
        if blank_label is not None:
            choices.insert(0, ("", blank_label))
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
