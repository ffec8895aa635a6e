import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from moked.mail.ingest import ingest, mailbox_for
from moked.mail.models import InboundMessage


class Command(BaseCommand):
    help = (
        "Take in e-mail for a mailbox: one message on standard input (an MTA pipe), or .eml files "
        "(an import of old mail, such as a migration from another help desk: counted against the "
        "per-sender limit by the messages' own dates, and nobody is mailed about it). Prints one "
        "JSON line per message: file, outcome, ticket, subject, reason. Exits 0 when every message "
        "was accounted for."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, help="the mailbox address the mail was sent to")
        parser.add_argument("--from", dest="envelope_from", default="", help="the envelope sender, if known")
        parser.add_argument("files", nargs="*", help=".eml files; none (or -) reads standard input")

    def handle(self, to, envelope_from, files, **options):
        if mailbox_for(to) is None:
            raise CommandError(f"No active mailbox has the address {to!r} (see `moked mailboxes`).")
        for name in files or ["-"]:
            piped = name == "-"
            raw = sys.stdin.buffer.read() if piped else self._read(name)
            source = InboundMessage.Source.GATE if piped else InboundMessage.Source.IMPORT
            result = ingest(raw, to=to, source=source, envelope_from=envelope_from)
            line = {"file": name, **result.as_dict()}
            self.stdout.write(json.dumps(line, ensure_ascii=False))
            self.stdout.flush()

    def _read(self, name: str) -> bytes:
        try:
            return Path(name).read_bytes()
        except OSError as error:
            raise CommandError(f"{name}: {error.strerror}") from error
