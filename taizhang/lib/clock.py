"""The one place the application reads the time, so that tests can set the clock
(`unittest.mock.patch("taizhang.lib.clock.now", ...)`) for deadlines, lateness and warnings."""

import datetime

from django.utils import timezone


def now() -> datetime.datetime:
    return timezone.now()


def today() -> datetime.date:
    """Today in the district's time zone (Asia/Shanghai)."""
    return timezone.localtime(now()).date()
