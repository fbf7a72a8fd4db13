"""The checks of a project's values that every way in shares (项目校验): the API, the pages and
the Excel import all call `project_errors` (through the services, and the import's check before
anything is written), so they cannot disagree about what a project may hold.

Errors are keyed by the project's field name; the API reports the field, the import the column
header that feeds it. Django's `clean_fields()` does the per-field checks (lengths, ranges,
choices); these are the rules it cannot know: which kind of unit may lead or host a project,
which dates are plausible, and the order of dates and amounts.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from taizhang.core.ledgers import MIN_YEAR
from taizhang.core.models import Unit, UnitKind
from taizhang.lib import clock
from taizhang.lib.money import format_wan

# The kinds of unit that lead a project (牵头部门): the district's bureaus, other agencies and
# party organisations (区委组织部), never a village or a subdistrict. Co-departments (配合部门)
# may be any unit: subdistricts often join a bureau's project.
DEPARTMENT_KINDS = (UnitKind.DEPARTMENT, UnitKind.AGENCY, UnitKind.PARTY_ORG)
UNIT_KINDS: dict[str, tuple[UnitKind, ...]] = {
    "lead_department": DEPARTMENT_KINDS,
    "subdistrict": (UnitKind.SUBDISTRICT,),
}
# Dates a project may give: none before the platform's earliest ledger year, planned dates at
# most this many years ahead, actual dates not in the future.
EARLIEST_YEAR = MIN_YEAR
PLAN_HORIZON_YEARS = 10
PLANNED_DATES = ("planned_start", "planned_finish")
ACTUAL_DATES = ("actual_start", "actual_finish")
REQUIRED_TEXT = ("name",)


def _kind_label(unit: Unit) -> str:
    try:
        return str(UnitKind(unit.kind).label)
    except ValueError:
        return unit.kind


def unit_kind_error(field: str, unit: Unit) -> str | None:
    """Why `unit` cannot be the project's `field` (a unit kind rule), or None."""
    kinds = UNIT_KINDS.get(field)
    if kinds is None or unit.kind in kinds:
        return None
    if kinds == (UnitKind.SUBDISTRICT,):
        return _("“%(unit)s” is a %(kind)s, not a subdistrict.") % {
            "unit": unit.name,
            "kind": _kind_label(unit),
        }
    return _("“%(unit)s” is a %(kind)s, not a department, agency or party organisation.") % {
        "unit": unit.name,
        "kind": _kind_label(unit),
    }


def date_errors(project: Any) -> dict[str, list[str]]:
    """The date order checks of a project: no finish before its start."""
    errors: dict[str, list[str]] = {}
    planned_start, planned_finish = project.planned_start, project.planned_finish
    if planned_start and planned_finish and planned_finish < planned_start:
        errors["planned_finish"] = [_("The planned finish is before the planned start.")]
    actual_start, actual_finish = project.actual_start, project.actual_finish
    if actual_start and actual_finish and actual_finish < actual_start:
        errors["actual_finish"] = [_("The actual finish is before the actual start.")]
    return errors


def date_range_error(field: str, value: datetime.date, today: datetime.date) -> str | None:
    """Why a project date is implausible (a typo such as 2099 or 1920), or None."""
    if value.year < EARLIEST_YEAR:
        return _("%(date)s is before %(year)d.") % {"date": value, "year": EARLIEST_YEAR}
    if field in PLANNED_DATES and value.year > today.year + PLAN_HORIZON_YEARS:
        return _("%(date)s is more than %(years)d years ahead.") % {
            "date": value,
            "years": PLAN_HORIZON_YEARS,
        }
    if field in ACTUAL_DATES and value > today:
        return _("%(date)s has not come yet; an actual date cannot be in the future.") % {
            "date": value
        }
    return None


def project_errors(
    project: Any,
    *,
    fields: Iterable[str] | None = None,
    today: datetime.date | None = None,
) -> dict[str, list[str]]:
    """What is wrong with a project's values, by field. `fields`: check only these (the ones a
    change sets; a stored value that was valid once is not refused later), all when None. The
    units must be loaded (they are, from the form, the API or the import). The date order is
    always checked. `today`: the day to check against, for a caller checking many projects
    (reading the clock is slow enough to count at 100,000 rows)."""
    names = set(fields) if fields is not None else None

    def checked(name: str) -> bool:
        return names is None or name in names

    errors: dict[str, list[str]] = {}
    for name in REQUIRED_TEXT:
        if checked(name) and not str(getattr(project, name) or "").strip():
            errors.setdefault(name, []).append(_("This field is required."))
    for name in UNIT_KINDS:
        if not checked(name) or getattr(project, f"{name}_id") is None:
            continue
        if problem := unit_kind_error(name, getattr(project, name)):
            errors.setdefault(name, []).append(problem)
    today = today or clock.today()
    for name in (*PLANNED_DATES, *ACTUAL_DATES):
        value = getattr(project, name)
        problem = (
            date_range_error(name, value, today)
            if checked(name) and isinstance(value, datetime.date)
            else None
        )
        if problem:
            errors.setdefault(name, []).append(problem)
    for name, messages in date_errors(project).items():
        errors.setdefault(name, []).extend(messages)
    return errors


def report_errors(started_on: Any, finished_on: Any) -> dict[str, list[str]]:
    """A monthly report's start and finish (开工日期, 竣工日期) become the project's actual
    dates on approval, so they follow the project's rules: plausible, and in order."""
    errors: dict[str, list[str]] = {}
    today = clock.today()
    for name, value in (("started_on", started_on), ("finished_on", finished_on)):
        if isinstance(value, datetime.date) and (
            problem := date_range_error("actual_start", value, today)
        ):
            errors[name] = [problem]
    if started_on and finished_on and finished_on < started_on:
        errors.setdefault("finished_on", []).append(
            _("The actual finish is before the actual start.")
        )
    return errors


def plan_errors(planned: Decimal | None, total: Decimal | None) -> dict[str, list[str]]:
    """A year's planned investment (年度计划投资) cannot be more than the project's total."""
    if planned is None or total is None or planned <= total:
        return {}
    return {
        "planned_investment_wan": [
            _("The annual plan (%(planned)s) is more than the total investment (%(total)s).")
            % {"planned": format_wan(planned), "total": format_wan(total)}
        ]
    }
