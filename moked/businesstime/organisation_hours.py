"""An organisation's office hours, as the rules' business-hours facts and the approvals' reminders
and expiry count them."""

from functools import lru_cache

from .country_calendars import country_calendar
from .models import Calendar


def organisation_calendar(organisation):
    """The organisation's office hours: its first own calendar that is not 24x7, else its
    country's default hours and holidays."""
    own = (
        Calendar.objects.filter(organisation=organisation, always_open=False)
        .prefetch_related("exceptions")
        .order_by("pk")
        .first()
    )
    if own is not None:
        return own.business_calendar()
    return _country_calendar(organisation.country, organisation.timezone)


@lru_cache(maxsize=64)
def _country_calendar(country: str, zone: str):
    return country_calendar(country, timezone=zone)
