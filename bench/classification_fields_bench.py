"""Classification benchmark of the product's models (`moked.classification.field_models`): all of a
ticket's fields learnt together on shared features.

    .venv/bin/python bench/classification_fields_bench.py predict [--tickets 500]
    .venv/bin/python bench/classification_fields_bench.py train --rows 10000,20000
    .venv/bin/python bench/classification_fields_bench.py tolerance
    .venv/bin/python bench/classification_fields_bench.py create [--tickets 300]

Run on one core: the process pins itself to one CPU and limits BLAS and OpenMP to one thread
(`taskset -c 1` in front pins it to a chosen one). The data are the shared Endava subset
(../shared/data/tickets, 5,431 rows; text: title and body), its fields category,
business_service (as the product's "service"), ticket_type, impact and urgency. The file has no
dates and is sorted by ticket_type, so its rows are shuffled (seed 0) and that order is taken as
time: field_models.train holds out the last 20%.
  - predict: `field_models.train` on all rows, then `FieldModels.predict` of all five fields of
    one ticket at a time, for the last N tickets after 20 warm-ups: median and p95 in ms of wall
    time and of the process's CPU time (on a shared machine the CPU time is the steadier), and
    the features alone, as predicting computes them and as the FeatureUnion's transform would.
  - train: `field_models.train` of the five fields on `--rows` tickets; above 5,431 the rows are
    the real ones resampled with replacement (seed 0), so the vocabulary is the real one and the
    time is that of the number of rows, not of a larger vocabulary.
  - tolerance: category and business_service trained with lbfgs's tolerance 1e-3 (the product's)
    and 1e-4 (scikit-learn's default) on the same time-based 80/20 split: accuracy, macro-F1,
    top-3 and seconds.
  - create: `tickets.services.create_ticket` on a fresh SQLite database, N pairs of tickets after
    20 warm-ups, each pair one without the classifier hook (as before classification) and one
    with it: first with no model, then with an active model trained on 2,000 resolved tickets of
    the organisation (Endava rows; its levels 0-4 clamped to Moked's 1-3; every field in suggest
    mode, the default). Medians and p95 in ms, of wall and CPU time, and the median of the
    pairs' differences.
Prints one JSON object per command.
"""

import sys

# This folder goes last on the path: bench/email.py must not hide the standard library's email.
sys.path.append(sys.path.pop(0))

import argparse
import json
import os
import random
import statistics
import time
from pathlib import Path

# One thread for BLAS and OpenMP, set before NumPy and scikit-learn are first imported.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

# The product's field name for each of the file's columns.
COLUMNS = {
    "category": "category",
    "business_service": "service",
    "ticket_type": "ticket_type",
    "impact": "impact",
    "urgency": "urgency",
}
WARM_UPS = 20


def _one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})


def _shared_tickets() -> Path:
    for folder in Path(__file__).resolve().parents[1].parents:
        if (folder / "shared" / "data").is_dir():
            return folder / "shared" / "data" / "tickets"
    return Path(__file__).resolve().parents[2] / "shared" / "data" / "tickets"


def endava(folder: Path):
    """(samples, {field: labels}) of the Endava subset, shuffled with seed 0: the file has no
    dates and is sorted by ticket_type (its last 576 rows are all of type 0), so in the file's
    order the oldest 80% would hold one ticket type, one impact and one urgency."""
    import csv

    from moked.classification.field_models import Sample

    with (folder / "endava_it_tickets_subset.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    random.Random(0).shuffle(rows)
    samples = [Sample(f"{row['title']}\n{row['body']}") for row in rows]
    labels = {field: [row[column] or None for row in rows] for column, field in COLUMNS.items()}
    return samples, labels


def resampled(samples, labels, rows: int, seed: int = 0):
    """`rows` of the real rows: all of them while they last, then drawn with replacement."""
    if rows <= len(samples):
        chosen = list(range(rows))
    else:
        draw = random.Random(seed)
        chosen = list(range(len(samples))) + [
            draw.randrange(len(samples)) for _ in range(rows - len(samples))
        ]
        draw.shuffle(chosen)
    return [samples[i] for i in chosen], {
        field: [values[i] for i in chosen] for field, values in labels.items()
    }


def summary(times: list[float]) -> dict:
    return {
        "median_ms": round(statistics.median(times), 3),
        "p95_ms": round(statistics.quantiles(times, n=20)[-1], 3),
    }


def predict(options) -> dict:
    from moked.classification import field_models

    samples, labels = endava(options.data)
    started = time.perf_counter()
    models, _skipped = field_models.train(samples, labels)
    training = time.perf_counter() - started
    assert models is not None
    for sample in samples[:WARM_UPS]:
        models.predict(sample)
    tested = samples[-options.tickets :]
    whole, whole_cpu, features, features_cpu = [], [], [], []
    for sample in tested:
        began, cpu = time.perf_counter(), time.process_time()
        found = models.predict(sample)
        whole.append((time.perf_counter() - began) * 1000)
        whole_cpu.append((time.process_time() - cpu) * 1000)
        assert len(found) == len(COLUMNS)
    union_cpu = []
    for sample in tested:
        began, cpu = time.perf_counter(), time.process_time()
        field_models.transform_one(models.features, sample)
        features.append((time.perf_counter() - began) * 1000)
        features_cpu.append((time.process_time() - cpu) * 1000)
        # what predicting used before: the FeatureUnion's own transform, with scikit-learn's checks
        cpu = time.process_time()
        models.features.transform([sample])
        union_cpu.append((time.process_time() - cpu) * 1000)
    return {
        "rows": len(samples),
        "fields": sorted(models.models),
        "classes": {name: len(model.classes_) for name, model in models.models.items()},
        "train_s": round(training, 1),
        "tickets_predicted": len(tested),
        "all_fields_of_one_ticket": summary(whole),
        "all_fields_of_one_ticket_cpu": summary(whole_cpu),
        "features_only": summary(features),
        "features_only_cpu": summary(features_cpu),
        "features_by_the_union_cpu": summary(union_cpu),
    }


def train(options) -> dict:
    from moked.classification import field_models

    samples, labels = endava(options.data)
    found = {}
    for rows in [int(value) for value in options.rows.split(",")]:
        some, their = resampled(samples, labels, rows)
        started, cpu = time.perf_counter(), time.process_time()
        models, _skipped = field_models.train(some, their)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert models is not None
        found[str(rows)] = {
            "train_s": round(seconds, 1),
            "train_cpu_s": round(cpu, 1),
            "resampled": rows > len(samples),
            "accuracy": {name: round(e.accuracy, 3) for name, e in models.evaluations.items()},
        }
        print(json.dumps({rows: found[str(rows)]}), file=sys.stderr, flush=True)
    return found


def tolerance(options) -> dict:
    from moked.classification import field_models

    samples, labels = endava(options.data)
    found = {}
    for tol in (1e-3, 1e-4):
        # the same tolerance whatever the number of classes, as when this was measured
        field_models.TOLERANCE_FEW_CLASSES = field_models.TOLERANCE_MANY_CLASSES = tol
        for name in ("category", "service"):
            started, cpu = time.perf_counter(), time.process_time()
            models, _skipped = field_models.train(samples, {name: labels[name]})
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            assert models is not None
            figures = models.evaluations[name]
            found[f"{name} tol={tol:g}"] = {
                "rows_held_out": figures.rows,
                "accuracy": round(figures.accuracy, 4),
                "macro_f1": round(figures.macro_f1, 4),
                "top3": round(figures.top3, 4),
                "coverage_at_95": round(figures.coverage_at(figures.threshold_for(0.95)), 4),
                "train_s": round(seconds, 1),
                "train_cpu_s": round(cpu, 1),
                "iterations": int(models.models[name].n_iter_[0]),
            }
            print(json.dumps(found[f"{name} tol={tol:g}"]), file=sys.stderr, flush=True)
    return found


def create(options) -> dict:
    """In a child process against a fresh, migrated SQLite database (see databases.py)."""
    import subprocess

    from databases import fresh_database, moked

    work = Path(__file__).resolve().parent / "out" / "work"
    work.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": fresh_database("sqlite", work, "classification"),
        "MOKED_DATA_DIR": str(work),
    }
    moked(env, "migrate", "-v0")
    done = subprocess.run(
        [
            sys.executable,
            __file__,
            "create-child",
            "--tickets",
            str(options.tickets),
            "--data",
            str(options.data),
        ],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def create_child(options) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moked.settings")
    django.setup()
    from moked.catalog import services as catalog
    from moked.classification import services as classification
    from moked.classification import training
    from moked.classification.models import TicketPrediction
    from moked.people import services as people
    from moked.people.models import Person, Role
    from moked.tenancy.models import EmailDomain, Organisation
    from moked.tickets import classifying, lifecycle
    from moked.tickets import services as tickets
    from moked.tickets.models import Ticket, TicketType

    admin = Person.objects.create(username="admin", name="Admin", role=Role.ADMIN)
    organisation = Organisation.objects.create(code="BENCH", name="Bench", timezone="UTC", country="GB")
    EmailDomain.objects.create(organisation=organisation, domain="bench.example")
    requesters = [
        Person.objects.create(
            username=f"req{n}",
            name=f"Requester {n}",
            email=f"req{n}@bench.example",
            role=Role.END_USER,
            organisation=organisation,
        )
        for n in range(20)
    ]
    samples, labels = endava(options.data)
    categories = {
        code: catalog.create_category(admin, name=f"Category {code}")
        for code in sorted(set(labels["category"]) - {None})
    }
    services = {
        code: catalog.create_service(
            admin, organisation=organisation, name=f"Service {code}", runbook="Bench runbook."
        )
        for code in sorted(set(labels["service"]) - {None})
    }
    groups = {code: people.create_group(admin, name=f"Group {code}", tier=1) for code in categories}
    types = {"0": TicketType.INCIDENT, "1": TicketType.SERVICE_REQUEST}

    def level(value):
        return min(3, max(1, int(value))) if value else None

    history = 2000
    for index in range(history):
        ticket = tickets.create_ticket(
            admin,
            organisation=organisation,
            requester=requesters[index % len(requesters)],
            subject=samples[index].text.partition("\n")[0] or "-",
            description=samples[index].text.partition("\n")[2],
            category=categories.get(labels["category"][index]),
            service=services.get(labels["service"][index]),
            group=groups.get(labels["category"][index]),
            ticket_type=types.get(labels["ticket_type"][index], TicketType.INCIDENT),
            impact=level(labels["impact"][index]),
            urgency=level(labels["urgency"][index]),
        )
    Ticket.objects.filter(organisation=organisation).update(
        status=lifecycle.RESOLVED, resolved_at=ticket.created_at
    )
    fresh = samples[history:]

    hook = list(classifying._classifier)
    counter = iter(range(10**9))

    def create_one() -> tuple[float, float]:
        index = next(counter)
        sample = fresh[index % len(fresh)]
        began, cpu = time.perf_counter(), time.process_time()
        tickets.create_ticket(
            admin,
            organisation=organisation,
            requester=requesters[index % len(requesters)],
            subject=sample.text.partition("\n")[0] or "-",
            description=sample.text.partition("\n")[2],
        )
        return (time.perf_counter() - began) * 1000, (time.process_time() - cpu) * 1000

    def pairs() -> dict:
        """Tickets created alternately without the classifier and with it, so that both see the
        same load of the machine; the medians of each, and the median of the pairs' differences."""
        without, with_hook = [], []
        for index in range(WARM_UPS + options.tickets):
            classifying._classifier[:] = []
            alone = create_one()
            classifying._classifier[:] = hook
            classified = create_one()
            if index >= WARM_UPS:
                without.append(alone)
                with_hook.append(classified)
        found = {}
        for unit, position in (("wall", 0), ("cpu", 1)):
            first = [item[position] for item in without]
            second = [item[position] for item in with_hook]
            found[unit] = {
                "without_classifier": summary(first),
                "with_classifier": summary(second),
                "difference_median_ms": round(
                    statistics.median(b - a for a, b in zip(first, second, strict=True)), 3
                ),
            }
        return found

    no_model = pairs()
    started = time.perf_counter()
    model = training.train(organisation)
    training_s = time.perf_counter() - started
    assert model is not None and model.state == "active", model
    before = TicketPrediction.objects.count()
    with_model = pairs()
    predictions = TicketPrediction.objects.count() - before
    assert predictions >= options.tickets, predictions
    return {
        "database": "sqlite",
        "history_tickets": history,
        "model_fields": sorted(model.evaluation),
        "model_training_s": round(training_s, 1),
        "modes": {
            field: mode for field, (mode, _target) in classification.field_settings(organisation.pk).items()
        },
        "tickets_created": options.tickets,
        "no_model": no_model,
        "with_model": with_model,
        "predictions_recorded": predictions,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=["predict", "train", "tolerance", "create", "create-child"])
    parser.add_argument("--data", type=Path, default=_shared_tickets(), help="folder of the ticket data sets")
    parser.add_argument("--tickets", type=int, default=500, help="tickets predicted or created")
    parser.add_argument("--rows", default="10000", help="training sizes, comma-separated")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the command to this file")
    options = parser.parse_args()
    _one_core()
    command = {
        "predict": predict,
        "train": train,
        "tolerance": tolerance,
        "create": create,
        "create-child": create_child,
    }[options.command]
    if options.profile:
        import cProfile

        profiler = cProfile.Profile()
        result = profiler.runcall(command, options)
        profiler.dump_stats(options.profile)
    else:
        result = command(options)
    print(json.dumps(result, indent=None if options.command == "create-child" else 2))


if __name__ == "__main__":
    main()
