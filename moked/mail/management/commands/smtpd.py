from django.core.management.base import BaseCommand, CommandError

from moked.mail.smtpd import serve_forever


class Command(BaseCommand):
    help = "Receive mail over SMTP (or LMTP with --lmtp) for the configured mailboxes."

    def add_arguments(self, parser):
        parser.add_argument("--listen", default="127.0.0.1:2525", help="HOST:PORT (default 127.0.0.1:2525)")
        parser.add_argument("--lmtp", action="store_true", help="speak LMTP, for an MTA in front")

    def handle(self, listen, lmtp, **options):
        host, _, port = listen.rpartition(":")
        if not host or not port.isdigit():
            raise CommandError("--listen takes HOST:PORT, such as 127.0.0.1:2525")
        self.stdout.write(f"Moked {'LMTP' if lmtp else 'SMTP'} server on {host}:{port}")
        serve_forever(host.strip("[]"), int(port), lmtp=lmtp)
