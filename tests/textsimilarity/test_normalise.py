"""Tests of moked.textsimilarity.normalise: each rule with real words in Hebrew, Persian, Finnish
and English, and properties that hold for any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moked.textsimilarity.normalise import (
    char_ngrams,
    guess_language,
    guess_script,
    hebrew_variants,
    normalise,
    persian_variants,
    terms,
    words,
)
from tests.examples import examples


def shared(first: list[str], second: list[str]) -> float:
    """The share of the first list's distinct items that the second has too."""
    return len(set(first) & set(second)) / len(set(first))


class TestNormalise:
    def test_folds_case_and_compatibility_forms(self):
        assert normalise("Reset Your PASSWORD") == "reset your password"
        assert normalise("Straße ﬁle") == "strasse file"
        assert normalise("ＶＰＮ") == "vpn"

    def test_finnish_letters_are_kept_whether_composed_or_not(self):
        decomposed = "Sa\u0308hko\u0308posti"
        assert normalise(decomposed) == normalise("Sähköposti") == "sähköposti"

    def test_hebrew_niqqud_is_removed_and_final_letters_kept(self):
        assert normalise("סִיסְמָה") == "סיסמה"
        assert normalise("שָׁלוֹם") == "שלום"
        assert normalise("חֶשְׁבּוֹן") == "חשבון"

    def test_hebrew_abbreviations_match_with_or_without_gershayim(self):
        assert normalise('מנכ"ל') == normalise("מנכ״ל") == normalise("מנכל")
        assert normalise('"סיסמה"') == '"סיסמה"'

    def test_arabic_script_diacritics_and_tatweel_are_removed(self):
        assert normalise("رَمْزِ عُبُور") == "رمز عبور"
        assert normalise("کـــلمه") == "کلمه"

    def test_persian_letters_have_one_spelling(self):
        assert normalise("يك") == "یک"
        assert normalise("كليد") == "کلید"
        assert normalise("ﯽ") == "ی"  # a presentation form of Persian yeh

    def test_arabic_indic_and_persian_digits_become_ascii(self):
        assert normalise("۱۴۰۳") == "1403"
        assert normalise("٢٠٢٤") == "2024"

    def test_zero_width_non_joiner_joins_the_word(self):
        assert normalise("می\u200cخواهم") == "میخواهم"


class TestHebrewPrefixes:
    def test_glued_prefixes_yield_the_bare_word(self):
        assert hebrew_variants("לסיסמה") == ["לסיסמה", "סיסמה"]
        assert hebrew_variants("והסיסמה") == ["והסיסמה", "הסיסמה", "סיסמה"]
        assert hebrew_variants("וכשהמחשב") == ["וכשהמחשב", "כשהמחשב", "שהמחשב", "המחשב"]

    def test_no_variant_leaves_fewer_than_three_letters(self):
        assert hebrew_variants("שלום") == ["שלום", "לום"]
        assert hebrew_variants("בית") == ["בית"]
        assert hebrew_variants("מה") == ["מה"]

    def test_a_word_not_starting_with_a_prefix_letter_is_alone(self):
        assert hebrew_variants("סיסמה") == ["סיסמה"]
        assert hebrew_variants("חשבון") == ["חשבון"]

    def test_a_query_finds_the_article_word_behind_its_prefix(self):
        article = terms("איפוס הסיסמה בחשבון", "he")
        assert {"סיסמה", "חשבון"} <= set(article)
        assert set(terms("שכחתי סיסמה", "he")) & set(article) == {"סיסמה"}


class TestPersian:
    @pytest.mark.parametrize("spelling", ["می\u200cخواهم", "میخواهم", "می خواهم"])
    def test_the_three_spellings_of_a_prefixed_verb_share_their_terms(self, spelling):
        assert {"میخواهم", "خواهم"} <= set(terms(spelling, "fa"))

    def test_plural_suffixes_yield_the_singular(self):
        assert persian_variants("رمزها") == ["رمزها", "رمز"]
        assert {"رمزها", "رمز"} <= set(terms("رمز‌ها", "fa"))
        assert {"رمزها", "رمز"} <= set(terms("رمز ها", "fa"))

    def test_short_words_are_not_cut(self):
        assert persian_variants("میز") == ["میز"]
        assert persian_variants("ماه") == ["ماه"]

    def test_arabic_spellings_find_persian_ones(self):
        assert terms("كليد ويژه", "fa") == terms("کلید ویژه", "fa")


class TestFinnishAndEnglish:
    def test_words_are_plain_normalised_words(self):
        assert terms("Salasanan vaihtaminen!", "fi") == ["salasanan", "vaihtaminen"]
        assert terms("Reset your password (VPN)", "en") == ["reset", "your", "password", "vpn"]

    def test_inflected_forms_share_most_ngrams(self):
        assert shared(char_ngrams("salasana"), char_ngrams("salasanan")) > 0.8
        assert shared(char_ngrams("salasana"), char_ngrams("salasanaa")) > 0.8

    def test_compounds_share_the_ngrams_of_their_parts(self):
        assert shared(char_ngrams("sähköposti"), char_ngrams("sähköpostiosoite")) > 0.7
        assert shared(char_ngrams("sähköposti"), char_ngrams("salasana")) < 0.1

    def test_ngrams_mark_word_boundaries(self):
        assert char_ngrams("VPN", 3, 3) == ["<vp", "vpn", "pn>"]
        assert char_ngrams("a b", 4, 5) == ["<a>", "<b>"]

    def test_ngram_sizes_are_checked(self):
        with pytest.raises(ValueError):
            char_ngrams("salasana", 4, 3)


class TestGuessing:
    def test_scripts(self):
        assert guess_script("איפוס סיסמה") == "hebrew"
        assert guess_script("بازنشانی رمز عبور") == "arabic"
        assert guess_script("Reset password") == "latin"
        assert guess_script("123 !?") is None

    def test_languages(self):
        assert guess_language("שכחתי את הסיסמה שלי") == "he"
        assert guess_language("رمز عبورم کار نمی‌کند") == "fa"
        assert guess_language("Sähköposti ei toimi") == "fi"
        assert guess_language("My password stopped working") == "en"
        assert guess_language("") is None

    def test_mostly_one_script_wins_over_a_foreign_word(self):
        assert guess_language("ה-VPN לא עובד בבית") == "he"

    def test_terms_without_a_language_use_the_guess(self):
        assert terms("בסיסמה") == ["בסיסמה", "סיסמה"]
        assert terms("می خواهم") == terms("می خواهم", "fa")

    def test_regional_language_codes(self):
        assert terms("בסיסמה", "he-IL") == ["בסיסמה", "סיסמה"]
        assert terms("رمزها", "fa_IR") == ["رمزها", "رمز"]


class TestProperties:
    @settings(max_examples=examples(300), deadline=None)
    @given(st.text())
    def test_normalise_is_idempotent(self, text):
        once = normalise(text)
        assert normalise(once) == once

    @settings(max_examples=examples(300), deadline=None)
    @given(st.text(), st.sampled_from(["he", "fa", "fi", "en", None, "xx"]))
    def test_terms_never_fail_and_are_never_empty(self, text, language):
        found = terms(text, language)
        assert all(found)
        assert all(term == normalise(term) for term in found)

    @settings(max_examples=examples(300), deadline=None)
    @given(st.text(), st.integers(1, 6), st.integers(0, 4))
    def test_ngrams_never_fail_and_have_the_asked_sizes(self, text, n_min, extra):
        grams = char_ngrams(text, n_min, n_min + extra)
        assert all(grams)
        assert all(len(gram) <= n_min + extra for gram in grams)

    @settings(max_examples=examples(200), deadline=None)
    @given(st.text(alphabet=st.characters(min_codepoint=0x0590, max_codepoint=0x06FF)))
    def test_hebrew_and_arabic_script_text_never_fails(self, text):
        for language in ("he", "fa"):
            assert all(terms(text, language))
        assert guess_script(text) in {"hebrew", "arabic", None}
        assert words(text) == words(normalise(text))
