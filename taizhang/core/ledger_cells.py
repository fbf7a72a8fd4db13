"""Reading one cell of a ledger: text, numbers, yes/no and choices, as Excel and people write
them (full-width digits, grouped thousands, 是/否 and ✓/×, a choice by its label or its value)."""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from taizhang.lib.excel import restore_text
from taizhang.lib.money import ungroup
from taizhang.lib.text import clean_text

MISSING: Any = object()  # a column the file does not have
YES, NO = "是", "否"
_TRUE = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "对"})
_FALSE = frozenset({"否", "n", "no", "false", "0", "×", "✗", "不"})


def text_of(value: Any) -> str:
    """A cell as text: yes/no as 是/否, whole floats without ".0", dates in ISO form."""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return clean_text(restore_text(str(value))).strip()


def normal(text: str) -> str:
    """Text compared loosely: full-width forms folded, case ignored."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


def is_blank(value: Any) -> bool:
    return value is None or value is MISSING or (isinstance(value, str) and not value.strip())


def read_number(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
    text = format(value, ".15g") if isinstance(value, float) else str(value)
    text = ungroup(text)
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from error
    if not number.is_finite():
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
    return number


def read_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = normal(text_of(value))
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(_("Write %(yes)s or %(no)s.") % {"yes": YES, "no": NO})


def read_choice(choices: Sequence[tuple[str, str]], value: Any) -> str:
    text = normal(text_of(value))
    for stored, label in choices:
        if text in (normal(stored), normal(label)):
            return stored
    raise ValueError(
        _("“%(value)s” is not one of: %(choices)s.")
        % {"value": value, "choices": "、".join(label for _v, label in choices)}
    )
