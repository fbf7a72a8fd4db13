"""Appending many rows that nothing reads back by id (audit entries, timeline events).

`bulk_create` compiles SQL for every object; for append-only rows PostgreSQL's COPY, or on
SQLite one multi-row INSERT statement built once per batch, does the same work several times
faster, which was most of the cost of auditing a 100,000-row import. Values that the database
driver cannot take as they are (JSON, dates and times, decimals) go through the field's
`get_db_prep_save`, so they are stored exactly as the ORM would store them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import Any, cast

from django.db import connections, models, router

BATCH_SIZE = 2000
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
    if isinstance(field, PREPARED):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


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
                connection.cursor() as cursor,
                cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                for values in batch:
                    copy.write_row(values)
            count += len(batch)
        return count
    head = f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608 (names from the model, quoted)
    one_row = "({})".format(", ".join(["%s"] * len(fields)))
    # Many rows per statement: as many as the backend takes (bulk_create's rule).
    per_statement = max(
        1, min(BATCH_SIZE, connection.ops.bulk_batch_size(fields, [None] * BATCH_SIZE))
    )
    with connection.cursor() as cursor:
        while rows_now := list(islice(iterator, per_statement)):
            params = [value for row in rows_now for value in prepared(row)]
            cursor.execute(head + ", ".join([one_row] * len(rows_now)), params)
            count += len(rows_now)
    return count
