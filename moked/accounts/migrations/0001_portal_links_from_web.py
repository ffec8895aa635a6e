# The portal links move from the pages' app (web) to accounts, in Django's state only: the table
# keeps its name (web_portallink) and its rows; nothing is rebuilt.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('web', '0001_portal_links'),
        ('tickets', '0010_open_ticket_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PortalLink',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('digest', models.CharField(max_length=64, unique=True, verbose_name='digest')),
                        ('password_stamp', models.CharField(max_length=64, verbose_name='password stamp')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created')),
                        ('expires_at', models.DateTimeField(verbose_name='expires')),
                        ('used_at', models.DateTimeField(blank=True, null=True, verbose_name='used')),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='person')),
                        ('ticket', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tickets.ticket', verbose_name='ticket')),
                    ],
                    options={
                        'verbose_name': 'portal link',
                        'verbose_name_plural': 'portal links',
                        'db_table': 'web_portallink',
                        'indexes': [models.Index(fields=['expires_at'], name='portal_link_expiry'), models.Index(fields=['person', 'ticket', '-created_at'], name='portal_link_latest')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
