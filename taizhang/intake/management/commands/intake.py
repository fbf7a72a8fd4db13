"""`taizhang intake FILE [--format json|text]`: read a report and print what was read.

Nothing is stored. The JSON is {"articles": [...], "figures": [...], "names": [...],
"unreadable": [...]} with article indexes from 0; names are matched against the org tree of
the configured database (an empty or missing database just matches nothing). The text format
also lists each article's fields and tables, and the numerals that could not be read."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.utils import DatabaseError

from taizhang.intake.extraction import extract
from taizhang.intake.extraction.names import Gazetteer
from taizhang.intake.extraction.pipeline import json_default
from taizhang.intake.reading import IntakeInputError, read_path


class Command(BaseCommand):
    help = (
        "Read a report (.txt, .docx, .pdf; - for standard input) into articles, figures and names."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the report file, or - for standard input")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["file"] == "-":
                from taizhang.intake.reading import check_text

                text = check_text(sys.stdin.read(), "stdin")
            else:
                text = read_path(Path(options["file"]))
        except IntakeInputError as error:
            raise CommandError(str(error)) from error
        result = extract(text, _gazetteer()).as_dict()
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(result, ensure_ascii=False, indent=2, default=json_default)
            )
            return
        for index, article in enumerate(result["articles"]):
            flag = " [cut off]" if article["truncated"] else ""
            self.stdout.write(f"[{index}] {article['kicker']} | {article['title']}{flag}")
            self.stdout.write(f"    bylines: {'、'.join(article['bylines']) or '—'}")
            for key, value in article.get("fields", {}).items():
                self.stdout.write(f"    {key}: {value}")
            for table in article.get("tables", []):
                self.stdout.write(
                    f"    table: {' | '.join(table['header'])} ({len(table['rows'])} rows)"
                )
        for figure in result["figures"]:
            amount = figure.get("value", f"{figure.get('low')}~{figure.get('high')}")
            self.stdout.write(
                f"  figure [{figure['article']}] {figure['text']} = {amount} {figure['unit']}"
                f" {figure['qualifier']} ({figure['subject']})"
            )
        for figure in result.get("unreadable", []):
            self.stdout.write(
                f"  unreadable [{figure['article']}] {figure['text']} ({figure['subject']})"
            )
        for name in result["names"]:
            matched = f" → {name['unit_name']}" if name["unit_id"] else ""
            self.stdout.write(
                f"  name [{name['article']}] {name['text']} ({name['kind']}){matched}"
            )


def _gazetteer() -> Gazetteer:
    from taizhang.intake.queries import gazetteer

    try:
        return gazetteer()
    except DatabaseError:
        return Gazetteer()
