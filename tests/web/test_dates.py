"""Dates on pages: in the reader's time zone, Jalali and in Persian digits for Persian readers."""

from datetime import UTC, datetime

from django.utils import timezone, translation

from moked.web.templatetags.moked_time import when

NOWRUZ = datetime(
    2026, 3, 21, 8, 0, tzinfo=UTC
)  # 1405/01/01 11:30 in Tehran (the equinox was after noon on the 20th)


def test_persian_readers_see_the_jalali_calendar_in_persian_digits():
    with translation.override("fa"), timezone.override("Asia/Tehran"):
        assert when(NOWRUZ) == '<time datetime="2026-03-21T08:00:00+00:00" dir="rtl">۱۴۰۵/۰۱/۰۱ ۱۱:۳۰</time>'


def test_others_see_the_gregorian_calendar_in_their_time_zone():
    with translation.override("fi"), timezone.override("Europe/Helsinki"):
        assert "21.3.2026" in when(NOWRUZ) and "10.00" in when(NOWRUZ)
    with translation.override("he"), timezone.override("Asia/Jerusalem"):
        assert "10:00" in when(NOWRUZ)


def test_a_date_is_an_isolate_in_the_readers_direction():
    """A `dir` attribute makes an element a bidi isolate: a name in another script beside the date
    cannot pull its parts out of order ("6:39 12/04/2026 · יוסי לוי p.m.")."""
    with translation.override("en"):
        assert ' dir="ltr">' in when(NOWRUZ)
    with translation.override("he"):
        assert ' dir="rtl">' in when(NOWRUZ)


def test_no_instant_is_a_dash():
    assert when(None) == "—"
