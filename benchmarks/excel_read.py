"""Streaming read of a 100,000-row units-like xlsx: rows per second and peak memory.

    .venv/bin/python benchmarks/excel_read.py [--rows 100000]

Generates the file with openpyxl's write-only mode, then reads it in a fresh process through
`taizhang.lib.excel.XlsxReader` (header detection, blank-row skipping, row numbers), so the
peak RSS printed is the reader's own. Never run as a test.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADERS = [
    "编码",
    "名称",
    "类型",
    "上级编码",
    "地址",
    "联系人",
    "联系电话",
    "备注",
    "演示数据",
    "启用",
]


def generate(path: Path, rows: int) -> float:
    from openpyxl import Workbook

    started = time.perf_counter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("组织机构")
    sheet.append(["平城区组织机构表（基准测试）"])
    sheet.append([])
    sheet.append(HEADERS)
    for index in range(rows):
        code = f"140213{index:07d}"
        sheet.append(
            [
                code,
                f"测试村{index}",
                "村",
                "140213001",
                f"平城区某街道{index}号",
                "张三",
                f"139{index:08d}",
                "自动生成的基准数据",
                "是",
                "是",
            ]
        )
    book.save(path)
    return time.perf_counter() - started


def read(path: Path) -> None:
    from taizhang.lib.excel import XlsxReader

    wanted = set(HEADERS)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    count = cells = 0
    with XlsxReader(path) as reader:
        opened = time.perf_counter() - started
        table = reader.table(lambda row: sum(cell in wanted for cell in row))
        assert table is not None and table.header_row == 3
        for _number, values in table.rows:
            count += 1
            cells += sum(1 for value in values if value != "")
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"rows read:           {count:,} ({cells:,} cells)")
    print(f"open (parse sheet):  {opened:.2f} s")
    print(f"total read:          {elapsed:.2f} s, {count / elapsed:,.0f} rows/s")
    print(f"peak RSS:            {peak / 1024:.1f} MiB (after imports: {baseline / 1024:.1f} MiB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--read", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.read:
        read(args.read)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "units.xlsx"
        seconds = generate(path, args.rows)
        size = path.stat().st_size / (1024 * 1024)
        print(f"generated:           {args.rows:,} rows, {size:.1f} MiB in {seconds:.1f} s")
        subprocess.run([sys.executable, __file__, "--read", str(path)], check=True)


if __name__ == "__main__":
    main()
