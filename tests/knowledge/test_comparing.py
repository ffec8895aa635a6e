"""Comparing two versions' text line by line (moked.knowledge.comparing, pure)."""

from moked.knowledge.comparing import Line, compare, unified_diff


def test_kept_lines_come_once_and_a_changed_line_as_removed_then_added():
    assert compare("a\nb\nc", "a\nB\nc\nd") == [
        Line("same", 1, 1, "a"),
        Line("removed", 2, None, "b"),
        Line("added", None, 2, "B"),
        Line("same", 3, 3, "c"),
        Line("added", None, 4, "d"),
    ]


def test_texts_in_any_script_compare_and_empty_texts_have_no_lines():
    assert compare("", "") == []
    assert compare("שלום\nسلام", "سلام") == [Line("removed", 1, None, "שלום"), Line("same", 2, 1, "سلام")]


def test_the_unified_diff_is_empty_for_the_same_text_and_patch_readable_otherwise():
    assert unified_diff("a\nb", "a\nb", "version 1", "version 2") == ""
    assert unified_diff("a\nb", "a\nc", "version 1", "version 2") == (
        "--- version 1\n+++ version 2\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n"
    )
