"""Comparing two versions of an article's text, line by line (pure: no Django).

`compare` gives every line of both texts in reading order, each marked as kept, removed or added,
with its number in the old and the new text, for a side-by-side or inline view; `unified_diff`
gives the same change as the unified diff that `diff -u` and patch tools read.
"""

import difflib
from dataclasses import dataclass
from typing import Literal

LineKind = Literal["same", "removed", "added"]


@dataclass(frozen=True)
class Line:
    kind: LineKind
    old_number: int | None  # 1-based, in the old text; None for an added line
    new_number: int | None  # 1-based, in the new text; None for a removed line
    text: str


def compare(old: str, new: str) -> list[Line]:
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
