"""Agents' working hours follow a calendar that now belongs to the businesstime app (same table):
only Django's record of the foreign key changes, the database is left as it is."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assignment', '0002_last_assigned_label'),
        ('businesstime', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='agentprofile',
                    name='calendar',
                    field=models.ForeignKey(blank=True, help_text='Empty: on shift at any time.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='businesstime.calendar', verbose_name='working hours'),
                ),
            ],
        ),
    ]
