import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from moked.classification.learning import EvaluationError, evaluate
from moked.classification.tables import TableError, read_labelled_texts


class Command(BaseCommand):
    help = (
        "Classification: `evaluate FILE.csv --text COLUMN[,COLUMN...] --label COLUMN` trains the "
        "pipeline Moked trains on a CSV file and prints its figures on held-out rows as one JSON object."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        evaluating = actions.add_parser(
            "evaluate",
            help="Stratified 80/20 split and cross-validation of the pipeline on a CSV file.",
        )
        evaluating.add_argument("file", type=Path, help="CSV with a header line, in any spreadsheet encoding")
        evaluating.add_argument(
            "--text", required=True, help="the column(s) holding the text, separated by commas"
        )
        evaluating.add_argument("--label", required=True, help="the column holding the label to predict")
        evaluating.add_argument(
            "--folds", type=int, default=5, help="cross-validation folds (default 5; 0 for none)"
        )
        evaluating.add_argument("--seed", type=int, default=0, help="seed of the split and folds (default 0)")

    def handle(self, *, action, file, text, label, folds, seed, **options):
        text_columns = [name for name in text.split(",") if name.strip()]
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror or error}") from error
        try:
            table = read_labelled_texts(data, text_columns, label)
            evaluation = evaluate(table.texts, table.labels, folds=folds, seed=seed)
        except (TableError, EvaluationError) as error:
            raise CommandError(f"{file}: {error}") from error
        figures = evaluation.as_dict()
        figures["unlabelled_rows"] = table.unlabelled
        self.stdout.write(json.dumps(figures, ensure_ascii=False))
