"""`taizhang stats volunteers --year Y [--format json|text] [--user USERNAME]`: the year's
`volunteers` (who served in a confirmed sign-up), `hours` (attendance and approved claims),
`shifts`, `shifts_filled` and `letters`, a list of `{campaign, unit, targets, signed, rate}`
(rate = signed / targets, computed; null without targets)."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.models import User
from taizhang.core.modules import StatsSubject
from taizhang.lib import clock
from taizhang.volunteers import queries


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--year", type=int, help="the year (this year by default)")


def data(user: User | None, year: int) -> dict[str, Any]:
    figures = queries.figures(user, year=year)
    return {
        "year": year,
        "volunteers": figures.volunteers,
        "hours": float(figures.hours),
        "shifts": figures.shifts,
        "shifts_filled": figures.shifts_filled,
        "letters": [row.as_json() for row in queries.letter_rows(user, year=year)],
    }


def as_text(result: dict[str, Any]) -> str:
    lines = [
        _("%(year)s volunteer service: %(volunteers)s volunteers served %(hours)s hours.") % result
    ]
    for row in result["letters"]:
        share = "—" if row["rate"] is None else f"{round(row['rate'] * 100)}%"
        lines.append(
            _("%(campaign)s (%(unit)s): %(signed)s of %(targets)s letters signed, %(share)s.")
            % {**row, "share": share}
        )
    return "\n".join(lines)


def run(options: Mapping[str, Any], user: User | None) -> str:
    result = data(user, options.get("year") or clock.today().year)
    if options.get("format") == "text":
        return as_text(result)
    return json.dumps(result, ensure_ascii=False, indent=2)


SUBJECT = StatsSubject(
    key="volunteers",
    help=gettext_lazy("volunteers, hours and responsibility letters signed"),
    add_arguments=add_arguments,
    run=run,
)
