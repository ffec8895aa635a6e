"""Each signed-in person sees pages in their language and time zone: their own, else their
organisation's; visitors get the browser's language (Django's LocaleMiddleware, which runs first)."""

import zoneinfo

from django.utils import timezone, translation


def language_of(person) -> str | None:
    if person.language:
        return person.language
    if person.organisation_id:
        return person.organisation.language
    return None


def timezone_of(person) -> str | None:
    if person.timezone:
        return person.timezone
    if person.organisation_id:
        return person.organisation.timezone
    return None


def speak_to(request, person) -> None:
    """From now on in this request, speak `person`'s language in their time zone: on every
    request of theirs, and right after they sign in (so its message is in their words too)."""
    language = language_of(person)
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
    zone = timezone_of(person)
    if zone:
        timezone.activate(zoneinfo.ZoneInfo(zone))


class PersonLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        person = getattr(request, "user", None)
        if person is not None and person.is_authenticated:
            speak_to(request, person)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
