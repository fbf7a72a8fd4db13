"""Plain-text helpers shared by forms, the API, imports and report reading."""

from __future__ import annotations

import re
from typing import Any

# C0 controls but tab, newline and carriage return; DEL and the C1 controls; the two
# non-characters and unpaired surrogates, which no XML (xlsx, docx) may hold.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
ALIAS_SEPARATORS = re.compile(r"[\n、,，;；]+")


def split_aliases(text: str) -> list[str]:
    """Other names as a list: "区发改局、发改局" gives 区发改局 and 发改局, trimmed, without blanks
    or repeats."""
    parts = (part.strip() for part in ALIAS_SEPARATORS.split(text or ""))
    return list(dict.fromkeys(part for part in parts if part))


def clean_text(text: str) -> str:
    """Text as it may be stored: control characters (pasted from other systems, typed by a
    scanner, sent by a script) are removed; tabs and line breaks stay."""
    return CONTROL.sub("", text)


def clean_data(value: Any) -> Any:
    """`clean_text` over every string of parsed input (JSON, form values), keys included."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_data(item) for item in value]
    if isinstance(value, dict):
        return {clean_data(key): clean_data(item) for key, item in value.items()}
    return value
