"""Replaying the demo's tickets in several processes at once, on SQLite.

The plan comes in `CHUNKS` consecutive chunks, each replayed on its own: its tickets, then the SLA
check. This process replays the first group of chunks into the database; each other group is
replayed at the same time by a forked process into a copy of the database as it was before (made
with SQLite's backup), its ticket numbers reserved in advance. Each copy's new rows are then
appended to the database, group after group, their ids (and the references to them) shifted past
the rows already there. So the database ends row for row as one process replaying every chunk in
turn leaves it (`tests/cli/test_demo.py` compares them), in a fraction of the time: the replay
spends its time in Python (building queries), one CPU per process.

A group must not change a row that existed before it (a configuration row): this is checked, and
the load fails rather than lose such a change. Ticket numbers are the one change expected there.
"""

import multiprocessing
import os
import shutil
import sqlite3
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import pairwise
from pathlib import Path

from django.apps import apps
from django.db import connection, connections, models, transaction

from moked.tickets.models import Escalation, TicketEvent, TicketSequence

CHUNKS = 12  # shared evenly by 1, 2, 3 or 4 processes; the same chunks however many there are
MAX_PROCESSES = 4
MIN_GROUP = 100  # fewer tickets for a process than this are not worth forking it


def default_processes() -> int:
    return max(1, min(MAX_PROCESSES, len(os.sched_getaffinity(0))))


def possible() -> bool:
    """Forking needs SQLite, and nothing uncommitted that a copy would miss."""
    return connection.vendor == "sqlite" and not connection.in_atomic_block


def replay(
    chunks: Sequence[Sequence],
    replay_chunk: Callable[[Sequence, Callable[[int], None]], None],
    *,
    processes: int,
    numbers: Callable[[Sequence], Counter],
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """`replay_chunk(chunk, done)` for each chunk in turn, in up to `processes` processes; `numbers(chunk)`
    counts the ticket numbers a chunk takes per ticket type; `done(n)` reports n more tickets.
    Returns how many processes replayed them."""
    total = sum(len(chunk) for chunk in chunks)
    processes = min(processes, len(chunks), max(1, total // MIN_GROUP))
    if processes <= 1 or not possible():
        _replay_here(chunks, replay_chunk, total, progress)
        return 1
    bounds = [round(index * len(chunks) / processes) for index in range(processes + 1)]
    groups = [chunks[first:last] for first, last in pairwise(bounds)]
    folder = Path(tempfile.mkdtemp(prefix="moked-demo-"))
    children = []
    try:
        base = _copy(folder / "base.sqlite3")
        copies = [_copy(folder / f"group{index}.sqlite3") for index in range(1, len(groups))]
        taken = sum((numbers(chunk) for chunk in groups[0]), Counter())
        for group, copy in zip(groups[1:], copies, strict=True):
            _reserve_numbers(copy, taken)
            taken += sum((numbers(chunk) for chunk in group), Counter())
        connections.close_all()  # a forked process must not share this one's connection
        context = multiprocessing.get_context("fork")
        counter = context.Value("i", 0)
        for group, copy in zip(groups[1:], copies, strict=True):
            receiving, sending = context.Pipe(duplex=False)
            child = context.Process(target=_child, args=(replay_chunk, group, copy, counter, sending))
            child.start()
            sending.close()
            children.append((child, receiving))

        def done(count: int) -> None:
            with counter.get_lock():
                counter.value += count
            if progress:
                progress(counter.value, total)

        for chunk in groups[0]:
            replay_chunk(chunk, done)
        failures = []
        for child, receiving in children:
            try:
                failure = receiving.recv()
            except EOFError:
                failure = f"a replaying process ended with code {child.exitcode} and no word"
            child.join()
            if failure:
                failures.append(failure)
        children = []
        if failures:
            raise RuntimeError("Replaying part of the demo failed:\n" + "\n".join(failures))
        _append(base, copies)
        if progress:
            progress(total, total)
        return len(groups)
    finally:
        for child, _ in children:  # this process failed first: the others' work is of no use
            child.terminate()
            child.join()
        shutil.rmtree(folder, ignore_errors=True)


def _replay_here(chunks, replay_chunk, total: int, progress) -> None:
    done_so_far = 0

    def done(count: int) -> None:
        nonlocal done_so_far
        done_so_far += count
        if progress:
            progress(done_so_far, total)

    for chunk in chunks:
        replay_chunk(chunk, done)


def _child(replay_chunk, group, copy: Path, counter, sending) -> None:
    try:
        # Connections opened from now on, in this process only, go to the copy; a copy is thrown
        # away if anything fails, so it need not survive a crash. A connection inherited open (an
        # in-memory database stays open) is left alone: it belongs to the parent.
        for each in connections.all(initialized_only=True):
            each.connection = None
        connection.settings_dict["NAME"] = str(copy)
        connection.settings_dict["OPTIONS"] = {
            **connection.settings_dict.get("OPTIONS", {}),
            "init_command": "PRAGMA synchronous=OFF; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;",
        }

        def done(count: int) -> None:
            with counter.get_lock():
                counter.value += count

        for chunk in group:
            replay_chunk(chunk, done)
        connections.close_all()
        sending.send("")
    except BaseException:
        sending.send(traceback.format_exc())
        raise


def _copy(path: Path) -> Path:
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    return path


def _reserve_numbers(copy: Path, taken: Counter) -> None:
    """The copy's tickets of each type are numbered after those the earlier parts take."""
    table = TicketSequence._meta.db_table
    with sqlite3.connect(copy) as database:
        for ticket_type, count in taken.items():
            updated = database.execute(
                f"UPDATE {table} SET last_number = last_number + ? WHERE ticket_type = ?",  # noqa: S608
                (count, ticket_type),
            ).rowcount
            if not updated:
                database.execute(
                    f"INSERT INTO {table} (ticket_type, last_number) VALUES (?, ?)",  # noqa: S608
                    (ticket_type, count),
                )
    database.close()


# --- appending the parts ------------------------------------------------------------------------

# The ids of rows the replay adds that are kept inside JSON values, shifted like references:
# (model, JSON field, key, the model whose id it is). The test comparing a parallel load with a
# load in one process finds any that is missing.
IDS_IN_JSON = ((TicketEvent, "data", "escalation", Escalation),)


def _tables() -> list[type[models.Model]]:
    """Every model with an integer primary key: the rows a part adds."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and isinstance(model._meta.pk, models.AutoField)
    ]


def _last_ids(cursor, schema: str) -> dict[str, int]:
    """The last id handed out per table (sqlite_sequence: ids are never reused, even after a delete)."""
    cursor.execute(f"SELECT name, seq FROM {schema}.sqlite_sequence")  # noqa: S608
    return dict(cursor.fetchall())


def _append(base: Path, copies: list[Path]) -> None:
    tables = _tables()
    schemas = [f"part{index}" for index in range(1, len(copies) + 1)]
    # SQLite attaches and detaches databases outside of transactions only.
    with connection.cursor() as cursor:
        cursor.execute("ATTACH DATABASE %s AS base", [str(base)])
        for schema, copy in zip(schemas, copies, strict=True):
            cursor.execute("ATTACH DATABASE %s AS " + schema, [str(copy)])
        try:
            with transaction.atomic():
                before = _last_ids(cursor, "base")
                _check_configuration_kept(cursor, "main", tables, before)
                for schema in schemas:
                    _check_configuration_kept(cursor, schema, tables, before)
                    _append_part(cursor, schema, tables, before)
        finally:
            for schema in ["base", *schemas]:
                cursor.execute("DETACH DATABASE " + schema)


def _check_configuration_kept(cursor, schema: str, tables, before: dict[str, int]) -> None:
    """The rows that existed before the replay are as they were (ticket numbers aside)."""
    for model in tables:
        table, pk = model._meta.db_table, model._meta.pk.column
        last = before.get(table, 0)
        for first, second in ((schema, "base"), ("base", schema)):
            cursor.execute(
                f'SELECT COUNT(*) FROM (SELECT * FROM {first}."{table}" WHERE "{pk}" <= %s '  # noqa: S608
                f'EXCEPT SELECT * FROM {second}."{table}" WHERE "{pk}" <= %s)',
                [last, last],
            )
            if cursor.fetchone()[0]:
                raise RuntimeError(
                    f"Replaying the demo changed rows of {table} that existed before it, which a "
                    "parallel load cannot carry over: load it with --processes 1."
                )


def _shifted_ids_in_json(model, field, column: str, before: dict[str, int], shift: dict[str, int]) -> str:
    expression = column
    for owner, name, key, target in IDS_IN_JSON:
        table = target._meta.db_table
        if owner is model and name == field.name and shift.get(table):
            path = f"'$.{key}'"
            expression = (
                f"CASE WHEN json_extract({expression}, {path}) > {before.get(table, 0)} "
                f"THEN json_set({expression}, {path}, json_extract({expression}, {path}) + {shift[table]}) "
                f"ELSE {expression} END"
            )
    return expression


def _append_part(cursor, part: str, tables, before: dict[str, int]) -> None:
    now = _last_ids(cursor, "main")
    added = _last_ids(cursor, part)
    shift = {table: now.get(table, 0) - before.get(table, 0) for table in added}
    for model in tables:
        table = model._meta.db_table
        last = before.get(table, 0)
        if added.get(table, 0) <= last:
            continue
        columns, values = [], []
        for field in model._meta.local_concrete_fields:
            column = f'"{field.column}"'
            columns.append(column)
            target = field.related_model._meta.db_table if field.is_relation else table
            if field.primary_key:
                values.append(f"{column} + {shift[table]}")
            elif field.is_relation and shift.get(target):
                values.append(
                    f"CASE WHEN {column} > {before.get(target, 0)} THEN {column} + {shift[target]} "
                    f"ELSE {column} END"
                )
            else:
                values.append(_shifted_ids_in_json(model, field, column, before, shift))
        pk = model._meta.pk.column
        cursor.execute(
            f'INSERT INTO main."{table}" ({", ".join(columns)}) '  # noqa: S608
            f'SELECT {", ".join(values)} FROM {part}."{table}" WHERE "{pk}" > %s ORDER BY "{pk}"',
            [last],
        )
        # Ids a part handed out and deleted are skipped as they would have been.
        cursor.execute(
            "UPDATE main.sqlite_sequence SET seq = %s WHERE name = %s", [added[table] + shift[table], table]
        )
    table = TicketSequence._meta.db_table
    cursor.execute(
        f"UPDATE main.{table} SET last_number = (SELECT last_number FROM {part}.{table} AS p "  # noqa: S608
        f"WHERE p.ticket_type = main.{table}.ticket_type) "
        f"WHERE ticket_type IN (SELECT ticket_type FROM {part}.{table})"
    )
    cursor.execute(
        f"INSERT INTO main.{table} (ticket_type, last_number) SELECT ticket_type, last_number "  # noqa: S608
        f"FROM {part}.{table} WHERE ticket_type NOT IN (SELECT ticket_type FROM main.{table})"
    )
