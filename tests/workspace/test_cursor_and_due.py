"""The cursor of a list's page and the due marks (pure: no database)."""

from datetime import UTC, datetime, timedelta

import pytest

from moked.workspace.cursor import Cursor, decode, encode, order_signature
from moked.workspace.due import DUE_SOON, OVERDUE, due_state

ORDER = order_signature([("sla_due_at", False), ("id", False)])


def test_a_cursor_reads_back_as_written():
    cursor = Cursor(("2026-03-08T07:00:00+00:00", 42), 50, False, ORDER)
    assert decode(encode(cursor), ORDER) == cursor
    backwards = Cursor((None, 7), 0, True, ORDER)
    assert decode(encode(backwards), ORDER) == backwards
    assert ORDER == "sla_due_at,id" and order_signature([("priority", True), ("id", True)]) == "-priority,-id"


def test_a_cursor_of_another_order_is_not_understood():
    assert decode(encode(Cursor((1, 2), 50, False, ORDER)), "-priority,-id") is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not base64!",
        "e30",  # {}
        encode(Cursor((1,), 50, False, ORDER)),  # one value for two keys
        encode(Cursor((1, 2), -1, False, ORDER)),
        encode(Cursor(([1], 2), 0, False, ORDER)),  # a list is no sort value
        "A" * 3000,
    ],
)
def test_a_malformed_cursor_is_not_understood(text):
    assert decode(text, ORDER) is None


def test_due_marks():
    now = datetime(2026, 3, 8, 7, 0, tzinfo=UTC)
    assert due_state(None, now) == ""
    assert due_state(now - timedelta(days=3), now) == OVERDUE
    assert due_state(now, now) == OVERDUE
    assert due_state(now + timedelta(hours=4), now) == DUE_SOON
    assert due_state(now + timedelta(hours=4, seconds=1), now) == ""
