"""Comparing two versions word by word, in any script: the pieces give both texts back exactly."""

import pytest

from moked.knowledge.comparing import Line, Piece, compare_lines, compare_words, side, unified_diff

PAIRS = [
    ("Reset your password", "Reset the password now"),
    ("פתחו את ההגדרות ולחצו על שמירה.", "פתחו את ההגדרות ולחצו על איפוס."),
    ("رمز عبور را بازنشانی می‌کنیم", "گذرواژه را بازنشانی می‌کنیم"),
    ("Salasanan vaihtaminen onnistuu", "Salasananvaihto onnistuu nyt"),
    ("שָׁלוֹם עולם", "שָׁלוֹם לכולם"),
    ("", "New text"),
    ("Old text", ""),
    ("line one\nline two\n", "line one\nline 2\n"),
]


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_the_pieces_give_both_texts_back(old, new):
    pieces = compare_words(old, new)
    assert side(pieces, "old") == old and side(pieces, "new") == new


def test_a_changed_word_reads_as_removed_then_added():
    assert compare_words("Open the settings", "Open the options") == [
        Piece("same", "Open the "),
        Piece("removed", "settings"),
        Piece("added", "options"),
    ]


def test_words_are_whole_in_every_script():
    # a Persian word with its zero-width non-joiner and a pointed Hebrew word change as one piece
    assert compare_words("می‌کنیم", "می‌کنند") == [Piece("removed", "می‌کنیم"), Piece("added", "می‌کنند")]
    assert compare_words("שָׁלוֹם", "שלום") == [Piece("removed", "שָׁלוֹם"), Piece("added", "שלום")]


def test_an_unchanged_text_is_one_piece():
    assert compare_words("Same.", "Same.") == [Piece("same", "Same.")]


def test_kept_lines_come_once_and_a_changed_line_as_removed_then_added():
    assert compare_lines("a\nb\nc", "a\nB\nc\nd") == [
        Line("same", 1, 1, "a"),
        Line("removed", 2, None, "b"),
        Line("added", None, 2, "B"),
        Line("same", 3, 3, "c"),
        Line("added", None, 4, "d"),
    ]


def test_texts_in_any_script_compare_and_empty_texts_have_no_lines():
    assert compare_lines("", "") == []
    assert compare_lines("שלום\nسلام", "سلام") == [
        Line("removed", 1, None, "שלום"),
        Line("same", 2, 1, "سلام"),
    ]


def test_the_unified_diff_is_empty_for_the_same_text_and_patch_readable_otherwise():
    assert unified_diff("a\nb", "a\nb", "version 1", "version 2") == ""
    assert unified_diff("a\nb", "a\nc", "version 1", "version 2") == (
        "--- version 1\n+++ version 2\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n"
    )
