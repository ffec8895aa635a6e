"""Numbers written for each language: grouped thousands, and Persian digits for Persian readers."""

import pytest
from django.utils import translation

from moked.web.templatetags.moked_numbers import digits, number
from moked.web.templatetags.moked_time import duration, spoken_duration


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "1,234,567"), ("he", "1,234,567"), ("fi", "1\xa0234\xa0567"), ("fa", "۱٬۲۳۴٬۵۶۷")],
)
def test_counts_are_grouped_by_thousands_for_each_language(language, shown):
    with translation.override(language):
        assert number(1234567) == shown


def test_persian_readers_see_persian_digits_in_durations_and_priorities():
    with translation.override("fa"):
        assert "۳" in duration(200) and "۲۰" in duration(200) and "3" not in duration(200)
        assert digits("P1") == "P۱"
    with translation.override("en"):
        assert spoken_duration(200) == "3 h 20 min" and digits("P1") == "P1"


@pytest.mark.parametrize(
    ("minutes", "english", "persian"),
    [
        (240, "4 h", "۴ ساعت"),
        (0, "0 min", "۰ دقیقه"),
        (45, "45 min", "۴۵ دقیقه"),
        (200, "3 h 20 min", "۳ ساعت ۲۰ دقیقه"),
        (2400, "40 h", "۴۰ ساعت"),
    ],
)
def test_durations_leave_out_a_zero_part(minutes, english, persian):
    with translation.override("en"):
        assert spoken_duration(minutes) == english
    with translation.override("fa"):
        assert spoken_duration(minutes) == persian


def test_a_duration_on_a_page_is_isolated_in_the_readers_direction():
    with translation.override("fa"):
        assert duration(240) == '<bdi dir="rtl">۴ ساعت</bdi>'
    with translation.override("en"):
        assert duration(240) == '<bdi dir="ltr">4 h</bdi>' and duration(None) == "—"


def test_capped_counts_keep_their_plus_and_other_text_is_shown_as_it_is():
    with translation.override("fa"):
        assert number("999+") == "۹۹۹+" and number("n/a") == "n/a" and number(None) == ""
