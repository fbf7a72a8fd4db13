"""`taizhang stats land --year Y [--unit NAME] [--format json|text] [--user USERNAME]`: the
year's transfer figures (queries.figures) of what the user sees within the unit: contracts,
area_mu, households_transferring, households_total, benefiting_share,
price_per_mu_min_yuan, price_per_mu_max_yuan, due_yuan, paid_yuan, overdue_yuan, income_yuan.
Figures are JSON numbers, written from exact decimals (two places at most)."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from collections.abc import Mapping
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.models import Unit, User
from taizhang.core.modules import StatsSubject
from taizhang.land import queries
from taizhang.lib import clock


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--year", type=int, help="the year (this year by default)")
    parser.add_argument(
        "--unit", metavar="NAME", help="a unit's name or code: its contracts and those below"
    )


def unit_called(text: str) -> Unit:
    found = Unit.objects.called(text)
    if len(found) != 1:
        message = (
            _("No unit is called %(name)s (--unit).")
            if not found
            else _("More than one unit is called %(name)s; give its code (--unit).")
        )
        raise CommandError(message % {"name": text})
    return found[0]


def as_text(figures: queries.Figures, unit: Unit | None) -> str:
    low, high = figures.price_per_mu_min_yuan, figures.price_per_mu_max_yuan
    return _(
        "%(year)s land transfer%(where)s: %(contracts)s contracts, %(area)s mu from "
        "%(households)s of %(total)s households (%(share)s%%), %(low)s–%(high)s yuan per mu "
        "per year; %(paid)s yuan paid, %(overdue)s yuan overdue; collective income "
        "%(income)s yuan."
    ) % {
        "year": figures.year,
        "where": f" ({unit.name})" if unit else "",
        "contracts": figures.contracts,
        "area": figures.area_mu,
        "households": figures.households_transferring,
        "total": figures.households_total,
        "share": int(figures.benefiting_share * 100),
        "low": low if low is not None else "—",
        "high": high if high is not None else "—",
        "paid": figures.paid_yuan,
        "overdue": figures.overdue_yuan,
        "income": figures.income_yuan,
    }


def run(options: Mapping[str, Any], user: User | None) -> str:
    year = options.get("year") or clock.today().year
    unit = unit_called(options["unit"]) if options.get("unit") else None
    figures = queries.figures(user, year=year, today=clock.today(), unit=unit)
    if options.get("format") == "text":
        return as_text(figures, unit)
    data = figures.as_json()
    if unit is not None:
        data["unit"] = unit.name
    return json.dumps(data, ensure_ascii=False, indent=2)


SUBJECT = StatsSubject(
    key="land",
    help=gettext_lazy("contracts, area, households, prices and payments of land transfer"),
    add_arguments=add_arguments,
    run=run,
)
