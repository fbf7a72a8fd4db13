"""Small xlsx files for tests, written with openpyxl into a temporary folder."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import openpyxl

UNIT_HEADERS = ["编码", "名称", "类型", "上级编码", "地址", "联系人", "联系电话", "备注"]


def write_rows(path: Path, rows: Iterable[Sequence[Any]]) -> Path:
    """A workbook whose first sheet holds `rows` from A1; None leaves a cell empty."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def read_rows(source: Any, sheet: int = 0) -> list[tuple[Any, ...]]:
    """The values of a workbook's sheet (a path or a file object)."""
    book = openpyxl.load_workbook(source)
    return list(book.worksheets[sheet].iter_rows(values_only=True))
