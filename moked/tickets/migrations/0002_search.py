"""Full-text search of tickets: an FTS5 table with triggers on SQLite, a GIN index on PostgreSQL.

The statements are written out here, not imported, so that this migration stays what it was.
"""

from django.db import migrations

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE tickets_ticket_search USING fts5(
        subject, description, content='tickets_ticket', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    # moked_search_autoindex() is registered on every connection: a bulk import switches it off on
    # its own connection and indexes each batch in one statement (moked.tickets.search.sqlite).
    """CREATE TRIGGER tickets_ticket_search_insert AFTER INSERT ON tickets_ticket
    WHEN moked_search_autoindex() BEGIN
        INSERT INTO tickets_ticket_search(rowid, subject, description)
        VALUES (new.id, new.subject, new.description);
    END""",
    """CREATE TRIGGER tickets_ticket_search_delete AFTER DELETE ON tickets_ticket BEGIN
        INSERT INTO tickets_ticket_search(tickets_ticket_search, rowid, subject, description)
        VALUES ('delete', old.id, old.subject, old.description);
    END""",
    """CREATE TRIGGER tickets_ticket_search_update AFTER UPDATE OF subject, description ON tickets_ticket BEGIN
        INSERT INTO tickets_ticket_search(tickets_ticket_search, rowid, subject, description)
        VALUES ('delete', old.id, old.subject, old.description);
        INSERT INTO tickets_ticket_search(rowid, subject, description)
        VALUES (new.id, new.subject, new.description);
    END""",
    "INSERT INTO tickets_ticket_search(tickets_ticket_search) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS tickets_ticket_search_insert",
    "DROP TRIGGER IF EXISTS tickets_ticket_search_delete",
    "DROP TRIGGER IF EXISTS tickets_ticket_search_update",
    "DROP TABLE IF EXISTS tickets_ticket_search",
]
POSTGRESQL_CREATE = [
    "CREATE INDEX IF NOT EXISTS tickets_ticket_search_gin ON tickets_ticket "
    "USING gin (to_tsvector('simple'::regconfig, subject || ' ' || description))"
]
POSTGRESQL_DROP = ["DROP INDEX IF EXISTS tickets_ticket_search_gin"]


def _run(schema_editor, sqlite, postgresql):
    for statement in postgresql if schema_editor.connection.vendor == "postgresql" else sqlite:
        schema_editor.execute(statement)


def create(apps, schema_editor):
    _run(schema_editor, SQLITE_CREATE, POSTGRESQL_CREATE)


def drop(apps, schema_editor):
    _run(schema_editor, SQLITE_DROP, POSTGRESQL_DROP)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
