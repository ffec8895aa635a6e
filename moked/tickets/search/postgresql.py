"""PostgreSQL full-text search of tickets: a GIN index (migration 0002) over the 'simple' text
configuration, so that Hebrew, Persian, Finnish and English words are all matched as written."""

from contextlib import contextmanager

from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

# The same expression as the index, naming the table (a joined service has a description too);
# the planner matches it to the index, whose columns are the same.
_DOCUMENT = "to_tsvector('simple'::regconfig, tickets_ticket.subject || ' ' || tickets_ticket.description)"


@contextmanager
def batch_indexing(id_range):
    """The GIN index takes bulk inserts through its pending list: nothing to defer."""
    yield


def ts_query(words: list[str]) -> str:
    """Every word as a prefix lexeme: vpn:* & טלפון:*; words are \\w only, so nothing needs quoting."""
    return " & ".join(f"{word}:*" for word in words)


def matching_ids_condition(words: list[str]) -> Q:
    return Q(
        RawSQL(
            f"{_DOCUMENT} @@ to_tsquery('simple'::regconfig, %s)",
            (ts_query(words),),
            output_field=BooleanField(),
        )
    )
