"""Calendar dates (holidays, exceptions) as people read them: Jalali in Persian digits for Persian
readers, the locale's own date format for the others; the ISO date in the `datetime` attribute."""

import jdatetime
from django import template
from django.utils import formats, translation
from django.utils.html import format_html

from .moked_numbers import PERSIAN_DIGITS, direction

register = template.Library()


@register.filter
def day(value):
    """`<time datetime="2026-04-02">Thursday April 2, 2026</time>` (in English); a dash for none."""
    if value is None:
        return "—"
    weekday = formats.date_format(value, "l")
    if translation.get_language() == "fa":
        shown = jdatetime.date.fromgregorian(date=value).strftime("%Y/%m/%d").translate(PERSIAN_DIGITS)
    else:
        shown = formats.date_format(value, "DATE_FORMAT")
    return format_html(
        '<time datetime="{}" dir="{}">{} {}</time>', value.isoformat(), direction(), weekday, shown
    )
