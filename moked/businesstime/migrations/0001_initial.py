"""The business calendars move here from the sla app, tables and rows as they are.

Only Django's record of the models moves (state operations): the tables keep their names
(sla_calendar, sla_calendarexception, see the models' Meta.db_table), so nothing is rebuilt or
copied. The content types are renamed in place, so that permissions and admin history follow.
sla 0003 and assignment 0003 then point their foreign keys here and sla forgets the models.
"""

import django.db.models.deletion
import moked.tenancy.validators
from django.db import migrations, models

MOVED = ["calendar", "calendarexception"]


def rename_content_types(old_label: str, new_label: str):
    def rename(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        taken = set(ContentType.objects.filter(app_label=new_label, model__in=MOVED).values_list("model", flat=True))
        ContentType.objects.filter(app_label=old_label, model__in=[m for m in MOVED if m not in taken]).update(
            app_label=new_label
        )

    return rename


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('sla', '0002_label_wording'),
        ('tenancy', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Calendar',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('timezone', models.CharField(max_length=64, validators=[moked.tenancy.validators.validate_timezone], verbose_name='time zone')),
                        ('always_open', models.BooleanField(default=False, help_text='Every hour of every day counts.', verbose_name='24x7')),
                        ('country', models.CharField(blank=True, help_text='ISO 3166 country whose public holidays are closed; empty for none.', max_length=2, validators=[moked.tenancy.validators.validate_country], verbose_name='public holidays of')),
                        ('subdivision', models.CharField(blank=True, help_text='For regional holidays.', max_length=10, verbose_name='region')),
                        ('weekly_hours', models.JSONField(blank=True, default=dict, help_text='Per weekday (0 = Monday) a list of ["HH:MM", "HH:MM"] intervals, e.g. {"0": [["08:00", "12:00"], ["13:00", "17:00"]]}.', verbose_name='weekly hours')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('organisation', models.ForeignKey(blank=True, help_text="Empty: the provider's own, usable for every organisation.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name='calendars', to='tenancy.organisation', verbose_name='organisation')),
                    ],
                    options={
                        'verbose_name': 'business calendar',
                        'verbose_name_plural': 'business calendars',
                        'db_table': 'sla_calendar',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='CalendarException',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(verbose_name='date')),
                        ('hours', models.JSONField(blank=True, default=list, help_text='Empty: closed all day.', verbose_name='hours')),
                        ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                        ('calendar', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='exceptions', to='businesstime.calendar', verbose_name='calendar')),
                    ],
                    options={
                        'verbose_name': 'calendar exception',
                        'verbose_name_plural': 'calendar exceptions',
                        'db_table': 'sla_calendarexception',
                        'ordering': ['date'],
                        'constraints': [models.UniqueConstraint(fields=('calendar', 'date'), name='unique_exception_per_date')],
                    },
                ),
            ],
        ),
        migrations.RunPython(rename_content_types("sla", "businesstime"), rename_content_types("businesstime", "sla")),
    ]
