"""Texts of the catalogue in a reader's language, and a request's answers as a reader reads them.

Pure: no Django. Texts are kept per language ({"en": ..., "fi": ...}); a reader gets theirs,
else English, else any. Answers are labelled from the form version they were made with, so a
request reads the same after its form has changed. Words that are not the item's own (yes, no)
are passed in by the caller, already translated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from moked.catalog import request_forms as rf
from moked.multilingual import in_language


def searchable(*texts: object) -> str:
    """All languages of the texts as one case-folded string, for matching a search."""
    parts: list[str] = []
    for text in texts:
        if isinstance(text, str):
            parts.append(text)
        elif isinstance(text, Mapping):
            parts.extend(str(value) for value in text.values())
    return " ".join(parts).casefold()


def matches(query: str, *texts: object) -> bool:
    """Whether every word of `query` is found in one of the texts, in any language."""
    words = query.casefold().split()
    haystack = searchable(*texts)
    return all(word in haystack for word in words)


@dataclass(frozen=True)
class Answer:
    """One answered field as read: its key and type, its label and the value as text."""

    key: str
    type: str
    label: str
    value: Any
    text: str


def answer_rows(
    fields: Sequence[Mapping[str, Any]],
    answers: Mapping[str, Any],
    language: str,
    *,
    yes: str = "yes",
    no: str = "no",
    people: Mapping[int, str] | None = None,
) -> list[Answer]:
    """The answered fields of the form version, in its order, labelled in `language`; a choice
    reads as its label, yes/no as `yes`/`no`, a person as their name in `people` (by id)."""
    rows: list[Answer] = []
    for item in fields:
        key, kind = item["key"], item["type"]
        if key not in answers:
            continue
        value = answers[key]
        labels = {
            choice["value"]: in_language(choice["label"], language) for choice in item.get("choices", [])
        }
        if kind == rf.CHOICE:
            text = labels.get(value, str(value))
        elif kind == rf.MULTIPLE_CHOICE:
            text = ", ".join(labels.get(one, str(one)) for one in value)
        elif kind == rf.YES_NO:
            text = yes if value else no
        elif kind == rf.PERSON:
            text = (people or {}).get(value, f"#{value}")
        else:
            text = str(value)
        rows.append(Answer(key, kind, in_language(item.get("label"), language), value, text))
    return rows


def answers_text(rows: Sequence[Answer]) -> str:
    """The answers as plain lines, "Label: value", for a ticket's description."""
    return "\n".join(f"{row.label}: {row.text}" for row in rows)
