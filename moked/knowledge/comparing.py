"""Comparing two versions of a text word by word: what the newer one kept, added and took away.
Pure: no Django.

Words are compared whole, in any script: a Hebrew word with its niqqud, a Persian word written
with a zero-width non-joiner, a Finnish compound. Spaces and punctuation are pieces of their own,
so that joining the pieces of either side gives that side's text back exactly.
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


def compare(old: str, new: str) -> list[Piece]:
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
