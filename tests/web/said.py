"""What the pages say in a language, for tests that read pages in it."""

from django.utils import translation


def said(language: str, text: str) -> str:
    """`text` as the pages say it in `language`; checked to be translated (but in English), so a
    test cannot pass on English left in a Hebrew, Persian or Finnish page."""
    with translation.override(language):
        translated = translation.gettext(text)
    assert language == "en" or translated != text, f"{text!r} has no {language} translation"
    return translated
