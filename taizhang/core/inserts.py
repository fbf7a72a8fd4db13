"""Appending many rows at once: audit entries and timeline events (`append_values`), and the
new records of an import (`insert_objects`, which reserves their ids first, and `NewRecords`,
which makes them).

`bulk_create` compiles SQL for every object; PostgreSQL's COPY, or on SQLite one prepared
INSERT run for every row (executemany), does the same work several times faster, which was
most of the cost of auditing and writing a 100,000-row import. Values that the database
driver cannot take as they are (JSON, dates and times, decimals) go through the field's
`get_db_prep_save`, so they are stored exactly as the ORM would store them.
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from itertools import islice
from typing import Any, Generic, TypeVar, cast

from django.db import connections, models, router

BATCH_SIZE = 2000
M = TypeVar("M", bound=models.Model)
# Field types whose Python values need the backend's adaptation before the driver sees them.
PREPARED = (
    models.JSONField,
    models.DateField,  # and DateTimeField
    models.TimeField,
    models.DecimalField,
    models.UUIDField,
    models.DurationField,
)


def _preparer(field: models.Field, connection: Any) -> Callable[[Any], Any] | None:
    if isinstance(field, models.JSONField):
        # What `adapt_json_value` stores, as text: COPY and SQLite take it as it is, and
        # psycopg's Jsonb wrapper, made per value, costs more than the dump itself.
        encoder = field.encoder
        return lambda value: None if value is None else json.dumps(value, cls=encoder)
    if isinstance(field, PREPARED):
        last: list[Any] = [_NOTHING, None]
        native = _native_type(field, connection)

        def prepare(value: Any) -> Any:
            if type(value) is native and getattr(value, "tzinfo", True) is not None:
                return value  # as the field would give it (a naive date-time is converted)
            # A batch repeats its values (the moment of the change, the reason): the last one
            # is remembered; the conversion (a time zone, a Decimal's text) costs more.
            if value is not last[0]:
                last[0], last[1] = value, field.get_db_prep_save(value, connection)
            return last[1]

        return prepare
    return None


_NOTHING: Any = object()


def _native_type(field: models.Field, connection: Any) -> type | None:
    """The type whose values PostgreSQL's driver takes exactly as `get_db_prep_save` would
    give them (the backend adapts dates, aware date-times, decimals and UUIDs as they are):
    converting them anyway was a tenth of a large import's time."""
    if connection.vendor != "postgresql":
        return None
    for model_field, python_type in _NATIVE:
        if isinstance(field, model_field):
            return python_type
    return None


_NATIVE: tuple[tuple[type[models.Field], type], ...] = (
    (models.DateTimeField, datetime.datetime),  # a subclass of DateField: first
    (models.DateField, datetime.date),
    (models.DecimalField, Decimal),
    (models.UUIDField, uuid.UUID),
)


def append_values(
    model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert rows of plain values for the fields `names` (attnames, e.g. "actor_id"); the
    other columns must be nullable (model defaults are not applied). Returns how many rows
    were inserted."""
    connection = connections[router.db_for_write(model)]
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    fields = [by_attname[name] for name in names]
    prepare = [_preparer(field, connection) for field in fields]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(cast(str, field.column)) for field in fields)  # concrete: a column

    def prepared(row: Sequence[Any]) -> list[Any]:
        return [
            value if convert is None else convert(value)
            for convert, value in zip(prepare, row, strict=True)
        ]

    iterator = iter(rows)
    count = 0
    if connection.vendor == "postgresql":  # COPY: PostgreSQL's own bulk load, the fastest way
        # A batch is made before its COPY starts: making a row may query the same connection.
        while batch := [prepared(row) for row in islice(iterator, BATCH_SIZE)]:
            with (
                connection.wrap_database_errors,  # Django's errors (IntegrityError), as execute
                connection.cursor() as cursor,
                cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                for values in batch:
                    copy.write_row(values)
            count += len(batch)
        return count
    # SQLite: one statement, prepared once and run for every row (sqlite3's executemany).
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
    with connection.cursor() as cursor:
        while rows_now := [prepared(row) for row in islice(iterator, BATCH_SIZE)]:
            cursor.executemany(sql, rows_now)
            count += len(rows_now)
    return count


def insert_objects(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """Insert new model instances as `bulk_create` would, without compiling SQL for each:
    their primary keys reserved first (PostgreSQL's sequence; on SQLite the next ids, safe
    under the transaction's write lock), then every row written with COPY (PostgreSQL) or one
    prepared statement run for all rows (SQLite's executemany). Sets each object's pk. For the
    bulk writes of imports, inside their transaction; the model's `save()` is not called (as
    with bulk_create), but auto_now(_add) fields are filled."""
    if not objects:
        return
    connection = connections[router.db_for_write(model)]
    if not connection.in_atomic_block:
        raise RuntimeError("insert_objects runs inside a transaction (it reserves ids)")
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    fields = [f for f in meta.concrete_fields if f is not pk]
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    links = [f for f in fields if isinstance(f, models.ForeignKey)]
    for obj in objects:
        for stamp in stamped:
            stamp.pre_save(obj, add=True)
        for link in links:  # a related object saved since it was assigned: take its id now
            related = link.get_cached_value(obj, default=None)
            if related is not None and getattr(obj, link.attname) is None:
                if related.pk is None:
                    raise ValueError(f"{model.__name__}.{link.name}: the related object is unsaved")
                setattr(obj, link.attname, related.pk)
    ids = _reserve_ids(connection, meta.db_table, cast(str, pk.column), len(objects))
    for obj, new_id in zip(objects, ids, strict=True):
        setattr(obj, pk.attname, new_id)
    names = [pk.attname, *(f.attname for f in fields)]
    attnames = names[1:]
    rows = (
        [getattr(obj, pk.attname), *[getattr(obj, name) for name in attnames]] for obj in objects
    )
    written = append_values(model, names, rows)
    assert written == len(objects)
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias


def _reserve_ids(connection: Any, table: str, column: str, count: int) -> list[int]:
    """`count` new ids of `table`'s auto-increment key, for rows inserted with explicit ids."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the transaction holds the write lock (BEGIN IMMEDIATE), so nobody else takes
        # ids meanwhile; AUTOINCREMENT never reuses one, so start above its sequence too.
        cursor.execute(f"SELECT MAX({quote(column)}) FROM {quote(table)}")  # noqa: S608
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        sequence = cursor.fetchone()
        start = max(highest, sequence[0] if sequence else 0) + 1
        return list(range(start, start + count))


class NewRecords(Generic[M]):
    """Unsaved instances of a model made from plain values the way Django makes the rows it
    loads (positional `Model(*values)`): `Model(**fields)` and a `setattr` per field cost more
    than the rest of a bulk import's work on a record. The defaults are worked out once (a
    callable one, such as a time stamp, is called for each record). A foreign key is given as
    its object, which the instance keeps as its related object (reading it costs no query), or
    by attname (`unit_id`)."""

    def __init__(self, model: type[M], **defaults: Any) -> None:
        self.model = model
        self._slots: list[tuple[str, str, Any, Any, Callable[[], Any] | None]] = []
        for field in model._meta.concrete_fields:
            relation = field if field.is_relation else None
            constant, make = None, None
            if field.name in defaults or field.attname in defaults:
                constant = defaults.get(field.name, defaults.get(field.attname))
                if relation is not None and field.name in defaults and constant is not None:
                    constant = constant.pk
            elif field.has_default() and callable(field.default):
                make = field.default
            else:
                constant = field.get_default()
            self._slots.append((field.name, field.attname, relation, constant, make))

    def make(self, values: Mapping[str, Any]) -> M:
        row: list[Any] = []
        related: list[tuple[Any, models.Model]] = []
        for name, attname, relation, constant, make in self._slots:
            if relation is not None and name in values:
                linked = values[name]
                row.append(None if linked is None else linked.pk)
                if linked is not None:
                    related.append((relation, linked))
            elif attname in values:
                row.append(values[attname])
            else:
                row.append(constant if make is None else make())
        instance = self.model(*row)
        for relation, linked in related:
            relation.set_cached_value(instance, linked)
        return instance
