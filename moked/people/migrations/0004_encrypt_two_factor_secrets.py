"""Two-factor keys (TOTP secrets, recovery-code seeds) are stored encrypted from now on, through
Moked's MFA adapter (moked.web.accounts.two_factor): those allauth stored in plain text are encrypted."""

from django.db import migrations

import moked.encryption


def _rewrite(apps, transform):
    authenticator = apps.get_model("mfa", "Authenticator")
    for pk, data in authenticator.objects.values_list("pk", "data").iterator():
        changed = moked.encryption.transform_authenticator_data(data or {}, transform)
        if changed != data:
            authenticator.objects.filter(pk=pk).update(data=changed)


def encrypt(apps, schema_editor):
    _rewrite(apps, moked.encryption.sealed)


def decrypt(apps, schema_editor):
    _rewrite(apps, moked.encryption.unsealed)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_group_requires_two_factor"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt, decrypt)]
