"""Money as the district's ledgers write it: exact `Decimal` in 万元 with two places.

Spreadsheets give "1.2亿元", "12,345.6", "１２３万元" or a float from a numeric cell; all of them
become 万元. A value that would need more than two decimals in 万元 (such as 12345元) is refused
rather than rounded, so that an import never changes an amount silently. Never float.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
YI = Decimal(10000)  # 1亿元 = 10000万元

# Factor from each accepted unit to 万元; longest names first so "万元" wins over "元".
UNIT_FACTORS: dict[str, Decimal] = {
    "亿元": YI,
    "万元": Decimal(1),
    "亿": YI,
    "万": Decimal(1),
    "元": Decimal("0.0001"),
}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
# Thousands separators only between groups of three digits: 1,234.5 and 12,345,678, never
# 1,2,3 (a typo for a list, or for 1.23) or 12,34. A space groups as a comma does.
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?|[+-]?\d{1,3}( \d{3})+(\.\d*)?")


def ungroup(text: str) -> str:
    """A number's text without its thousands separators (after NFKC, so "１，２３４" too).
    Raises ValueError when the separators are not between groups of three digits, rather
    than reading "1,2,3" as 123."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = re.sub(r"\s+", " ", text)
    if "," not in text and " " not in text:
        return text
    if not _GROUPED.fullmatch(text):
        raise ValueError(
            _(
                "“%(value)s”: a comma may only separate thousands (1,234.5); "
                "write the number without it."
            )
            % {"value": text}
        )
    return text.replace(",", "").replace(" ", "")


def _number(text: str) -> Decimal:
    text = ungroup(text)
    if not _NUMBER.fullmatch(text):
        raise ValueError(_("“%(value)s” is not an amount.") % {"value": text})
    return Decimal(text)


def _to_decimal(value: object) -> tuple[Decimal, str | None]:
    """The number and the unit written with it (None when the cell gives no unit)."""
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not an amount.") % {"value": value})
    if isinstance(value, Decimal):
        return value, None
    if isinstance(value, int):
        return Decimal(value), None
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(_("“%(value)s” is not an amount.") % {"value": value})
        # Excel keeps 15 significant digits, so a numeric cell (or a formula such as =0.1+0.2)
        # means its 15-digit text: 809.68, not the binary expansion 809.67999999999995...
        return Decimal(format(value, ".15g")), None
    if not isinstance(value, str):
        raise ValueError(_("“%(value)s” is not an amount.") % {"value": value})
    text = unicodedata.normalize("NFKC", value).replace("¥", "").strip()
    if not text:
        raise ValueError(_("The amount is empty."))
    for unit in UNIT_FACTORS:
        if text.endswith(unit):
            return _number(text[: -len(unit)].strip()), unit
    return _number(text), None


def parse_money(value: object, default_unit: str = "万元") -> Decimal:
    """An amount in 万元 (two places) from a cell; a unit in the text wins over `default_unit`.

    Raises ValueError with a message a person can act on."""
    if default_unit not in UNIT_FACTORS:
        raise ValueError(_("Unknown unit “%(unit)s”.") % {"unit": default_unit})
    try:
        number, unit = _to_decimal(value)
    except InvalidOperation as error:
        raise ValueError(_("“%(value)s” is not an amount.") % {"value": value}) from error
    if not number.is_finite():
        raise ValueError(_("“%(value)s” is not an amount.") % {"value": value})
    wan = number * UNIT_FACTORS[unit or default_unit]
    try:
        rounded = wan.quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation as error:
        raise ValueError(_("“%(value)s” is too large.") % {"value": value}) from error
    if rounded != wan:
        raise ValueError(
            _("%(value)s needs more than two decimal places in 万元.") % {"value": value}
        )
    return rounded


def format_money(wan: Decimal | int | None, *, yi_places: int = 2, grouping: bool = True) -> str:
    """Money for people: 809.68亿元 from 1亿元 up, 1,234.50万元 below (two places in 万元, half
    up). Bulletins write no thousands separators (grouping=False) and monthly progress in 亿元
    with one place (yi_places=1), as the district's reports do."""
    if wan is None:
        return ""
    amount = Decimal(wan)
    separator = "," if grouping else ""
    if abs(amount) >= YI:
        yi = (amount / YI).quantize(Decimal(1).scaleb(-yi_places), rounding=ROUND_HALF_UP)
        return f"{yi:{separator}.{yi_places}f}亿元"
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):{separator}.2f}万元"


def format_wan(wan: Decimal | int | None) -> str:
    """12,345.60万元 whatever the size: exact to the cent, where rounding to 亿元 would hide
    a change (history)."""
    if wan is None:
        return ""
    return f"{Decimal(wan).quantize(CENT, rounding=ROUND_HALF_UP):,.2f}万元"
