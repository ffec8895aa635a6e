"""Configuring business calendars: the provider's admins only."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from moked.people.permissions import require
from moked.records import save_changes, save_new

from . import calendars
from .country_calendars import default_weekly_hours
from .models import Calendar, CalendarException


def _require_admin(actor) -> None:
    require(actor, "businesstime.configure", message=_("Only admins configure calendars and SLA policies."))


def _hours_as_json(weekly: dict) -> dict:
    return {str(day): [list(interval) for interval in intervals] for day, intervals in sorted(weekly.items())}


def _with_defaults(fields: dict) -> dict:
    """An organisation's calendar takes its time zone and country, and the country's office hours."""
    fields = dict(fields)
    organisation = fields.get("organisation")
    if organisation is not None:
        fields.setdefault("timezone", organisation.timezone)
        fields.setdefault("country", organisation.country)
    if not fields.get("weekly_hours") and not fields.get("always_open") and fields.get("country"):
        try:
            fields["weekly_hours"] = _hours_as_json(default_weekly_hours(fields["country"]))
        except ValueError:
            pass  # not a country: the model's validation says so, in the client's language
    return fields


def _replace_exceptions(calendar: Calendar, exceptions: list[dict]) -> None:
    records = [
        CalendarException(calendar=calendar, date=e["date"], hours=e.get("hours", []), note=e.get("note", ""))
        for e in exceptions
    ]
    dates = [record.date for record in records]
    if len(set(dates)) != len(dates):
        raise ValidationError({"exceptions": _("Each date may appear once.")})
    try:
        calendars.build(calendar, exceptions=records)
    except ValueError as error:
        raise ValidationError({"exceptions": str(error)}) from error
    calendar.exceptions.all().delete()
    CalendarException.objects.bulk_create(records)


def create_calendar(actor, *, exceptions=(), **fields) -> Calendar:
    _require_admin(actor)
    with transaction.atomic():
        calendar = save_new(Calendar, _with_defaults(fields))
        _replace_exceptions(calendar, list(exceptions))
    return calendar


def update_calendar(actor, calendar: Calendar, changes: dict) -> Calendar:
    """Change a calendar; `exceptions`, when given, replaces the calendar's list of exceptions.
    Clocks counted on it are recomputed on their next change or check."""
    _require_admin(actor)
    changes = dict(changes)
    exceptions = changes.pop("exceptions", None)
    if "organisation" in changes and getattr(changes["organisation"], "pk", None) != calendar.organisation_id:
        if calendar.policies.exists():
            raise ValidationError(
                {"organisation": _("A calendar in use cannot move to another organisation.")}
            )

    def after_save(saved):
        if exceptions is not None:
            _replace_exceptions(saved, list(exceptions))

    return save_changes(calendar, changes, after_save=after_save)


def delete_calendar(actor, calendar: Calendar) -> None:
    """Delete a calendar nothing counts on; refuses (ValidationError, code in_use) while SLA
    policies or agents' working hours use it."""
    _require_admin(actor)
    if calendar.policies.exists():
        raise ValidationError(
            _("Policies count on this calendar: give them another calendar first."), code="in_use"
        )
    try:
        calendar.delete()
    except ProtectedError as error:
        raise ValidationError(
            _("Agents' working hours follow this calendar: give them another calendar first."),
            code="in_use",
        ) from error
