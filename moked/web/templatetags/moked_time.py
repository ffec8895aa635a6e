"""Instants and durations as people read them: in their time zone, Jalali for Persian readers,
Gregorian for the others, always with the exact instant in the `datetime` attribute. Each is a
bidi isolate in the reader's direction, so a name beside it never reorders it."""

import jdatetime
from django import template
from django.utils import formats, timezone, translation
from django.utils.html import format_html

from .moked_numbers import PERSIAN_DIGITS, direction, isolated, localized

register = template.Library()


def shown(moment) -> str:
    local = timezone.localtime(moment)
    if translation.get_language() == "fa":
        jalali = jdatetime.datetime.fromgregorian(datetime=local.replace(tzinfo=None))
        return jalali.strftime("%Y/%m/%d %H:%M").translate(PERSIAN_DIGITS)
    return formats.date_format(local, "SHORT_DATETIME_FORMAT")


@register.filter
def when(moment):
    """`<time datetime="2026-03-20T08:00:00+00:00" dir="rtl">۱۴۰۵/۰۱/۰۱ ۱۱:۳۰</time>`; a dash for
    none. The `dir` attribute makes the element an isolate (HTML's rendering rules)."""
    if moment is None:
        return "—"
    return format_html(
        '<time datetime="{}" dir="{}">{}</time>', moment.isoformat(), direction(), shown(moment)
    )


def spoken_duration(minutes) -> str:
    """Minutes as people say them, as plain text: "45 min", "4 h" (not "4 h 0 min"), "3 h 20 min"."""
    total = round(float(minutes))
    hours, rest = divmod(total, 60)
    if not hours:
        return translation.gettext("%(minutes)s min") % {"minutes": localized(rest)}
    if not rest:
        return translation.gettext("%(hours)s h") % {"hours": localized(hours)}
    return translation.gettext("%(hours)s h %(minutes)s min") % {
        "hours": localized(hours),
        "minutes": localized(rest),
    }


@register.filter
def duration(minutes):
    """`{{ clock.target_minutes|duration }}`: business minutes as people say them (see
    `spoken_duration`), isolated; a dash for none."""
    if minutes is None:
        return "—"
    return isolated(spoken_duration(minutes))
