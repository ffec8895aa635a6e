"""Texts kept per language ({"en": ..., "fi": ...}: a catalogue item's name, a form field's
label, an approval step's name) read in one language (pure: no Django)."""

from __future__ import annotations

from collections.abc import Mapping


def in_language(texts: object, language: str) -> str:
    """The text of `texts` in `language`, else English, else the first there is; a plain string
    as it is; "" for nothing."""
    if isinstance(texts, str):
        return texts
    if not isinstance(texts, Mapping) or not texts:
        return ""
    base = language.split("-")[0]
    found = texts.get(language) or texts.get(base) or texts.get("en") or next(iter(texts.values()))
    return str(found)
