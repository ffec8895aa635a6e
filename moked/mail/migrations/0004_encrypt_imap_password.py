"""IMAP passwords are stored encrypted (moked.encryption): the column becomes text, every stored
password is encrypted, and the field reads and writes through the keys."""

from django.db import migrations, models

import moked.encryption


def encrypt(apps, schema_editor):
    moked.encryption.encrypt_column(apps.get_model("mail", "Mailbox"), "imap_password")


def decrypt(apps, schema_editor):
    moked.encryption.decrypt_column(apps.get_model("mail", "Mailbox"), "imap_password")


class Migration(migrations.Migration):
    dependencies = [("mail", "0003_inbound_message_discarding")]

    operations = [
        migrations.AlterField(
            model_name="mailbox",
            name="imap_password",
            field=models.TextField(blank=True, verbose_name="IMAP password"),
        ),
        migrations.RunPython(encrypt, decrypt),
        migrations.AlterField(
            model_name="mailbox",
            name="imap_password",
            field=moked.encryption.EncryptedTextField(blank=True, verbose_name="IMAP password"),
        ),
    ]
