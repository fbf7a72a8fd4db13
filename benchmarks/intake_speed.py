"""Speed and memory of report intake on a 10,000-character report.

    .venv/bin/python benchmarks/intake_speed.py [--chars 10000] [--runs 50]

The report is the labelled corpus and the seed page run together up to the length asked for
(several dozen articles, every layout in the corpus); a second, adversarial input is one
10,000-character line with no punctuation (the case that makes careless patterns backtrack).
Names are matched against the demo tree, without a database. Target: under 100 ms after
warm-up on one core, under 300 MB resident, no model weights.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taizhang.settings")

import django  # noqa: E402

django.setup()

from benchmarks.intake_quality import CORPUS, SEED, gazetteer  # noqa: E402
from taizhang.intake.extraction import extract  # noqa: E402


def report_of(chars: int) -> str:
    parts = [SEED.read_text(encoding="utf-8")]
    parts += [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    text = ""
    while len(text) < chars:
        for part in parts:
            text += part + "\n\n"
            if len(text) >= chars:
                break
    return text[:chars]


def timed(text: str, runs: int, gaz) -> list[float]:
    for _ in range(3):  # warm-up: compiled patterns, caches
        extract(text, gaz)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        extract(text, gaz)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    gaz = gazetteer()
    text = report_of(args.chars)
    result = extract(text, gaz).as_dict()
    times = timed(text, args.runs, gaz)
    print(
        f"report: {len(text)} characters, {len(result['articles'])} articles, "
        f"{len(result['figures'])} figures, {len(result['names'])} names"
    )
    print(
        f"  median {statistics.median(times):.1f} ms,"
        f" p95 {sorted(times)[int(len(times) * 0.95) - 1]:.1f} ms,"
        f" max {max(times):.1f} ms over {args.runs} runs"
    )
    flat = ("平城区各街道村社区项目建设工作" * 800)[: args.chars]
    times = timed(flat, max(5, args.runs // 5), gaz)
    print(
        f"one line without punctuation, {len(flat)} characters:"
        f" median {statistics.median(times):.1f} ms"
    )
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {rss_mb:.0f} MB (whole process, Django loaded)")


if __name__ == "__main__":
    main()
