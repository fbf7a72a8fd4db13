"""Working days (工作日) of the State Council's holiday calendar: public holidays off, the
weekends worked in exchange (调休) on. Statutory time limits count them (30 working days to
decide a 低保 application).

The calendar comes from `chinesecalendar`, which carries each year's official schedule once it
is published (in November for the next year). For a year it does not know yet, Monday to
Friday are taken as working days: a deadline then errs by the holidays of that year at most,
and is recomputed by nothing — so the package is kept current like any other dependency."""

from __future__ import annotations

import datetime

import chinese_calendar


def is_working_day(day: datetime.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # a year the calendar does not know yet
        return day.weekday() < 5


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The `count`-th working day after `day` (the day itself does not count)."""
    if count < 0:
        raise ValueError("count must not be negative")
    current = day
    while count:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            count -= 1
    return current


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 if `end` is not later)."""
    days = 0
    current = start
    while current < end:
        current += datetime.timedelta(days=1)
        days += is_working_day(current)
    return days
