"""A report's figure against a ledger's: whether the report's words allow the ledger's figure.

Reports round and qualify ("2000多亩", "约500户", "近80%"); a draft kind that compares
(`compare()` in registry.py) shows a difference only where the words do not allow the ledger's
figure, so that a person looks at real disagreements, not at rounding.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

AT_LEAST = ("以上", "超过", "超", "逾", "多于", "高于", "不少于", "不低于", "至少")
AT_MOST = ("以下", "以内", "不超过", "不高于", "少于", "低于", "不足", "不到", "最高")
NEARLY = ("近", "将近")
ABOUT = ("约", "大约", "左右", "上下")


def agrees(published: Decimal, qualifier: str, ledger: Decimal) -> bool:
    """Whether the ledger's figure is one the report's words allow: "2000多" is 2,000 up to
    (not including) 3,000, "约500" within a tenth of 500, "近80" from 72 up to 80, a bare
    figure itself (to two places)."""
    if qualifier in ("多", "余"):
        return published <= ledger < published + _step(published)
    if qualifier in AT_LEAST:
        return ledger >= published
    if qualifier in AT_MOST:
        return ledger <= published
    if qualifier in NEARLY:
        return published * Decimal("0.9") <= ledger <= published
    if qualifier in ABOUT:
        return abs(ledger - published) <= published / 10
    return ledger.quantize(Decimal("0.01")) == published.quantize(Decimal("0.01"))


def _step(value: Decimal) -> Decimal:
    """The place the round figure stops at: 2000 → 1000, 80 → 10, 2036 → 1, 0.5 → 0.1."""
    if value == value.to_integral_value() and value:
        whole, step = int(value), 1
        while whole % (step * 10) == 0:
            step *= 10
        return Decimal(step)
    return Decimal(1).scaleb(value.normalize().as_tuple().exponent)  # type: ignore[arg-type]


def compare_row(
    label: Any, published: Any, qualifier: str, ledger: Decimal | None
) -> dict[str, Any]:
    """One row of a draft's comparison (label, published, ledger, difference): the difference
    is 0 where the words allow the ledger's figure, else published minus ledger."""
    if published in (None, ""):
        return {"label": label, "published": None, "ledger": ledger, "difference": None}
    value = Decimal(str(published))
    if ledger is None:
        difference = None
    elif agrees(value, qualifier, Decimal(ledger)):
        difference = Decimal(0)
    else:
        difference = value - Decimal(ledger)
    return {
        "label": label,
        "published": f"{value.normalize():f}{qualifier}",
        "ledger": ledger,
        "difference": difference,
    }
