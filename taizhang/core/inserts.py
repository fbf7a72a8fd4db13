"""Appending many rows that nothing reads back by id (audit entries, timeline events).

`bulk_create` compiles SQL for every object; for append-only rows one INSERT statement run
with many parameter rows (`executemany`) does the same work several times faster, which is
most of the cost of auditing a 100,000-row import. Values still go through each field's
`get_db_prep_save`, so they are stored exactly as the ORM would store them.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

from django.db import connections, models, router

BATCH_SIZE = 2000


def append_rows(model: type[models.Model], records: Iterable[models.Model]) -> int:
    """Insert the unsaved records (their primary keys are left to the database and not read
    back). Returns how many rows were inserted."""
    connection = connections[router.db_for_write(model)]
    fields = [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and isinstance(field, models.AutoField | models.BigAutoField))
    ]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the model, quoted)
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    iterator = iter(records)
    count = 0
    with connection.cursor() as cursor:
        while batch := list(islice(iterator, BATCH_SIZE)):
            cursor.executemany(
                sql,
                [
                    [field.get_db_prep_save(field.pre_save(record, True), connection)
                     for field in fields]
                    for record in batch
                ],
            )  # fmt: skip
            count += len(batch)
    return count
