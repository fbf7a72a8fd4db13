"""The whole reading: text → articles → figures and names, as the JSON of `taizhang intake`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from taizhang.intake.extraction.articles import Article, split_articles
from taizhang.intake.extraction.figures import find_figures
from taizhang.intake.extraction.lines import read_lines
from taizhang.intake.extraction.name_words import SUFFIXES
from taizhang.intake.extraction.names import Gazetteer, Name, find_names, last_suffix
from taizhang.intake.extraction.tables import table_figures

UNIT_KINDS = {
    "district",
    "subdistrict",
    "village",
    "community",
    "department",
    "party",
    "agency",
    "city",
    "other",
}


@dataclass
class Extraction:
    articles: list[Article]
    figures: list[dict[str, Any]]
    names: list[dict[str, Any]]
    # numerals that cannot be read whole (三五万人): shown to the reader, never a figure
    unreadable: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": [article.as_dict() for article in self.articles],
            "figures": self.figures,
            "names": self.names,
            "unreadable": self.unreadable,
        }


def _source_span(line, start: int, end: int) -> list[int]:
    return [line.offsets[start], line.offsets[end - 1] + 1]


def _add_name(
    names: list[dict[str, Any]],
    seen: set[str],
    name: Name,
    article: int,
    offset: int | None,
    span: list[int] | None = None,
) -> None:
    """A unit name once per article; `offset` places a name found in a table cell."""
    key = f"unit:{name.unit_id}" if name.unit_id else name.text
    if key in seen:
        return
    seen.add(key)
    names.append(
        {
            "text": name.text,
            "kind": "unit",
            "unit_kind": name.kind,
            "unit_id": name.unit_id,
            "unit_name": name.unit_name,
            "article": article,
            "span": span if offset is None else [offset + name.start, offset + name.end],
        }
    )


def extract(text: str, gazetteer: Gazetteer | None = None) -> Extraction:
    gazetteer = gazetteer or Gazetteer()
    articles = split_articles(read_lines(text))
    figures: list[dict[str, Any]] = []
    unreadable: list[dict[str, Any]] = []
    names: list[dict[str, Any]] = []
    for index, article in enumerate(articles):
        seen: set[str] = set()
        # an official issuer (not a WeChat account, whose post signs with credits), named first
        # as its masthead stands first
        issuer = "" if article.credits else article.fields.get("issuer", "")
        for part in re.split(r"[、\s]+", issuer):  # one issuer or two: 中共平城区委督查室 …
            for name in find_names(part, gazetteer):
                if name.start == 0 and name.end == len(part):
                    _add_name(names, seen, name, index, None)
        for part, line in article.parts():
            if line.table is not None:
                for figure, offset in table_figures(line.table):
                    data = figure.as_dict()
                    data["article"] = index
                    data["span"] = [offset, offset + len(figure.text)]
                    figures.append(data)
                for row in line.table.rows:
                    for cell in row:
                        for name in find_names(cell.text, gazetteer):
                            _add_name(names, seen, name, index, cell.start)
                continue
            for figure in find_figures(line.text) if part != "trailer" else ():
                data = figure.as_dict()
                data["article"] = index
                data["span"] = _source_span(line, figure.start, figure.end)
                (unreadable if figure.unreadable else figures).append(data)
            for name in find_names(line.text, gazetteer):
                _add_name(names, seen, name, index, None, _source_span(line, name.start, name.end))
        for person in article.bylines:
            units = find_names(person, gazetteer)
            if units and units[0].start == 0 and units[0].end == len(person):
                # 供稿单位：小南头街道 signs with a unit, not a person
                _add_name(names, seen, units[0], index, None)
                continue
            suffix = last_suffix(person)
            if suffix and len(person) > 4:  # （永泰街道党工委供稿）: longer than a person's name
                _add_name(names, seen, Name(person, 0, len(person), SUFFIXES[suffix]), index, None)
                continue
            names.append(
                {
                    "text": person,
                    "kind": "person",
                    "unit_kind": "",
                    "unit_id": None,
                    "unit_name": "",
                    "article": index,
                    "span": None,
                }
            )
    return Extraction(articles, figures, names, unreadable)


def json_default(value: Any) -> Any:
    """Decimals as JSON numbers written exactly as the Decimal reads (809.68, not 809.679…)."""
    if isinstance(value, Decimal):
        normal = value.normalize()
        if normal == normal.to_integral_value():
            return int(normal)
        return float(str(normal))
    raise TypeError(type(value))
