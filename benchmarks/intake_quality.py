"""Precision and recall of report intake over the labelled corpus and the seed page.

    .venv/bin/python benchmarks/intake_quality.py [--seed PATH] [--verbose]

Each report `tests/data/intake/NAME.txt` (or `NAME.docx`, read as an upload is: its tables
with merged cells) has its expected articles, figures and names in `NAME.json`; the seed page
(a copy of ../shared/seed/000_43e31c2ca40e4e0a.txt) and its expectation are in
`tests/data/intake/seed/`. Names are matched against the demo org tree
(taizhang.core.demo.DEMO_UNITS), without a database.

Fields:
- articles: an article is found when its title (spaces ignored) is among the expected titles;
  "split exact" says whether the titles, in order, are exactly the expected ones.
- bylines: (article, name) pairs.
- figures: (article, verbatim text, value or low/high, unit); qualifier and subject are then
  scored over the found figures (a subject counts when one contains the other).
- names: (article, text, kind); "names+unit" also needs the matched org unit to be right.
- article fields (held-out batch 5 only, where the expectation has them): the report fields of
  an official document or a WeChat post (issuer, doc_number, date), the body paragraphs (a lead
  ending in 如下： stays apart from the first numbered section; table rows are not paragraphs)
  and the number of table rows.

`--heldout` also scores `tests/data/intake/heldout2/` (batch 5: kNN_KIND_NAME.txt, written for
issue 17 before its rules, which were then written against it) and `heldout3/` (batch 6:
mNN_KIND_NAME.txt, written and labelled by hand after the rules were frozen, then tuned) and
`heldout4/` (batch 7: pNN_KIND_NAME.txt, written after batch 6's rules, scored once), one table
and `heldout5/` (batch 8: qNN_KIND_NAME.txt, written and labelled by someone who had not read
the rules' code) and `heldout6/` (batch 9: sNN_KIND_NAME.txt, the same) and `heldout7/`
(batch 10: tNN_KIND_NAME.txt, the same), `heldout8/` (batch 11: uNN_KIND_NAME.txt) and
`heldout9/` (batch 12: vNN_KIND_NAME.txt) and `heldout10/` (batch 13: wNN_KIND_NAME.txt), one
table per
kind (table, units, numerals, names, bylines, headline, lead)
and all together.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taizhang.settings")

import django  # noqa: E402

django.setup()

from taizhang.core.demo import DEMO_ALIASES, DEMO_UNITS  # noqa: E402
from taizhang.intake.extraction import extract  # noqa: E402
from taizhang.intake.extraction.names import Gazetteer  # noqa: E402
from taizhang.intake.extraction.pipeline import json_default  # noqa: E402
from taizhang.intake.extraction.tables import is_quantity  # noqa: E402
from taizhang.intake.reading import read_upload  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "intake"
SEED = ROOT / "tests" / "data" / "intake" / "seed" / "000_43e31c2ca40e4e0a.txt"


def gazetteer() -> Gazetteer:
    """The demo org tree with the other names kept on its units (团区委, 区政府, …)."""
    return Gazetteer.build(
        [
            (index, row[1], str(row[2]), DEMO_ALIASES.get(row[0], ""))
            for index, row in enumerate(DEMO_UNITS, start=1)
        ]
    )


def _number(value) -> str:
    return format(Decimal(str(value)).normalize(), "f")


def figure_key(figure: dict) -> tuple:
    if "value" in figure:
        amount = (_number(figure["value"]),)
    else:
        amount = (_number(figure["low"]), _number(figure["high"]))
    return (figure["article"], figure["text"], amount, figure["unit"])


def _key(text: str) -> str:
    return "".join(text.split())


class Score:
    def __init__(self) -> None:
        self.found = Counter()
        self.expected = Counter()
        self.matched = Counter()
        self.correct = Counter()  # per attribute, over matched items
        self.checked = Counter()
        self.split_exact: list[tuple[str, bool]] = []

    def add(self, field: str, predicted: list, expected: list) -> tuple[Counter, Counter]:
        p, e = Counter(predicted), Counter(expected)
        self.found[field] += sum(p.values())
        self.expected[field] += sum(e.values())
        self.matched[field] += sum((p & e).values())
        return p - e, e - p

    def table(self) -> str:
        rows = [
            "| field | precision | recall | found | expected |",
            "| --- | --- | --- | --- | --- |",
        ]
        for field in self.expected:
            precision = self.matched[field] / self.found[field] if self.found[field] else 1.0
            recall = self.matched[field] / self.expected[field] if self.expected[field] else 1.0
            rows.append(
                f"| {field} | {precision:.3f} | {recall:.3f} | {self.found[field]} | "
                f"{self.expected[field]} |"
            )
        for attribute in self.checked:
            rows.append(
                f"| {attribute} (accuracy over found) | "
                f"{self.correct[attribute] / self.checked[attribute]:.3f}"
                f" | | {self.checked[attribute]} | |"
            )
        return "\n".join(rows)


def kind_table(kinds: dict[str, Score], overall: Score) -> str:
    """One row per kind: P / R of figures, names, bylines and titles, headline fields and body."""

    def pr(score: Score, field: str) -> str:
        found, expected, matched = score.found[field], score.expected[field], score.matched[field]
        if not expected and not found:
            return "—"
        precision = matched / found if found else 1.0
        recall = matched / expected if expected else 1.0
        return f"{precision:.2f} / {recall:.2f}"

    def ok(score: Score, attribute: str) -> str:
        checked = score.checked[f"article {attribute}"]
        return f"{score.correct[f'article {attribute}']}/{checked}" if checked else "—"

    rows = [
        "| kind | reports | figures P / R | names P / R | bylines P / R | titles P / R "
        "| fields | body | table rows |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for label, score in [*sorted(kinds.items()), ("all", overall)]:
        rows.append(
            f"| {label} | {len(score.split_exact)} | {pr(score, 'figures')} | {pr(score, 'names')} "
            f"| {pr(score, 'bylines')} | {pr(score, 'articles')} | {ok(score, 'fields')} "
            f"| {ok(score, 'body')} | {ok(score, 'table_rows')} |"
        )
    return "\n".join(rows)


def score_report(name: str, text: str, expected: dict, score: Score, gaz: Gazetteer, verbose: bool):
    result = json.loads(json.dumps(extract(text, gaz).as_dict(), default=json_default))
    titles = [_key(a["title"]) for a in result["articles"]]
    expected_titles = [_key(a["title"]) for a in expected["articles"]]
    score.split_exact.append((name, titles == expected_titles))
    extra, missing = score.add("articles", titles, expected_titles)
    for got, want in zip(result["articles"], expected["articles"], strict=False):
        if _key(got["title"]) != _key(want["title"]):
            continue
        for attribute in ("kicker", "subtitles", "truncated"):
            score.checked[f"article {attribute}"] += 1
            norm = (
                (lambda v: [_key(x) for x in v])
                if attribute == "subtitles"
                else (lambda v: _key(v) if isinstance(v, str) else v)
            )
            score.correct[f"article {attribute}"] += norm(got[attribute]) == norm(want[attribute])
        for attribute in ("fields", "body", "table_rows"):
            if attribute not in want:
                continue
            score.checked[f"article {attribute}"] += 1
            value = got.get(attribute)
            if attribute == "fields":
                value = {key: (got.get("fields") or {}).get(key) for key in want["fields"]}
            elif attribute == "table_rows":
                # data rows: a row holding a number (合计 included; a heading row such as
                # 一、小南头街道 inside the table is not one)
                value = sum(
                    any(is_quantity(cell) for cell in row)
                    for t in got.get("tables", [])
                    for row in t["rows"]
                )
            ok = value == want[attribute]
            score.correct[f"article {attribute}"] += ok
            if verbose and not ok:
                print(f"  {name}: article {attribute} got {value!r}")
    report = {"articles": (extra, missing)}
    bylines = [(i, n) for i, a in enumerate(result["articles"]) for n in a["bylines"]]
    expected_bylines = [(i, n) for i, a in enumerate(expected["articles"]) for n in a["bylines"]]
    report["bylines"] = score.add("bylines", bylines, expected_bylines)
    got_figures: dict[tuple, list[dict]] = {}  # a table may give the same cell text twice
    for figure in result["figures"]:
        got_figures.setdefault(figure_key(figure), []).append(figure)
    report["figures"] = score.add(
        "figures",
        [figure_key(f) for f in result["figures"]],
        [figure_key(f) for f in expected["figures"]],
    )
    for want in expected["figures"]:
        same = got_figures.get(figure_key(want))
        if not same:
            continue
        got = same[-1]
        score.checked["figure qualifier"] += 1
        score.correct["figure qualifier"] += got["qualifier"] == want["qualifier"]
        if want.get("subject"):
            score.checked["figure subject"] += 1
            score.correct["figure subject"] += any(
                bool(f["subject"])
                and (want["subject"] in f["subject"] or f["subject"] in want["subject"])
                for f in same
            )
    report["names"] = score.add(
        "names",
        [(n["article"], n["text"], n["kind"]) for n in result["names"]],
        [(n["article"], n["text"], n["kind"]) for n in expected["names"]],
    )
    score.add(
        "names+unit",
        [(n["article"], n["text"], n["kind"], n["unit_name"] or None) for n in result["names"]],
        [(n["article"], n["text"], n["kind"], n["unit"]) for n in expected["names"]],
    )
    if verbose:
        for field, (extra, missing) in report.items():
            for item in extra:
                print(f"  {name}: {field} extra   {item}")
            for item in missing:
                print(f"  {name}: {field} missing {item}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument(
        "--heldout", action="store_true", help="score tests/data/intake/heldout too"
    )
    args = parser.parse_args()
    gaz = gazetteer()
    corpus, seed = Score(), Score()
    reports = sorted([*CORPUS.glob("*.txt"), *CORPUS.glob("*.docx")])
    for path in reports:
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        text = read_upload(path.read_bytes(), path.name)
        score_report(path.stem, text, expected, corpus, gaz, args.verbose)
    print(f"Corpus: {len(reports)} reports in {CORPUS.relative_to(ROOT)}\n")
    print(corpus.table())
    exact = sum(ok for _n, ok in corpus.split_exact)
    print(f"\narticle split exact: {exact}/{len(corpus.split_exact)} reports")
    if args.heldout:
        heldout = Score()
        held = sorted((CORPUS / "heldout").glob("*.txt"))
        for path in held:
            expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            score_report(
                path.stem, path.read_text(encoding="utf-8"), expected, heldout, gaz, args.verbose
            )
        print(f"\nHeld out: {len(held)} reports (see their README: scored once before tuning)\n")
        print(heldout.table())
        exact = sum(ok for _n, ok in heldout.split_exact)
        print(f"\narticle split exact: {exact}/{len(heldout.split_exact)} reports")
        for label, folder in (
            ("batch 5 (issue 17, the rules written against it)", "heldout2"),
            ("batch 6 (issue 17, written after the rules, then tuned)", "heldout3"),
            ("batch 7 (issue 17, written after batch 6's rules, scored once)", "heldout4"),
            ("batch 8 (issue 17, written by someone who had not read the code)", "heldout5"),
            ("batch 9 (issue 17, written by someone who had not read the code)", "heldout6"),
            ("batch 10 (issue 17, written by someone who had not read the code)", "heldout7"),
            ("batch 11 (issue 17, written by someone who had not read the code)", "heldout8"),
            ("batch 12 (issue 17, written by someone who had not read the code)", "heldout9"),
            ("batch 13 (issue 17, written by someone who had not read the code)", "heldout10"),
        ):
            reports = sorted((CORPUS / folder).glob("*.txt"))
            kinds: dict[str, Score] = {}
            overall = Score()
            for path in reports:
                kind = path.stem.split("_")[1]
                expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
                text = path.read_text(encoding="utf-8")
                score_report(
                    path.stem, text, expected, kinds.setdefault(kind, Score()), gaz, args.verbose
                )
                score_report(path.stem, text, expected, overall, gaz, False)
            print(f"\nHeld out, {label}: {len(reports)} reports, by kind\n")
            print(kind_table(kinds, overall))
            print(overall.table())
    expected_seed = CORPUS / "seed" / f"{args.seed.stem}.json"
    if args.seed.is_file() and expected_seed.is_file():
        expected = json.loads(expected_seed.read_text(encoding="utf-8"))
        score_report(
            "seed", args.seed.read_text(encoding="utf-8"), expected, seed, gaz, args.verbose
        )
        print(f"\nSeed page: {args.seed.name}\n")
        print(seed.table())
        print(f"\narticle split exact: {'yes' if seed.split_exact[0][1] else 'NO'}")
    else:
        print(f"\n(seed page {args.seed} not found: skipped)")


if __name__ == "__main__":
    main()
