"""Date filters for automation texts: {{ due|business_days:5 }}, {{ now|business_hours:4 }}."""

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def business_days(instant, days):
    """The date `days` business days after the instant, on the organisation's calendar."""
    try:
        return _date(instant, instant.add_business_days(int(days)))
    except (AttributeError, TypeError, ValueError):  # not an instant, or not a number of days
        return ""


@register.filter
def business_hours(instant, hours):
    """The date and time `hours` business hours after the instant."""
    try:
        due = instant.add_business_hours(float(hours))
    except (AttributeError, TypeError, ValueError):
        return ""
    return formats.date_format(instant.local(due), "DATETIME_FORMAT")


def _date(instant, due) -> str:
    return formats.date_format(instant.local(due), "DATE_FORMAT")
