"""Webhook secrets are stored encrypted (moked.encryption): the column becomes text, every stored
secret is encrypted, and the field reads and writes through the keys."""

from django.db import migrations, models

import moked.encryption
import moked.webhooks.models


def encrypt(apps, schema_editor):
    moked.encryption.encrypt_column(apps.get_model("webhooks", "Webhook"), "secret")


def decrypt(apps, schema_editor):
    moked.encryption.decrypt_column(apps.get_model("webhooks", "Webhook"), "secret")


class Migration(migrations.Migration):
    dependencies = [("webhooks", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="webhook",
            name="secret",
            field=models.TextField(default=moked.webhooks.models.new_secret, verbose_name="secret"),
        ),
        migrations.RunPython(encrypt, decrypt),
        migrations.AlterField(
            model_name="webhook",
            name="secret",
            field=moked.encryption.EncryptedTextField(
                default=moked.webhooks.models.new_secret, verbose_name="secret"
            ),
        ),
    ]
