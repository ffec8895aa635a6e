"""IMAP passwords are stored encrypted (moked.encryption)."""

from django.db import migrations, models

import moked.encryption


class Migration(migrations.Migration):
    dependencies = [("mail", "0003_inbound_message_discarding")]

    operations = moked.encryption.encrypting_operations(
        "mail",
        "mailbox",
        "imap_password",
        models.TextField(blank=True, verbose_name="IMAP password"),
        moked.encryption.EncryptedTextField(blank=True, verbose_name="IMAP password"),
    )
