"""Filters shared by the API's lists."""

from datetime import UTC

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _


class UtcIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 instant, turned to UTC: PostgreSQL refuses offsets beyond ±15:59, which ISO
    8601 allows, and an instant that cannot be written in UTC is a bad one."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None or moment.tzinfo is None:
            return moment
        try:
            return moment.astimezone(UTC)
        except OverflowError:
            raise forms.ValidationError(
                _("This date and time is out of range."), code="out_of_range"
            ) from None


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class StrictBooleanField(forms.NullBooleanField):
    """true or false (also 1/0, yes/no); anything else is an error, not "no filter": a client
    asking for ?open=maybe would otherwise be given every ticket."""

    widget = forms.TextInput
    _VALUES = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return self._VALUES[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError(_("Enter true or false."), code="invalid") from None

    def validate(self, value):
        pass


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField
