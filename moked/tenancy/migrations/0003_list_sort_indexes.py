"""Organisations by name: ticket lists sorted by organisation read them in this order (SQLite then
sorts each organisation's open tickets alone, and stops after a page)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("tenancy", "0002_organisation_tags")]

    operations = [
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(fields=["name"], name="organisation_name"),
        ),
    ]
