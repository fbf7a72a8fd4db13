"""The one place the application reads the time, so that tests can set the clock
(`unittest.mock.patch("taizhang.lib.clock.now", ...)`) for deadlines, lateness and warnings,
and a loader of past records (the demo's 2022) can act on a past day with `set_to`."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_set_to: ContextVar[datetime.datetime | None] = ContextVar("clock_set_to", default=None)


def now() -> datetime.datetime:
    moment = _set_to.get()
    return timezone.now() if moment is None else moment


def today() -> datetime.date:
    """Today in the district's time zone (Asia/Shanghai)."""
    return timezone.localtime(now()).date()


@contextmanager
def set_to(moment: datetime.datetime) -> Iterator[datetime.datetime]:
    """The clock reads `moment` inside the block (this thread or task only), so that services
    apply their rules of time as on that day."""
    token = _set_to.set(moment)
    try:
        yield moment
    finally:
        _set_to.reset(token)
