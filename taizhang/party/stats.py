"""`taizhang stats party --year Y [--format json|text] [--user USERNAME]`: the year's figures
of the Double Hundred programme (queries.figures): action_projects, action_projects_on_track
(no milestone overdue), demonstration_orgs (named that year or before), meeting_compliance
(share of required meetings held, on time or late, of those decided by the day).
"""

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
from taizhang.party import queries


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--year", type=int, help="the year (this year by default)")


def as_text(figures: queries.Figures) -> str:
    share = figures.meeting_compliance
    return _(
        "%(year)s Double Hundred: %(projects)s action projects, %(on_track)s on track, "
        "%(finished)s finished; %(named)s demonstration party organisations; %(share)s of "
        "the required meetings held."
    ) % {
        "year": figures.year,
        "projects": figures.action_projects,
        "on_track": figures.action_projects_on_track,
        "finished": figures.action_projects_finished,
        "named": figures.demonstration_orgs,
        "share": f"{share * 100:.1f}%" if share is not None else "—",
    }


def run(options: Mapping[str, Any], user: User | None) -> str:
    year = options.get("year") or clock.today().year
    figures = queries.figures(user, year=year, today=clock.today())
    if options.get("format") == "text":
        return as_text(figures)
    return json.dumps(figures.as_json(), ensure_ascii=False, indent=2)


SUBJECT = StatsSubject(
    key="party",
    help=gettext_lazy("action projects, demonstration organisations and meeting compliance"),
    add_arguments=add_arguments,
    run=run,
)
