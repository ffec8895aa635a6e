"""PostgreSQL full-text search of tickets (an expression GIN index with the 'simple' configuration,
so that Hebrew, Persian, Finnish and English words are all matched as written)."""

from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

INDEX = "tickets_ticket_search_gin"
_COLUMNS = "{table}subject || ' ' || {table}description"
DOCUMENT = f"to_tsvector('simple'::regconfig, {_COLUMNS.format(table='')})"
# The query names the table (a joined service has a description too); the planner still matches
# it to the index expression, whose columns are the same.
_QUALIFIED_DOCUMENT = f"to_tsvector('simple'::regconfig, {_COLUMNS.format(table='tickets_ticket.')})"

CREATE = [f"CREATE INDEX IF NOT EXISTS {INDEX} ON tickets_ticket USING gin ({DOCUMENT})"]
DROP = [f"DROP INDEX IF EXISTS {INDEX}"]


def ts_query(words: list[str]) -> str:
    """Every word as a prefix lexeme: vpn:* & טלפון:*; words are \\w only, so nothing needs quoting."""
    return " & ".join(f"{word}:*" for word in words)


def matching_ids_condition(words: list[str]) -> Q:
    return Q(
        RawSQL(
            f"{_QUALIFIED_DOCUMENT} @@ to_tsquery('simple'::regconfig, %s)",
            (ts_query(words),),
            output_field=BooleanField(),
        )
    )
