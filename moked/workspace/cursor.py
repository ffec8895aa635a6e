"""The cursor of a page of a ticket list, as it travels in a link (pure: no Django imports).

A cursor names the row a page starts after (or, going back, before) by that row's values in the
list's order, as the API's keyset cursor does; so a page reads from an index however deep into the
list it is. It also carries the position of the page's first row, for "51–100 of 234", and the
order it was made for: a cursor from another order is not understood, and the list starts again.
"""

import base64
import binascii
import json
from dataclasses import dataclass

Scalar = str | int | float | bool | None


@dataclass(frozen=True)
class Cursor:
    values: tuple[Scalar, ...]  # the sort keys of the row the page starts from, in the list's order
    position: int  # how many rows come before the page it leads to
    backwards: bool  # the page is the rows before `values`, not after
    order: str  # the list's order, as order_signature writes it


def order_signature(keys: list[tuple[str, bool]]) -> str:
    """An order written as text: each field, with a minus when it goes down."""
    return ",".join(f"-{field}" if descending else field for field, descending in keys)


def encode(cursor: Cursor) -> str:
    data = [list(cursor.values), cursor.position, 1 if cursor.backwards else 0, cursor.order]
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(text: str, order: str) -> Cursor | None:
    """The cursor written in `text` for a list in `order`; None for anything else (a cursor is
    a value from a link, so it may have been tampered with: it is checked, never trusted)."""
    if not text or len(text) > 2000:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        data = json.loads(raw.decode())
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if not (isinstance(data, list) and len(data) == 4):
        return None
    values, position, backwards, written_for = data
    well_formed = (
        isinstance(values, list)
        and all(value is None or isinstance(value, str | int | float) for value in values)
        and isinstance(position, int)
        and not isinstance(position, bool)
        and 0 <= position < 2**62
        and backwards in (0, 1)
        and written_for == order
        and len(values) == len(order.split(","))
    )
    if not well_formed:
        return None
    return Cursor(tuple(values), position, bool(backwards), order)
