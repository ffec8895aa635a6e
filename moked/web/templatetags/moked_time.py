"""Instants as people read them: in their time zone, Jalali for Persian readers, Gregorian for
the others, always with the exact instant in the `datetime` attribute."""

import jdatetime
from django import template
from django.utils import formats, timezone, translation
from django.utils.html import format_html

from .moked_numbers import PERSIAN_DIGITS, localized

register = template.Library()


def shown(moment) -> str:
    local = timezone.localtime(moment)
    if translation.get_language() == "fa":
        jalali = jdatetime.datetime.fromgregorian(datetime=local.replace(tzinfo=None))
        return jalali.strftime("%Y/%m/%d %H:%M").translate(PERSIAN_DIGITS)
    return formats.date_format(local, "SHORT_DATETIME_FORMAT")


@register.filter
def when(moment):
    """`<time datetime="2026-03-20T08:00:00+00:00">1405/01/01 ۱۱:۳۰</time>`; a dash for none."""
    if moment is None:
        return "—"
    return format_html('<time datetime="{}">{}</time>', moment.isoformat(), shown(moment))


@register.filter
def duration(minutes):
    """Business minutes as people say them: "45 min", "3 h 20 min"."""
    if minutes is None:
        return "—"
    total = round(float(minutes))
    hours, rest = divmod(total, 60)
    if not hours:
        return translation.gettext("%(minutes)s min") % {"minutes": localized(rest)}
    return translation.gettext("%(hours)s h %(minutes)s min") % {
        "hours": localized(hours),
        "minutes": localized(rest),
    }
