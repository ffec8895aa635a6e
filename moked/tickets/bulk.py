"""Importing many tickets at once (a migration from another help desk, benchmark data).

Imported tickets keep their own times and statuses; the services' rules for live changes do not
replay a history that happened elsewhere. Each ticket gets one "imported" event holding the
snapshot it arrived with, so its timeline still says where every value came from.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from itertools import islice

from django.db import connection, transaction

from . import lifecycle, search
from .models import EventChannel, EventKind, Ticket, TicketEvent, TicketSequence, TicketType


@dataclass(frozen=True)
class ImportedTicket:
    organisation_id: int
    requester_id: int
    subject: str
    description: str
    created_at: datetime
    status: str = lifecycle.NEW
    ticket_type: str = TicketType.INCIDENT
    impact: int = 3
    urgency: int = 3
    priority: int = 4
    channel: str = "email"
    updated_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    resolution_code: str = ""
    reopen_count: int = 0
    group_id: int | None = None
    assignee_id: int | None = None
    tier: int = 1
    source: dict = field(default_factory=dict)  # what the other system called it, kept in the event


def _reserve_numbers(ticket_type: str, count: int) -> int:
    """Reserve `count` consecutive numbers of a type; returns the first."""
    table = TicketSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_number = last_number + %s WHERE ticket_type = %s RETURNING last_number",  # noqa: S608
            [count, ticket_type],
        )
        (last,) = cursor.fetchone()
    return last - count + 1


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class _RowWriter:
    """Plain rows written without the per-object cost of bulk_create: COPY on PostgreSQL, one
    executemany INSERT on SQLite; values prepared for the current database."""

    def __init__(self, model):
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.names = [f.attname for f in fields]
        self.defaults = {f.attname: f.get_default() for f in fields}
        # Numbers, text, booleans and None go as they are. Datetimes go straight to the backend's
        # adapter (the caller vouches that they are aware); JSON through its field.
        adapt_datetime = connection.ops.adapt_datetimefield_value
        self.prepare = {
            f.attname: adapt_datetime
            if f.get_internal_type() == "DateTimeField"
            else partial(f.get_db_prep_save, connection=connection)
            for f in fields
            if f.get_internal_type() in ("DateTimeField", "JSONField")
        }
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        self.sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
        self.copy_sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"

    def write(self, rows: list[dict]) -> None:
        params = []
        for row in rows:
            values = []
            for name in self.names:
                value = row.get(name, self.defaults[name])
                if value is not None and name in self.prepare:
                    value = self.prepare[name](value)
                values.append(value)
            params.append(values)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY streams the rows in one command: several times faster than INSERTs.
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for values in params:
                        copy.write_row(values)
            else:
                cursor.executemany(self.sql, params)


def _span(ids: list[int]) -> tuple[int, int]:
    return min(ids), max(ids)


def _ticket_ids(ticket_type: str, first: int, count: int) -> dict[int, int]:
    return dict(
        Ticket.objects.filter(
            ticket_type=ticket_type, number__gte=first, number__lt=first + count
        ).values_list("number", "id")
    )


def import_tickets(tickets: Iterable[ImportedTicket], *, actor=None, batch_size: int = 5000) -> int:
    """Write tickets in batches, each batch in one transaction; returns how many were written.

    The caller vouches for the data (organisations, requesters and statuses that fit together):
    this is a trusted path for administrators and tools, not reachable from the API.
    """
    ticket_writer, event_writer = _RowWriter(Ticket), _RowWriter(TicketEvent)
    actor_id = getattr(actor, "pk", None)
    written = 0
    for batch in _batches(tickets, batch_size):
        by_type: dict[str, list[ImportedTicket]] = {}
        for item in batch:
            by_type.setdefault(item.ticket_type, []).append(item)
        written_ids: list[int] = []
        id_range = partial(_span, written_ids)
        with transaction.atomic(), search.batch_indexing(id_range):
            for ticket_type, items in by_type.items():
                first = _reserve_numbers(ticket_type, len(items))
                rows = []
                for offset, item in enumerate(items):
                    row = {name: getattr(item, name) for name in _TICKET_FIELDS}
                    row["number"] = first + offset
                    row["updated_at"] = (
                        item.updated_at or item.closed_at or item.resolved_at or item.created_at
                    )
                    rows.append(row)
                ticket_writer.write(rows)
                ids = _ticket_ids(ticket_type, first, len(items))
                written_ids += ids.values()
                event_writer.write(
                    [
                        {
                            "ticket_id": ids[first + offset],
                            "kind": EventKind.IMPORTED,
                            "actor_id": actor_id,
                            "at": item.created_at,
                            "channel": EventChannel.SYSTEM,
                            "is_public": True,
                            "data": {"status": item.status, "priority": item.priority, "source": item.source},
                        }
                        for offset, item in enumerate(items)
                    ]
                )
            written += len(batch)
    return written


_TICKET_FIELDS = tuple(name for name in ImportedTicket.__dataclass_fields__ if name != "source")
