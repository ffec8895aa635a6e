from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from moked.knowledge.importing import import_articles
from moked.knowledge.indexing import reindex_all
from moked.knowledge.search_model import train_search_model


class Command(BaseCommand):
    help = (
        "Knowledge base: `import FILE.jsonl` imports article variants, one JSON object a line; "
        "`train-search` trains the search's semantic model on the articles; `reindex` rewrites "
        "the search index."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        importing = actions.add_parser("import", help="Import article variants; all or nothing.")
        importing.add_argument("file", type=Path)
        actions.add_parser("train-search", help="Train the search's semantic model on the articles.")
        actions.add_parser("reindex", help="Rewrite the search index from the articles' variants.")

    def handle(self, *, action, **options):
        if action == "train-search":
            name = train_search_model()
            if name is None:
                self.stdout.write("Too few articles to train on: search stays as it was.")
            else:
                self.stdout.write(f"Search model trained and saved as {name}.")
            return
        if action == "reindex":
            self.stdout.write(f"{reindex_all()} article variant(s) indexed.")
            return
        file = options["file"]
        try:
            # Bytes: the import names a line that is not UTF-8 instead of failing on it.
            with file.open("rb") as lines:
                changed = import_articles(None, lines)
        except OSError as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        self.stdout.write(f"{changed} line(s) imported or updated from {file}.")
