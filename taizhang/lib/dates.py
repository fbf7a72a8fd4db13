"""Dates and months as people type them into Excel/WPS ledgers.

A month comes as 2022-03, 2022-3, 2022/3, 2022.3, 2022年3月 or an Excel date cell; a date as
2022-03-05, 2022/3/5, 2022.3.5, 2022年3月5日, 20220305 or a date cell. Excel turns a typed 2022.3
into the number 2022.3, so numbers with a fraction read as year.month; note that 2022.10 typed
as a number is indistinguishable from 2022.1 (January): templates ask for 2022-10 instead.
"""

from __future__ import annotations

import calendar
import datetime
import math
import re
import unicodedata

from django.utils.translation import gettext as _

_MONTH = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*月?")
_DATE = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_COMPACT_MONTH = re.compile(r"(\d{4})(\d{2})")
# Excel's day 0 in the 1900 date system (which counts a non-existent 29 February 1900).
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
# The years any date of the ledgers may fall in (the API's `Year`, imports, plans).
MIN_YEAR, MAX_YEAR = 1900, 2200


def _checked(year: int, month: int, day: int, original: object) -> datetime.date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(_("The year of “%(value)s” is out of range.") % {"value": original})
    try:
        return datetime.date(year, month, day)
    except ValueError as error:
        raise ValueError(_("“%(value)s” is not a valid date.") % {"value": original}) from error


def _text(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip()


def parse_month(value: object) -> datetime.date:
    """The first day of the month a cell names."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    if isinstance(value, float) and math.isfinite(value) and not value.is_integer():
        year_text, _dot, month_text = format(value, ".15g").partition(".")
        return _checked(int(year_text), int(month_text), 1, value)
    if isinstance(value, str):
        text = _text(value)
        if match := _DATE.fullmatch(text):
            year, month, day = map(int, match.groups())
            return _checked(year, month, day, value).replace(day=1)
        match = _MONTH.fullmatch(text) or _COMPACT_MONTH.fullmatch(text)
        if match:
            year, month = map(int, match.groups())
            return _checked(year, month, 1, value)
    raise ValueError(
        _("“%(value)s” is not a month; write it like 2022-03 or 2022年3月.") % {"value": value}
    )


def parse_date(value: object) -> datetime.date:
    """A calendar date from a cell."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    # A date cell whose format was lost reads as Excel's serial day number.
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and float(value).is_integer()
        and 10000 <= value <= 150000
    ):
        return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
    if isinstance(value, str):
        text = _text(value)
        match = _DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
        if match:
            year, month, day = map(int, match.groups())
            return _checked(year, month, day, value)
    raise ValueError(
        _("“%(value)s” is not a date; write it like 2022-03-05 or 2022年3月5日.") % {"value": value}
    )


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` earlier (28 February for a 29 February that year has
    not): whoever was born on or before it is `years` old or more on `day`."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day (31 Dec + 2 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
