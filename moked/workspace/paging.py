"""A page of a list of tickets at a time, by keyset, in the list's own order; and its total.

The page after a cursor is read as "the rows whose sort keys come after the last row's", with the
list's order, so the database reads it from the index that serves that order, as deep in the list
as it is, and no row is skipped or shown twice when tickets are added meanwhile. Every order of the
workspace ends with the ticket's id, which makes it total. The total is counted up to TOTAL_CAP
rows; past that the page says "more than TOTAL_CAP", which costs the same with a million tickets.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F, Func, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.db.models.lookups import Exact, GreaterThan, IsNull, LessThan

from . import cursor as cursors

TOTAL_CAP = 1000


@dataclass(frozen=True)
class Key:
    """One term of a list's order: a field (a path such as "organisation__name"), its direction,
    and where rows without a value come in that direction."""

    field: str
    descending: bool
    nulls_first: bool

    def reversed(self) -> "Key":
        return Key(self.field, not self.descending, not self.nulls_first)


@dataclass
class Page:
    rows: list
    start: int  # rows before this page
    next_cursor: str | None
    previous_cursor: str | None
    total: int | None  # the number of rows in the whole list, when known exactly
    more_than: int | None  # else: the list holds more than this many

    @property
    def first(self) -> int:
        return self.start + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.start + len(self.rows)


def _nulls_first_by_default(descending: bool) -> bool:
    # SQLite puts NULL before every value, PostgreSQL after: a term without NULLS FIRST or LAST
    # reads in that database's way.
    return descending if connection.vendor == "postgresql" else not descending


def order_keys(tickets: QuerySet) -> list[Key]:
    """The terms of the queryset's order, ending with the id (added, going the same way as the
    last term, if the order does not end with it already)."""
    terms = tickets.query.order_by or tickets.model._meta.ordering
    keys = []
    for term in terms:
        if isinstance(term, str):
            descending = term.startswith("-")
            field = term.removeprefix("-")
            nulls_first = _nulls_first_by_default(descending)
        elif isinstance(term, OrderBy) and isinstance(term.expression, F):
            field, descending = term.expression.name, term.descending
            explicit = term.nulls_first or term.nulls_last
            nulls_first = bool(term.nulls_first) if explicit else _nulls_first_by_default(descending)
        else:
            raise ValueError(f"A list ordered by {term!r} cannot be paged by keyset.")
        keys.append(Key("id" if field == "pk" else field, descending, nulls_first))
        if keys[-1].field == "id":  # unique: whatever follows it never decides
            return keys
    keys.append(Key("id", keys[-1].descending if keys else True, False))
    return keys


def _model_field(model, path: str):
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field(name)


def _value(row, path: str):
    for part in path.split("__"):
        row = getattr(row, part) if row is not None else None
    return row


def _as_json(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


class _Unindexed(Func):
    """A column that SQLite must not read an index for (unary +, which changes nothing else).

    The keyset conditions are there to skip the rows before the cursor, not to pick an index: on
    SQLite, a range on a column with an index over every ticket (`updated_at > ?`, `status > ?`)
    made the planner read that index over all of the organisation's tickets, closed ones included
    (10 s a page with a million), instead of the small indexes over open tickets that serve the
    list's order. So each page costs what the first one does. PostgreSQL weighs them by its
    statistics and needs no such help."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra_context)


def _column(model, key: Key):
    if key.field == "id":  # the id range is what reads an organisation's history a page at a time
        return F("id")
    return _Unindexed(F(key.field), output_field=_model_field(model, key.field))


def _beyond(model, key: Key, value) -> Q | None:
    """Rows whose `key` comes strictly after `value` in the key's direction (None: no row)."""
    column = _column(model, key)
    nullable = _model_field(model, key.field).null
    if value is None:
        return Q(IsNull(column, False)) if key.nulls_first else None
    condition = Q(LessThan(column, value) if key.descending else GreaterThan(column, value))
    if nullable and not key.nulls_first:
        condition |= Q(IsNull(column, True))
    return condition


def _same(model, key: Key, value) -> Q:
    column = _column(model, key)
    return Q(IsNull(column, True)) if value is None else Q(Exact(column, value))


def after(model, keys: list[Key], values: tuple) -> Q:
    """Rows that come after the row with these sort values, in the order of `keys`: written as
    (a > x) OR (a = x AND id > y). On PostgreSQL also a >= x when that holds for every such row,
    so that the reading of the index starts at x instead of at its beginning."""
    alternatives, equal = [], Q()
    for key, value in zip(keys, values, strict=True):
        beyond = _beyond(model, key, value)
        if beyond is not None:
            alternatives.append(equal & beyond)
        equal &= _same(model, key, value)
    if not alternatives:
        return Q(pk__in=[])
    condition = alternatives[0]
    for alternative in alternatives[1:]:
        condition |= alternative
    first, start = keys[0], values[0]
    starts_at = start is not None and (first.nulls_first or not _model_field(model, first.field).null)
    if connection.vendor == "postgresql" and starts_at:
        condition &= Q(**{f"{first.field}__{'lte' if first.descending else 'gte'}": start})
    return condition


def _ordering(keys: list[Key]) -> list:
    terms = []
    for key in keys:
        if key.nulls_first == _nulls_first_by_default(key.descending):
            terms.append(f"-{key.field}" if key.descending else key.field)
        else:
            nulls = {"nulls_first": True} if key.nulls_first else {"nulls_last": True}
            terms.append(F(key.field).desc(**nulls) if key.descending else F(key.field).asc(**nulls))
    return terms


def _read(model, keys: list[Key], values: list) -> tuple | None:
    """Sort values from a cursor as the fields hold them; None when one cannot be one (a number
    out of the column's range included: the database would refuse it)."""
    read = []
    try:
        for key, value in zip(keys, values, strict=True):
            if value is not None:
                field = _model_field(model, key.field)
                value = field.to_python(value)
                field.run_validators(value)
            read.append(value)
    except (ValidationError, ValueError, TypeError):
        return None
    return tuple(read)


def page_of(tickets: QuerySet, cursor_text: str, size: int) -> Page:
    """The page of `tickets` (in their order) that the cursor names; the first page without one."""
    model = tickets.model
    keys = order_keys(tickets)
    signature = cursors.order_signature([(key.field, key.descending) for key in keys])
    cursor = cursors.decode(cursor_text, signature)
    values = _read(model, keys, list(cursor.values)) if cursor else None

    def cursor_at(row, position: int, backwards: bool) -> str:
        sort_values = tuple(_as_json(_value(row, key.field)) for key in keys)
        return cursors.encode(cursors.Cursor(sort_values, position, backwards, signature))

    if values is not None and cursor.backwards:
        back = [key.reversed() for key in keys]
        rows = _first_rows(tickets.filter(after(model, back, values)).order_by(*_ordering(back)), size + 1)
        if len(rows) >= size:  # else the rows before it have gone: start again at the beginning
            more_before = len(rows) > size
            rows = rows[:size][::-1]
            start = max(cursor.position, 1) if more_before else 0
            page = Page(
                rows=rows,
                start=start,
                next_cursor=cursor_at(rows[-1], start + size, False),
                previous_cursor=cursor_at(rows[0], max(start - size, 0), True) if more_before else None,
                total=None,
                more_than=None,
            )
            return _with_total(page, tickets)
        values = None
    start = cursor.position if values is not None else 0
    listed = tickets.filter(after(model, keys, values)) if values is not None else tickets
    rows = _first_rows(listed.order_by(*_ordering(keys)), size + 1)
    if values is not None and not rows:  # nothing after it any more: start again at the beginning
        return page_of(tickets, "", size)
    more_after = len(rows) > size
    rows = rows[:size]
    page = Page(
        rows=rows,
        start=start,
        next_cursor=cursor_at(rows[-1], start + size, False) if more_after else None,
        previous_cursor=cursor_at(rows[0], max(start - size, 0), True) if start and rows else None,
        total=None if more_after else start + len(rows),
        more_than=None,
    )
    return _with_total(page, tickets) if more_after else page


def _first_rows(listed: QuerySet, limit: int) -> list:
    """The first `limit` rows of `listed`, in its order: their ids first, then those rows whole.

    When the database must sort a list (SQLite, without statistics, sorts an agent's open tickets
    for most orders), it then sorts ids and sort keys, which an index holds, instead of whole rows
    with their descriptions: at a million tickets, omar's open tickets (23,600) took 40-50 ms of
    SQLite a page whole, and a few ms as ids."""
    ids = list(listed.values_list("pk", flat=True)[:limit])
    if not ids:
        return []
    whole = listed.model._default_manager.filter(pk__in=ids)
    whole.query.select_related = listed.query.select_related
    whole.query.deferred_loading = listed.query.deferred_loading
    whole._prefetch_related_lookups = listed._prefetch_related_lookups
    found = {row.pk: row for row in whole}
    return [found[pk] for pk in ids if pk in found]


def _with_total(page: Page, tickets: QuerySet) -> Page:
    """The page with the list's total: exact up to TOTAL_CAP rows, else "more than TOTAL_CAP"."""
    count = tickets.order_by().values("pk")[: TOTAL_CAP + 1].count()
    if count > TOTAL_CAP:
        page.more_than = TOTAL_CAP
    else:
        page.total = max(count, page.last)
    return page
