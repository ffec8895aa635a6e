"""Instants and durations as people read them: in their time zone, Jalali for Persian readers,
Gregorian for the others, always with the exact instant in the `datetime` attribute. Each is a
bidi isolate in the reader's direction, so a name beside it never reorders it."""

import functools

import jdatetime
from django import template
from django.utils import dateformat, formats, timezone, translation
from django.utils.html import format_html

from .moked_numbers import PERSIAN_DIGITS, direction, isolated, localized

register = template.Library()


def shown(moment) -> str:
    local = timezone.localtime(moment)
    if translation.get_language() == "fa":
        jalali = jdatetime.datetime.fromgregorian(datetime=local.replace(tzinfo=None))
        return jalali.strftime("%Y/%m/%d %H:%M").translate(PERSIAN_DIGITS)
    return _date_format(local, formats.get_format("SHORT_DATETIME_FORMAT"))


# What Django's date_format writes for these format characters (django.utils.dateformat); the
# others are asked of Django's DateFormat. A list shows 100 dates, a ticket page as many: through
# date_format each cost about 18 µs (the format split anew, a method looked up per character).
_PLAIN_CHARACTERS = {
    "d": lambda moment: f"{moment.day:02d}",
    "j": lambda moment: str(moment.day),
    "m": lambda moment: f"{moment.month:02d}",
    "n": lambda moment: str(moment.month),
    "Y": lambda moment: f"{moment.year:04d}",
    "y": lambda moment: f"{moment.year % 100:02d}",
    "H": lambda moment: f"{moment.hour:02d}",
    "G": lambda moment: str(moment.hour),
    "i": lambda moment: f"{moment.minute:02d}",
    "s": lambda moment: f"{moment.second:02d}",
}


@functools.lru_cache(maxsize=64)
def _compiled(format_string: str) -> tuple:
    """The format as Django's Formatter.format reads it: (text, None) for a literal text; for a
    format character, (character, its function), or _ASK_DJANGO for those left to Django."""
    parts = []
    for position, piece in enumerate(dateformat.re_formatchars.split(format_string)):
        if position % 2:
            parts.append((piece, _PLAIN_CHARACTERS.get(piece, _ASK_DJANGO)))
        elif piece:
            parts.append((dateformat.re_escaped.sub(r"\1", piece), None))
    return tuple(parts)


_ASK_DJANGO = object()


def _date_format(moment, format_string: str) -> str:
    """formats.date_format(moment, <that format>): the same text, faster."""
    written, django = [], None
    for piece, character in _compiled(format_string):
        if character is None:
            written.append(piece)
        elif character is _ASK_DJANGO:
            django = django or dateformat.DateFormat(moment)
            written.append(str(getattr(django, piece)()))
        else:
            written.append(character(moment))
    return "".join(written)


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
