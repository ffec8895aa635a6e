"""SQLite FTS5 search of tickets: an external-content table on tickets_ticket, kept by triggers
(created by migration 0002), and a second one holding only the open tickets, which its triggers
add and remove as their status changes (migration 0010).

The insert triggers ask `moked_search_autoindex()` first, a function each connection registers:
a bulk import turns it off on its own connection and indexes each batch in one statement inside
the batch's transaction, which is several times faster than a trigger per row. Other connections
keep indexing as usual.
"""

from contextlib import contextmanager

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from ..models import OPEN_STATUS_LIST

TABLE = "tickets_ticket_search"
OPEN_TABLE = "tickets_ticket_open_search"
AUTOINDEX_FUNCTION = "moked_search_autoindex"


def register_functions(sqlite_connection, wrapper) -> None:
    """Register the trigger's switch on a new connection (see tickets.apps)."""
    sqlite_connection.create_function(
        AUTOINDEX_FUNCTION, 0, lambda: 0 if getattr(wrapper, "moked_bulk_indexing", False) else 1
    )


@contextmanager
def batch_indexing(id_range):
    """Inside, inserted tickets are not indexed row by row; `id_range()` gives the (first, last) ids
    written, which are then indexed at once. Use inside the batch's transaction."""
    connection.moked_bulk_indexing = True
    try:
        yield
    finally:
        connection.moked_bulk_indexing = False
    first, last = id_range()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE}(rowid, subject, description) "
            "SELECT id, subject, description FROM tickets_ticket WHERE id BETWEEN %s AND %s",
            [first, last],
        )
        cursor.execute(
            f"INSERT INTO {OPEN_TABLE}(rowid, subject, description) "
            "SELECT id, subject, description FROM tickets_ticket "
            f"WHERE id BETWEEN %s AND %s AND status IN ({', '.join(['%s'] * len(OPEN_STATUS_LIST))})",
            [first, last, *OPEN_STATUS_LIST],
        )


def fts_query(words: list[str]) -> str:
    """Every word as a quoted prefix term: "vpn"* AND "טלפון"*."""
    return " AND ".join('"{}"*'.format(word.replace('"', '""')) for word in words)


def matching_ids_condition(words: list[str], *, open_only: bool = False) -> Q:
    if not open_only:
        return Q(id__in=RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", (fts_query(words),)))
    # The matches among open tickets, gathered once, and each candidate of the view tested against
    # them. Without the unary +, SQLite drives the query by the matches' ids instead, looking each
    # one up under every organisation and status the view allows.
    return Q(
        RawSQL(
            f'+"tickets_ticket"."id" IN (SELECT rowid FROM {OPEN_TABLE} WHERE {OPEN_TABLE} MATCH %s)',
            (fts_query(words),),
            output_field=BooleanField(),
        )
    )
