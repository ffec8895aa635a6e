"""Date filters for automation texts: {{ due|business_days:5 }}, {{ now|business_hours:4 }}."""

from django import template
from django.utils import formats

register = template.Library()

# Far enough for any promise to a customer; further would cost a worker seconds per placeholder.
MAX_BUSINESS_DAYS = 1000
MAX_BUSINESS_HOURS = 10_000


@register.filter
def business_days(instant, days):
    """The date `days` business days after the instant, on the organisation's calendar."""
    try:
        days = int(days)
        if days > MAX_BUSINESS_DAYS:
            raise ValueError(days)
        return _date(instant, instant.add_business_days(days))
    except (AttributeError, TypeError, ValueError):  # not an instant, or not a number of days
        return ""


@register.filter
def business_hours(instant, hours):
    """The date and time `hours` business hours after the instant."""
    try:
        hours = float(hours)
        if abs(hours) > MAX_BUSINESS_HOURS:
            raise ValueError(hours)
        due = instant.add_business_hours(hours)
    except (AttributeError, TypeError, ValueError):
        return ""
    return formats.date_format(instant.local(due), "DATETIME_FORMAT")


def _date(instant, due) -> str:
    return formats.date_format(instant.local(due), "DATE_FORMAT")
