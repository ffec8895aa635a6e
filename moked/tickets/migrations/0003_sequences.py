from django.db import migrations

TYPES = ("incident", "service_request", "problem", "change")


def create_sequences(apps, schema_editor):
    sequence = apps.get_model("tickets", "TicketSequence")
    for ticket_type in TYPES:
        sequence.objects.get_or_create(ticket_type=ticket_type)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0002_search")]

    operations = [migrations.RunPython(create_sequences, migrations.RunPython.noop)]
