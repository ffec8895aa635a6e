import json

from django.core.management.base import BaseCommand

from moked.mail import imap
from moked.mail.models import Mailbox


class Command(BaseCommand):
    help = "Take new mail from every mailbox read over IMAP now (the worker does it every minute)."

    def handle(self, **options):
        for mailbox in Mailbox.objects.exclude(imap_host="").filter(is_active=True):
            for result in imap.poll(mailbox):
                self.stdout.write(
                    json.dumps({"mailbox": mailbox.address, **result.as_dict()}, ensure_ascii=False)
                )
            mailbox.refresh_from_db()
            if mailbox.imap_error:
                self.stderr.write(f"{mailbox.address}: {mailbox.imap_error}")
