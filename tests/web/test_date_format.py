"""Dates in lists and on the ticket page are written by a faster path than Django's date_format:
the text must be Django's, in every language and format."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import formats, translation

from moked.web.templatetags.moked_time import _date_format

ZONE = zoneinfo.ZoneInfo("Asia/Jerusalem")
MOMENTS = [
    dt.datetime(2026, 1, 2, 0, 0, 5, tzinfo=ZONE),  # midnight
    dt.datetime(2026, 3, 27, 12, 0, tzinfo=ZONE),  # noon
    dt.datetime(2026, 10, 25, 1, 30, tzinfo=ZONE),
    dt.datetime(2026, 12, 31, 23, 59, 59, 999999, tzinfo=ZONE),
    dt.datetime(999, 7, 4, 9, 7, tzinfo=dt.UTC),
]
FORMATS = ["SHORT_DATETIME_FORMAT", "DATETIME_FORMAT", "DATE_FORMAT", r"jS \o\f F Y, P e O", "y-n-j G:i:s u"]


@pytest.mark.parametrize("language", ["en", "he", "fa", "fi"])
@pytest.mark.parametrize("format_name", FORMATS)
def test_the_text_is_django_s(language, format_name):
    with translation.override(language):
        for moment in MOMENTS:
            format_string = formats.get_format(format_name)
            assert _date_format(moment, format_string) == formats.date_format(moment, format_name)
