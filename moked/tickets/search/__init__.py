"""Full-text search of tickets behind one small interface: `matching(tickets, q)`.

SQLite uses an FTS5 table kept up to date by triggers; PostgreSQL a GIN index over
to_tsvector('simple', subject || ' ' || description). Both match every word of the query as a
word prefix, case-insensitively, in any script. A query that is a ticket reference (INC-000123)
finds that ticket.

The open tickets (a few in a hundred) have an index of their own on both databases (migration
0010), so that a search within the workspace's views reads a few thousand entries where the
whole index would give hundreds of thousands for a common word.
"""

import re

from django.db import connection
from django.db.models import Q, QuerySet

from .. import numbering

MAX_TERMS = 12
_WORD = re.compile(r"\w+", re.UNICODE)


def terms(q: str) -> list[str]:
    """The words of a query, lower-cased, at most MAX_TERMS, each safe to quote in either backend."""
    return [word.lower() for word in _WORD.findall(q)][:MAX_TERMS]


def matching(tickets: QuerySet, q: str, *, open_only: bool = False) -> QuerySet:
    """`tickets` narrowed to those matching `q` (a reference, or words); empty when nothing can match.

    `open_only`: the caller has already narrowed `tickets` to open ones with
    selectors.only_open, so the index of the open tickets' text answers.
    """
    reference = numbering.parse_reference(q)
    words = terms(q)
    if not words:
        return tickets.none()
    text_match = _backend().matching_ids_condition(words, open_only=open_only)
    if reference is not None:
        ticket_type, number = reference
        return tickets.filter(Q(ticket_type=ticket_type, number=number) | text_match)
    return tickets.filter(text_match)


def batch_indexing(id_range):
    """Context for a bulk insert of tickets in one transaction: index them together at the end
    instead of row by row; `id_range()` returns the (first, last) ticket ids written."""
    return _backend().batch_indexing(id_range)


def _backend():
    if connection.vendor == "postgresql":
        from . import postgresql

        return postgresql
    from . import sqlite

    return sqlite
