# The portal links move to accounts (its 0001 takes them over in Django's state): the table and
# its rows stay as they are.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('web', '0001_portal_links'),
        ('accounts', '0001_portal_links_from_web'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='PortalLink')],
            database_operations=[],
        ),
    ]
