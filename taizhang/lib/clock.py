"""The one place the application reads the time, so that tests can set the clock
(`unittest.mock.patch("taizhang.lib.clock.now", ...)`) for deadlines, lateness and warnings,
and a loader of past records (the demo's 2022) can act on a past day with `set_to`."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone


def now() -> datetime.datetime:
    return timezone.now()


def today() -> datetime.date:
    """Today in the district's time zone (Asia/Shanghai)."""
    return timezone.localtime(now()).date()


@contextmanager
def set_to(moment: datetime.datetime) -> Iterator[datetime.datetime]:
    """The clock reads `moment` inside the block, so that services apply their rules of time
    as on that day. It replaces `now` for the whole process, as a test's patch does (and
    inside one): for loaders run by a command, never while serving requests."""
    names = globals()
    original = names["now"]
    names["now"] = lambda: moment
    try:
        yield moment
    finally:
        names["now"] = original
