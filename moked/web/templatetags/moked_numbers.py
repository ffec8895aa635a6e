"""Numbers as people of each language read them: grouped by thousands with the locale's
separator (1,234 · 1 234 in Finnish), and in Persian with Persian digits (۱٬۲۳۴)."""

from django import template
from django.utils import formats, translation

register = template.Library()

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def localized(value) -> str:
    """`value` (a number, or text of one) written for the active language."""
    text = formats.number_format(value, use_l10n=True, force_grouping=True)
    if translation.get_language() == "fa":
        text = text.translate(PERSIAN_DIGITS)
    return text


@register.filter
def number(value):
    """`{{ count|number }}`; a capped count such as "999+" keeps its plus; text that is not a
    number is shown as it is."""
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
