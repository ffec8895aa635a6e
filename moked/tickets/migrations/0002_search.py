"""Full-text search of tickets: an FTS5 table with triggers on SQLite, a GIN index on PostgreSQL."""

from django.db import migrations


def _statements(schema_editor, name):
    if schema_editor.connection.vendor == "postgresql":
        from moked.tickets.search import postgresql as backend
    else:
        from moked.tickets.search import sqlite as backend
    return getattr(backend, name)


def create(apps, schema_editor):
    for statement in _statements(schema_editor, "CREATE"):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    for statement in _statements(schema_editor, "DROP"):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
