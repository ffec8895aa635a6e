"""Remove the statistics the nightly ANALYZE of earlier versions left on SQLite: with them the
planner read all of an organisation's open tickets and sorted them (moked.jobs.tasks)."""

from django.db import migrations


def forget(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is not None:
            cursor.execute("DELETE FROM sqlite_stat1")


class Migration(migrations.Migration):
    dependencies = [("tickets", "0011_open_ticket_count_indexes")]

    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
