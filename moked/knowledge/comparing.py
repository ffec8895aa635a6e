"""Comparing two versions of an article's text (pure: no Django): word by word for reading
(`compare_words`, `side`), line by line for tools (`compare_lines`, `unified_diff`).

Words are compared whole, in any script: a Hebrew word with its niqqud, a Persian word written
with a zero-width non-joiner, a Finnish compound. Spaces and punctuation are pieces of their own,
so that joining the pieces of either side gives that side's text back exactly. Lines carry their
numbers in the old and the new text, for a side-by-side or inline view; the unified diff is what
`diff -u` and patch tools read.
"""

import difflib
import re
from dataclasses import dataclass
from typing import Literal

# Combining marks (Latin accents, Hebrew points, Arabic-script diacritics) and the zero-width
# non-joiner belong to the word they stand in.
_WORD_PARTS = "\\w\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u200c"
_PIECES = re.compile(rf"\s+|[{_WORD_PARTS}]+|[^{_WORD_PARTS}\s]")

Change = Literal["same", "added", "removed"]


@dataclass(frozen=True)
class Piece:
    change: Change
    text: str


def _split(text: str) -> list[str]:
    return _PIECES.findall(text)


def compare_words(old: str, new: str) -> list[Piece]:
    """The pieces of both texts in reading order: kept, removed from `old`, added in `new`. A
    replaced run reads as its removal then its addition. Neighbouring pieces of one kind are
    joined."""
    before, after = _split(old), _split(new)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    pieces: list[Piece] = []

    def add(change: Change, parts: list[str]) -> None:
        if not parts:
            return
        text = "".join(parts)
        if pieces and pieces[-1].change == change:
            pieces[-1] = Piece(change, pieces[-1].text + text)
        else:
            pieces.append(Piece(change, text))

    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if operation == "equal":
            add("same", before[old_start:old_end])
        else:
            add("removed", before[old_start:old_end])
            add("added", after[new_start:new_end])
    return pieces


def side(pieces: list[Piece], which: Literal["old", "new"]) -> str:
    """One side's text again, from the pieces of `compare`."""
    left_out = "added" if which == "old" else "removed"
    return "".join(piece.text for piece in pieces if piece.change != left_out)


LineKind = Literal["same", "removed", "added"]


@dataclass(frozen=True)
class Line:
    kind: LineKind
    old_number: int | None  # 1-based, in the old text; None for an added line
    new_number: int | None  # 1-based, in the new text; None for a removed line
    text: str


def compare_lines(old: str, new: str) -> list[Line]:
    """Every line of `old` and `new`: the kept ones once, and where they differ the removed lines
    before the added ones."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    lines: list[Line] = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            lines.extend(
                Line("same", old_start + offset + 1, new_start + offset + 1, old_lines[old_start + offset])
                for offset in range(old_end - old_start)
            )
            continue
        lines.extend(
            Line("removed", number + 1, None, old_lines[number]) for number in range(old_start, old_end)
        )
        lines.extend(
            Line("added", None, number + 1, new_lines[number]) for number in range(new_start, new_end)
        )
    return lines


def unified_diff(old: str, new: str, old_label: str, new_label: str, context: int = 3) -> str:
    """The change from `old` to `new` as a unified diff; empty when the texts are the same."""
    diff = difflib.unified_diff(
        old.splitlines(), new.splitlines(), fromfile=old_label, tofile=new_label, n=context, lineterm=""
    )
    return "".join(f"{line}\n" for line in diff)
