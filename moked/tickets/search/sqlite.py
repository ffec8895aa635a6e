"""SQLite FTS5 search of tickets (external-content table on tickets_ticket, kept by triggers)."""

from django.db.models import Q
from django.db.models.expressions import RawSQL

TABLE = "tickets_ticket_search"

CREATE = [
    f"""CREATE VIRTUAL TABLE {TABLE} USING fts5(
        subject, description, content='tickets_ticket', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER {TABLE}_insert AFTER INSERT ON tickets_ticket BEGIN
        INSERT INTO {TABLE}(rowid, subject, description) VALUES (new.id, new.subject, new.description);
    END""",
    f"""CREATE TRIGGER {TABLE}_delete AFTER DELETE ON tickets_ticket BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, subject, description)
        VALUES ('delete', old.id, old.subject, old.description);
    END""",
    f"""CREATE TRIGGER {TABLE}_update AFTER UPDATE OF subject, description ON tickets_ticket BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, subject, description)
        VALUES ('delete', old.id, old.subject, old.description);
        INSERT INTO {TABLE}(rowid, subject, description) VALUES (new.id, new.subject, new.description);
    END""",
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",
]

DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_insert",
    f"DROP TRIGGER IF EXISTS {TABLE}_delete",
    f"DROP TRIGGER IF EXISTS {TABLE}_update",
    f"DROP TABLE IF EXISTS {TABLE}",
]


def fts_query(words: list[str]) -> str:
    """Every word as a quoted prefix term: "vpn"* AND "טלפון"*."""
    return " AND ".join('"{}"*'.format(word.replace('"', '""')) for word in words)


def matching_ids_condition(words: list[str]) -> Q:
    return Q(id__in=RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", (fts_query(words),)))
