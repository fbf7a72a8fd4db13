"""Plain-text helpers shared by forms, imports and report reading."""

from __future__ import annotations

import re

ALIAS_SEPARATORS = re.compile(r"[\n、,，;；]+")


def split_aliases(text: str) -> list[str]:
    """Other names as a list: "区发改局、发改局" gives 区发改局 and 发改局, trimmed, without blanks
    or repeats."""
    parts = (part.strip() for part in ALIAS_SEPARATORS.split(text or ""))
    return list(dict.fromkeys(part for part in parts if part))
