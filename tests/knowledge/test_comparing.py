"""Comparing two versions word by word, in any script: the pieces give both texts back exactly."""

import pytest

from moked.knowledge.comparing import Piece, compare, side

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
    pieces = compare(old, new)
    assert side(pieces, "old") == old and side(pieces, "new") == new


def test_a_changed_word_reads_as_removed_then_added():
    assert compare("Open the settings", "Open the options") == [
        Piece("same", "Open the "),
        Piece("removed", "settings"),
        Piece("added", "options"),
    ]


def test_words_are_whole_in_every_script():
    # a Persian word with its zero-width non-joiner and a pointed Hebrew word change as one piece
    assert compare("می‌کنیم", "می‌کنند") == [Piece("removed", "می‌کنیم"), Piece("added", "می‌کنند")]
    assert compare("שָׁלוֹם", "שלום") == [Piece("removed", "שָׁלוֹם"), Piece("added", "שלום")]


def test_an_unchanged_text_is_one_piece():
    assert compare("Same.", "Same.") == [Piece("same", "Same.")]
