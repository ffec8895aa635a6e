"""Countries and time zones named in the reader's language, from the Unicode CLDR data Babel
ships (Django names languages, not places)."""

from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_timezone_location
from django.utils import translation


@cache
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale("en")


def _reader() -> Locale:
    return _locale(translation.get_language() or "en")


def country_name(code: str) -> str:
    """The country's name for the reader ("ایران" for IR in Persian); the code if CLDR lacks it."""
    return _reader().territories.get(code.upper(), code)


@cache
def _zone_city(zone: str, language: str) -> str:
    return get_timezone_location(zone, locale=_locale(language), return_city=True)


def time_zone_label(zone: str) -> str:
    """A time zone as the reader finds it in a list: its city in their language, and the IANA name
    that identifies it ("تهران · Asia/Tehran")."""
    try:
        city = _zone_city(zone, translation.get_language() or "en")
    except LookupError:
        return zone
    return f"{city} · {zone}" if city and city not in zone else zone
