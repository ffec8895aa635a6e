"""PostgreSQL full-text search of tickets: a GIN index (migration 0002) over the 'simple' text
configuration, so that Hebrew, Persian, Finnish and English words are all matched as written, and
the same over open tickets only (a partial index, migration 0010)."""

from contextlib import contextmanager

from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from .. import lifecycle

# As the condition of the GIN index over open tickets writes them.
_NOT_OPEN = "({})".format(", ".join(f"'{status}'" for status in sorted(lifecycle.DONE_STATUSES)))

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


def matching_ids_condition(words: list[str], *, open_only: bool = False) -> Q:
    if not open_only:
        return Q(
            RawSQL(
                f"{_DOCUMENT} @@ to_tsquery('simple'::regconfig, %s)",
                (ts_query(words),),
                output_field=BooleanField(),
            )
        )
    # The open tickets that match, gathered once from the partial GIN index (migration 0010) in a
    # hashed subplan, and each candidate of the view tested against them, in the view's order.
    # - The subquery names the statuses that are not open, which only the GIN index's condition
    #   matches: the planner underrates to_tsvector (some 30 µs a ticket) and, given an index over
    #   open tickets in some order, would rather compute it on each of them.
    # - IS TRUE keeps it a subplan: a bare IN becomes a semi-join, estimated at a row or two
    #   since the planner cannot know that the matches are all open, and planned for that.
    return Q(
        RawSQL(
            '("tickets_ticket"."id" IN (SELECT matched.id FROM tickets_ticket AS matched '
            f"WHERE matched.status NOT IN {_NOT_OPEN} AND to_tsvector('simple'::regconfig, "
            "matched.subject || ' ' || matched.description) @@ to_tsquery('simple'::regconfig, %s)"
            ")) IS TRUE",
            (ts_query(words),),
            output_field=BooleanField(),
        )
    )
