"""GB/T 2260 administrative division codes (行政区划代码): the first six digits of an ID number.

The table (gb2260.tsv beside this file; its header names the sources and their licences) keeps
every code published since 1980, not only today's: a person born in 1975 in 大同市城区 carries
140202, a code abolished in 2018. A code reused for another place has its latest name.
"""

from __future__ import annotations

import functools
from pathlib import Path

_TABLE = Path(__file__).with_name("gb2260.tsv")
# Placeholders standing for "the districts / counties of" a city or province, never a place.
_NOT_A_PLACE = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})


@functools.cache
def _names() -> dict[str, str]:
    names = {}
    with _TABLE.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            code, name = line.rstrip("\n").split("\t")
            names[code] = name
    return names


def is_known_region(code: str) -> bool:
    return code in _names()


def region_name(code: str) -> str | None:
    """The full name of a six-digit code, province first: 140213 → 山西省大同市平城区,
    110101 → 北京市东城区, 140202 → 山西省大同市城区 (abolished); None for an unknown code."""
    names = _names()
    name = names.get(code)
    if name is None:
        return None
    parts: list[str] = []
    for parent in (code[:2] + "0000", code[:4] + "00"):
        if parent == code:
            break
        parent_name = names.get(parent)
        if (
            parent_name
            and parent_name not in _NOT_A_PLACE
            and parent_name not in parts
            and not name.startswith(parent_name)
        ):
            parts.append(parent_name)
    return "".join([*parts, name])
