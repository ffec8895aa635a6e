from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from moked.knowledge.importing import import_articles


class Command(BaseCommand):
    help = "Knowledge base: `import FILE.jsonl` imports article variants, one JSON object a line."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        importing = actions.add_parser("import", help="Import article variants; all or nothing.")
        importing.add_argument("file", type=Path)

    def handle(self, *, action, file, **options):
        try:
            # Bytes: the import names a line that is not UTF-8 instead of failing on it.
            with file.open("rb") as lines:
                changed = import_articles(None, lines)
        except OSError as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        self.stdout.write(f"{changed} line(s) imported or updated from {file}.")
