"""The business calendars now belong to the businesstime app (businesstime 0001), in the same
tables: policies point there, and sla forgets the models without dropping anything."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sla', '0002_label_wording'),
        ('businesstime', '0001_initial'),
        # agents' working hours must point to businesstime before sla forgets its calendar
        ('assignment', '0003_calendar_in_businesstime'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='slapolicy',
                    name='calendar',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='policies', to='businesstime.calendar', verbose_name='calendar'),
                ),
                migrations.DeleteModel(name='CalendarException'),
                migrations.DeleteModel(name='Calendar'),
            ],
        ),
    ]
