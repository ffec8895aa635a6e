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
