"""Webhook secrets are stored encrypted (moked.encryption)."""

from django.db import migrations, models

import moked.encryption
import moked.webhooks.models


class Migration(migrations.Migration):
    dependencies = [("webhooks", "0001_initial")]

    operations = moked.encryption.encrypting_operations(
        "webhooks",
        "webhook",
        "secret",
        models.TextField(default=moked.webhooks.models.new_secret, verbose_name="secret"),
        moked.encryption.EncryptedTextField(default=moked.webhooks.models.new_secret, verbose_name="secret"),
    )
