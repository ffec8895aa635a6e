"""An index over open tickets in subject order, for the workspace's lists sorted by subject (read a
page at a time, by keyset, like the other orders of migrations 0010 and 0011)."""

from django.db import migrations, models

OPEN_STATUSES = ("new", "assigned", "in_progress", "pending_customer", "pending_third_party")


class Migration(migrations.Migration):
    dependencies = [("tickets", "0012_forget_sqlite_statistics")]

    operations = [
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                condition=models.Q(status__in=OPEN_STATUSES), fields=["subject", "id"], name="ticket_open_subject"
            ),
        ),
    ]
