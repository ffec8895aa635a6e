"""Classification benchmark: training on the Endava ticket subset, and predicting one ticket.

    .venv/bin/python bench/classification_bench.py [--data ../shared/data/tickets] [--tickets 500]

On one core (the process pinned to one CPU, BLAS and OpenMP limited to one thread), for each of
the Endava subset's fields `category`, `business_service` and `ticket_type` (text: title and
body, as `moked classifier evaluate --text title,body` reads them):
  - train: fitting `moked.classification.learning.fit` on all 5,431 rows, seconds (one run);
  - predict: `Classifier.predict` of the three likeliest labels for one ticket at a time, over
    N tickets of the file after 20 warm-ups; median and p95 in milliseconds, per field and for
    the three fields of one ticket together (what a new ticket would cost).
Prints one JSON object. The figures of quality (accuracy, coverage...) come from
`moked classifier evaluate`; see bench/RESULTS.md.
"""

import sys

# This folder goes last on the path: bench/email.py must not hide the standard library's email.
sys.path.append(sys.path.pop(0))

import argparse
import json
import os
import statistics
import time
from pathlib import Path

FIELDS = ("category", "business_service", "ticket_type")
WARM_UPS = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=_shared_tickets(), help="folder of the ticket data sets")
    parser.add_argument("--tickets", type=int, default=500, help="tickets predicted one at a time")
    options = parser.parse_args()
    # One thread for BLAS and OpenMP, set before NumPy and scikit-learn are first imported.
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = "1"
    from moked.classification.learning import fit
    from moked.classification.tables import read_labelled_texts

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    data = (options.data / "endava_it_tickets_subset.csv").read_bytes()
    report: dict[str, object] = {"tickets_predicted": options.tickets}
    per_ticket: list[float] = [0.0] * options.tickets
    for field in FIELDS:
        table = read_labelled_texts(data, ["title", "body"], field)
        started = time.perf_counter()
        classifier = fit(table.texts, table.labels)
        training = time.perf_counter() - started
        for text in table.texts[:WARM_UPS]:
            classifier.predict([text])
        timings = []
        for position, text in enumerate(table.texts[: options.tickets]):
            started = time.perf_counter()
            classifier.predict([text])
            took = (time.perf_counter() - started) * 1000
            timings.append(took)
            per_ticket[position] += took
        report[field] = {
            "rows": len(table.texts),
            "classes": len(classifier.labels),
            "train_s": round(training, 2),
            "predict_median_ms": round(statistics.median(timings), 3),
            "predict_p95_ms": round(_p95(timings), 3),
        }
    report["all_three_fields"] = {
        "predict_median_ms": round(statistics.median(per_ticket[: options.tickets]), 3),
        "predict_p95_ms": round(_p95(per_ticket[: options.tickets]), 3),
    }
    print(json.dumps(report, indent=2))


def _shared_tickets() -> Path:
    # `../shared/data` beside the checkout, or the first `shared/data` found walking up from it.
    for folder in Path(__file__).resolve().parents[1].parents:
        if (folder / "shared" / "data").is_dir():
            return folder / "shared" / "data" / "tickets"
    return Path(__file__).resolve().parents[2] / "shared" / "data" / "tickets"


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


if __name__ == "__main__":
    main()
