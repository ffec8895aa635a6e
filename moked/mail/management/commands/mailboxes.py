from django.core.management.base import BaseCommand

from moked.mail.models import Mailbox


class Command(BaseCommand):
    help = "List the addresses Moked receives mail for, one per line."

    def handle(self, **options):
        for address in (
            Mailbox.objects.filter(is_active=True).order_by("address").values_list("address", flat=True)
        ):
            self.stdout.write(address)
