"""Validators for organisation settings: time zones, countries, e-mail domains, priority matrices."""

import re
import zoneinfo
from functools import cache

import holidays
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import priority

_DOMAIN = re.compile(
    r"^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$", re.IGNORECASE
)


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@cache
def _countries() -> frozenset[str]:
    return frozenset(holidays.list_supported_countries())


def validate_timezone(value: str) -> None:
    if value not in _time_zones():
        raise ValidationError(
            _("%(value)s is not a known IANA time zone, such as Asia/Jerusalem."),
            code="invalid_timezone",
            params={"value": value},
        )


def validate_country(value: str) -> None:
    if value not in _countries():
        raise ValidationError(
            _("%(value)s is not a supported ISO 3166 country code, such as IL, IR or FI."),
            code="invalid_country",
            params={"value": value},
        )


def validate_email_domain(value: str) -> None:
    if not _DOMAIN.match(value):
        raise ValidationError(
            _("%(value)s is not a valid e-mail domain, such as example.com."),
            code="invalid_domain",
            params={"value": value},
        )


def validate_priority_matrix(value) -> None:
    try:
        priority.validate_matrix(value)
    except priority.InvalidMatrix as error:
        raise ValidationError(
            _(
                "The priority matrix must be 3 rows (impact 1 to 3) of 3 priorities (urgency 1 to 3), "
                "each a whole number from 1 to 4."
            ),
            code="invalid_priority_matrix",
        ) from error


_ORGANISATION_TAG = re.compile(r"^[\w-]{1,50}$")
MAX_ORGANISATION_TAGS = 20


def validate_organisation_tags(value) -> None:
    """A short list of single-word labels (letters of any script, digits, - and _)."""
    if not isinstance(value, list) or len(value) > MAX_ORGANISATION_TAGS:
        raise ValidationError(
            _("Tags are a list of at most %(max)d labels."),
            code="invalid_tags",
            params={"max": MAX_ORGANISATION_TAGS},
        )
    for tag in value:
        if not isinstance(tag, str) or not _ORGANISATION_TAG.match(tag):
            raise ValidationError(
                _("%(tag)s is not a tag: one word of letters, digits, - or _."),
                code="invalid_tag",
                params={"tag": repr(tag)},
            )
