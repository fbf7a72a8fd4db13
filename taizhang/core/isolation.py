"""Running each module's provider of a read-only page (workbench, search) apart from the
others, so that one failed query does not spoil the ones after it.

Outside a transaction every query commits on its own and a failed one spoils nothing, so no
transaction is opened: on SQLite it would be BEGIN IMMEDIATE, taking the database's write lock
for a read and making every workbench and search wait on each other and on every writer. Inside
one (a test, a caller's atomic block) a failed query would abort it on PostgreSQL, so each
provider runs in a savepoint.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def read_apart() -> Iterator[None]:
    if connection.in_atomic_block:
        with transaction.atomic():
            yield
    else:
        yield
