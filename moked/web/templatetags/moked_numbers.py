"""Numbers as people of each language read them: grouped by thousands with the locale's
separator (1,234 · 1 234 in Finnish), and in Persian with Persian digits (۱٬۲۳۴); and the bidi
isolate that keeps a date or a duration in order beside a name in another script."""

from django import template
from django.utils import formats, translation
from django.utils.html import format_html

register = template.Library()

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def localized(value) -> str:
    """`value` (a number, or text of one) written for the active language."""
    text = formats.number_format(value, use_l10n=True, force_grouping=True)
    if translation.get_language() == "fa":
        text = text.translate(PERSIAN_DIGITS)
    return text


def direction() -> str:
    """The reader's writing direction: "rtl" for Hebrew and Persian, else "ltr"."""
    return "rtl" if translation.get_language_bidi() else "ltr"


def isolated(text: str):
    """`text` (a date, a duration) as a bidi isolate written in the reader's direction:
    it keeps its own order whatever stands beside it. HTML, for text content, not attributes."""
    return format_html('<bdi dir="{}">{}</bdi>', direction(), text)


@register.filter
def number(value):
    """`{{ count|number }}`; a capped count such as "999+" keeps its plus; text that is not a
    number is shown as it is. Plain text (it goes into attributes and badges too): where a number
    stands in running text beside a name, write `<bdi>{{ count|number }}</bdi>`."""
    if value is None or value == "":
        return ""
    if isinstance(value, str) and value.endswith("+") and value[:-1].isdigit():
        return localized(int(value[:-1])) + "+"
    if isinstance(value, str) and not value.lstrip("-").replace(".", "", 1).isdigit():
        return value
    return localized(value)


@register.filter
def digits(text):
    """Digits inside a text (a priority "P1", a percentage) in the active language's script."""
    text = str(text)
    return text.translate(PERSIAN_DIGITS) if translation.get_language() == "fa" else text
