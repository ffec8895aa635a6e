"""`moked reencrypt-secrets`: write every stored secret again with the newest key."""

from allauth.mfa.models import Authenticator
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from moked import encryption


class Command(BaseCommand):
    help = (
        "Encrypt every stored secret (IMAP passwords, webhook secrets, two-factor keys) again with the "
        "newest key of MOKED_ENCRYPTION_KEYS, after putting a new key first; then the old keys can go. "
        "--new-key prints a new key."
    )

    def add_arguments(self, parser):
        parser.add_argument("--new-key", action="store_true", help="print a new key and change nothing")

    def handle(self, new_key, **options):
        if new_key:
            self.stdout.write(encryption.new_key())
            return
        unreadable = []
        for model, field in _encrypted_fields():
            done = 0
            for record in model.objects.exclude(**{field: ""}).only("pk", field).iterator():
                value = getattr(record, field)
                if isinstance(value, encryption.Unreadable):
                    unreadable.append(f"{model._meta.label} {record.pk} {field}")
                    continue
                model.objects.filter(pk=record.pk).update(**{field: value})  # encrypted with the newest key
                done += 1
            self.stdout.write(f"{model._meta.label}.{field}: {done} re-encrypted")
        done = 0
        for authenticator in Authenticator.objects.iterator():
            try:
                data = encryption.transform_authenticator_data(authenticator.data, encryption.reencrypt)
            except encryption.SecretUnreadable:
                unreadable.append(f"{Authenticator._meta.label} {authenticator.pk}")
                continue
            Authenticator.objects.filter(pk=authenticator.pk).update(data=data)
            done += 1
        self.stdout.write(f"{Authenticator._meta.label}.data: {done} re-encrypted")
        if unreadable:
            raise CommandError(
                "No key decrypts these (restore the key they were encrypted with, or enter them again): "
                + ", ".join(unreadable)
            )


def _encrypted_fields():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, encryption.EncryptedTextField):
                yield model, field.name
