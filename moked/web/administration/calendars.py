"""Business calendars: the list with whether each is open now, and a page per calendar for its time
zone, public holidays, weekly hours and exceptions (dates closed or with hours of their own), the
public holidays it will observe next, and deleting it once nothing counts on it.

Rows (hours intervals, exceptions) are added and removed with htmx where scripts run, and with
plain form posts where they do not.
"""

from datetime import date
from zoneinfo import ZoneInfo

from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from moked.assignment.calendar_usage import with_usage
from moked.businesstime.country_calendars import default_weekly_hours
from moked.businesstime.overview import open_state, upcoming_holidays
from moked.businesstime.selectors import visible_calendars
from moked.businesstime.services import create_calendar, delete_calendar, update_calendar
from moked.people.selectors import visible_organisations

from ..common import refusals
from ..common.saving import attempt
from . import weekly_hours
from .access import admin_page
from .calendar_forms import CalendarForm, ExceptionForm

SECTION = (_("Business calendars"), "administration-calendars")
# A new calendar starts with the most common office week; the country's own is one click away.
STARTING_HOURS = {str(weekday): [["09:00", "17:00"]] for weekday in range(5)}
UPCOMING_HOLIDAYS = 5


def _calendars(person):
    return with_usage(visible_calendars(person))


def _calendar_or_404(person, pk):
    calendar = _calendars(person).filter(pk=pk).first()
    if calendar is None:
        raise Http404
    return calendar


def _state(calendar, now):
    """Open or closed at `now`, or None for a configuration the calendar arithmetic refuses."""
    try:
        return open_state(calendar.business_calendar(), now)
    except ValueError:
        return None


@admin_page
def calendar_list(request):
    calendars = _calendars(request.user).order_by(F("organisation__name").asc(nulls_first=True), "name")
    now = timezone.now()
    rows = [(calendar, _state(calendar, now)) for calendar in calendars]
    return render(request, "web/administration/calendars_list.html", {"rows": rows})


@admin_page
def calendar_new(request):
    return _calendar_page(request, None)


@admin_page
def calendar_edit(request, pk):
    return _calendar_page(request, _calendar_or_404(request.user, pk))


def _calendar_page(request, calendar):
    """The calendar form: saves on a plain submit; an `edit` button (add or remove an hours row, take
    the country's usual hours) only redraws the form, for browsers without scripts."""
    organisations = list(visible_organisations(request.user).order_by("name"))
    edit = request.POST.get("edit", "")
    if request.method != "POST":
        form = CalendarForm(initial=_initial(calendar), organisations=organisations)
        days = weekly_hours.from_stored(calendar.weekly_hours if calendar else STARTING_HOURS)
    elif edit:
        form = CalendarForm(initial=request.POST.dict(), organisations=organisations)
        days = _edited(request, weekly_hours.from_post(request.POST), edit)
    else:
        form = CalendarForm(request.POST, organisations=organisations)
        days = weekly_hours.from_post(request.POST)
        hours_valid = weekly_hours.check(days)
        if form.is_valid() and hours_valid:
            fields = {**form.cleaned_data, "weekly_hours": weekly_hours.to_stored(days)}
            if calendar is None:
                saved = attempt(request, lambda: create_calendar(request.user, **fields), form)
            else:
                saved = attempt(request, lambda: update_calendar(request.user, calendar, fields), form)
            if saved:
                return redirect("administration-calendar", saved.pk)
    context = {
        "calendar": calendar,
        "form": form,
        "days": weekly_hours.in_reading_order(days),
        "modes": weekly_hours.MODES,
        **(_overview(calendar) if calendar else {}),
    }
    context["refusals"] = refusals.pop(request)
    return render(request, "web/administration/calendars_form.html", context)


def _initial(calendar) -> dict:
    if calendar is None:
        return {}
    fields = ("name", "timezone", "country", "subdivision", "always_open")
    return {
        **{field: getattr(calendar, field) for field in fields},
        "organisation": str(calendar.organisation_id or ""),
    }


def _edited(request, days, edit):
    if edit != "country-hours":
        weekly_hours.apply_edit(days, edit)
        return days
    try:
        usual = default_weekly_hours(request.POST.get("country", ""))
    except ValueError:
        refusals.keep(request, [_("Choose the country first.")])
        return days
    stored = {str(day): [list(interval) for interval in hours] for day, hours in usual.items()}
    return weekly_hours.from_stored(stored)


def _overview(calendar, exception_form=None) -> dict:
    """What the calendar page shows beside the form: open now, next holidays, exceptions."""
    now = timezone.now()
    state = _state(calendar, now)
    holidays = []
    if state is not None:
        today = now.astimezone(ZoneInfo(calendar.timezone)).date()
        language = translation.get_language()
        holidays = upcoming_holidays(calendar, today, count=UPCOMING_HOLIDAYS, language=language)
    return {
        "calendar": calendar,
        "state": state,
        "holidays": holidays,
        "exceptions": list(calendar.exceptions.all()),
        "exception_form": exception_form or ExceptionForm(),
    }


@admin_page
@require_POST
def exception_add(request, pk):
    """Add one exception; a date that already has one is refused (remove that one first)."""
    calendar = _calendar_or_404(request.user, pk)
    form = ExceptionForm(request.POST)
    if form.is_valid():
        existing = list(calendar.exceptions.all())
        if any(exception.date == form.cleaned_data["date"] for exception in existing):
            form.add_error("date", _("This date already has an exception: remove it first."))
        else:
            added = {key: form.cleaned_data[key] for key in ("date", "hours", "note")}
            changes = {"exceptions": [*map(_as_dict, existing), added]}
            if attempt(request, lambda: update_calendar(request.user, calendar, changes), form):
                return _exceptions_changed(request, pk)
    return _exceptions_page(request, calendar, form)  # a refusal changed nothing: no need to read it again


@admin_page
@require_POST
def exception_remove(request, pk, day):
    calendar = _calendar_or_404(request.user, pk)
    try:
        removed = date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    existing = list(calendar.exceptions.all())
    if not any(exception.date == removed for exception in existing):
        raise Http404
    changes = {"exceptions": [_as_dict(exception) for exception in existing if exception.date != removed]}
    attempt(request, lambda: update_calendar(request.user, calendar, changes))
    return _exceptions_changed(request, pk)


def _as_dict(exception) -> dict:
    return {"date": exception.date, "hours": exception.hours, "note": exception.note}


def _exceptions_changed(request, pk):
    if request.htmx:
        return _exceptions_page(request, _calendar_or_404(request.user, pk), None)
    return redirect("administration-calendar", pk)


def _exceptions_page(request, calendar, exception_form):
    """After an exception was added or refused: with htmx the exceptions and the overview (which
    they change), else the whole calendar page."""
    context = _overview(calendar, exception_form)
    context["refusals"] = refusals.pop(request)
    if request.htmx:
        return render(
            request, "web/administration/calendars_exceptions.html", {**context, "swap_overview": True}
        )
    organisations = list(visible_organisations(request.user).order_by("name"))
    context.update(
        form=CalendarForm(initial=_initial(calendar), organisations=organisations),
        days=weekly_hours.in_reading_order(weekly_hours.from_stored(calendar.weekly_hours)),
        modes=weekly_hours.MODES,
    )
    return render(request, "web/administration/calendars_form.html", context)


@admin_page
def calendar_delete(request, pk):
    """Asks first; the service refuses while policies or agents' hours count on the calendar."""
    calendar = _calendar_or_404(request.user, pk)
    if request.method == "POST":
        if attempt(request, lambda: delete_calendar(request.user, calendar)):
            return redirect("administration-calendars")
        return redirect("administration-calendar", pk)
    return render(request, "web/administration/calendars_delete.html", {"calendar": calendar})


@admin_page
@require_GET
def subdivisions(request):
    """The region choice for the country picked (htmx swaps it in when the country changes)."""
    form = CalendarForm(initial={"country": request.GET.get("country", "")})
    return HttpResponse(str(form["subdivision"]))


@admin_page
@require_GET
def hours_row(request):
    """A blank hours row for a weekday (htmx adds it to the day)."""
    try:
        weekday = int(request.GET.get("day", ""))
    except ValueError:
        raise Http404 from None
    if not 0 <= weekday <= 6:
        raise Http404
    day = weekly_hours.Day(weekday, weekly_hours.OPEN)
    return render(
        request,
        "web/administration/calendars_hours_row.html",
        {"day": day, "start": "", "end": "", "index": ""},
    )


urlpatterns = [
    path("calendars/", calendar_list, name="administration-calendars"),
    path("calendars/new/", calendar_new, name="administration-calendar-new"),
    path("calendars/regions/", subdivisions, name="administration-calendar-subdivisions"),
    path("calendars/hours-row/", hours_row, name="administration-calendar-hours-row"),
    path("calendars/<int:pk>/", calendar_edit, name="administration-calendar"),
    path("calendars/<int:pk>/delete/", calendar_delete, name="administration-calendar-delete"),
    path("calendars/<int:pk>/exceptions/", exception_add, name="administration-calendar-exceptions"),
    path(
        "calendars/<int:pk>/exceptions/<str:day>/remove/",
        exception_remove,
        name="administration-calendar-exception-remove",
    ),
]
