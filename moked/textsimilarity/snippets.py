"""The passage of a text to show under a search result: where the query's words are densest."""

from __future__ import annotations

import re
from collections.abc import Collection

from .normalise import terms

_TOKEN = re.compile(r"\S+")


def snippet(text: str, wanted_terms: Collection[str], *, length: int = 200) -> str:
    """Up to about `length` characters of `text` (plain, one space between words), starting a
    little before the window that holds most of `wanted_terms`; the text's start when none
    occurs. Cut at word boundaries, with "…" where text was left out."""
    tokens = [(match.start(), match.group()) for match in _TOKEN.finditer(text)]
    if not tokens:
        return ""
    plain = " ".join(token for _start, token in tokens)
    if len(plain) <= length:
        return plain
    wanted = set(wanted_terms)
    matching: dict[str, bool] = {}
    hits = []
    for _start, token in tokens:
        if token not in matching:
            matching[token] = bool(wanted.intersection(terms(token)))
        hits.append(matching[token])
    start = _densest_window_start(tokens, hits, length)
    # Two words of context before the first match read better than starting on it.
    start = max(0, start - 2) if any(hits) else 0
    chosen: list[str] = []
    used = 0
    for _offset, token in tokens[start:]:
        if used + len(token) + (1 if chosen else 0) > length - 2:
            break
        chosen.append(token)
        used += len(token) + (1 if len(chosen) > 1 else 0)
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + len(chosen) < len(tokens) else ""
    return prefix + " ".join(chosen) + suffix


def _densest_window_start(tokens: list[tuple[int, str]], hits: list[bool], length: int) -> int:
    best_start, best_count = 0, -1
    end, count, width = 0, 0, 0
    for start in range(len(tokens)):
        while end < len(tokens) and width + len(tokens[end][1]) + 1 <= length:
            width += len(tokens[end][1]) + 1
            count += hits[end]
            end += 1
        if hits[start] and count > best_count:
            best_start, best_count = start, count
        if end > start:
            width -= len(tokens[start][1]) + 1
            count -= hits[start]
        else:
            end = start + 1
    return best_start
