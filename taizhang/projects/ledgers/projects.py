"""The project bank's Excel ledgers: 项目台账 ("projects"), 月度进度 ("monthly-reports") and
年度计划 ("year-plans", export only), with the headers district offices use.

项目台账 is one row per project with its plan of a year (年度). Importing upserts the project
(by 项目代码 when the row has one, else by 项目名称 + 责任单位) and, when 年度 is given, its plan
row for that year, through the bulk services (`services.bulk`), in batches, all or nothing.
A sheet without a 年度 column takes its year from the title ("2024年平城区建设项目台账") or the
import's year, for every row; an empty 年度 cell means "in no plan" unless the row gives a
planned investment, which then takes that year too (`Ledger.fill_year`).

建设性质 (新建/续建) is DERIVED, never typed: the export writes the plan row's nature, which the
plan services derive from earlier years' plans; on import the column is accepted and IGNORED,
so a sheet typed by hand can never make a project 新建 that was in last year's plan.
序号 is ignored on import and numbers the rows on export.

Who imports: the programme office and district administrators anything; a unit officer only
projects whose 责任单位 is in their subtree (every row is checked), and never a year plan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.access import can_write, is_district_writer
from taizhang.core.field_checks import FieldChecks
from taizhang.core.ledger_versions import VERSION_COLUMN, stale_version
from taizhang.core.ledgers import (
    MAX_YEAR,
    MIN_YEAR,
    CellError,
    Column,
    ImportContext,
    Ledger,
    RowWriteError,
    WriteResult,
)
from taizhang.core.models import Unit, User
from taizhang.lib import clock
from taizhang.lib.dates import parse_date, parse_month
from taizhang.projects.filters.projects import ProjectFilter, YearPlanFilter
from taizhang.projects.models import Category, Nature, Project, Stage, YearPlan
from taizhang.projects.services import bulk, plans, validation
from taizhang.projects.services.projects import clean_code

CATEGORY_LABELS = (
    (Category.INDUSTRY.value, "产业类"),
    (Category.INFRASTRUCTURE.value, "基础设施类"),
    (Category.LIVELIHOOD.value, "社会民生类"),
)
STAGE_LABELS = (
    (Stage.RESERVE.value, "储备"),
    (Stage.ANNUAL.value, "年度建设"),
    (Stage.KEY.value, "重点"),
    (Stage.COMPLETED.value, "竣工"),
    (Stage.DROPPED.value, "终止"),
)
NATURE_LABELS = ((Nature.NEW.value, "新建"), (Nature.CONTINUED.value, "续建"))
_SEPARATORS = re.compile(r"[、,，;；/\s]+")
PROJECT_FIELDS = (
    "code", "name", "category", "stage", "owner_name", "unit", "subdistrict",
    "lead_department", "content", "total_investment_wan", "planned_start", "planned_finish",
    "actual_start", "actual_finish", "leader", "funding_sources", "address", "longitude",
    "latitude",
)  # fmt: skip
PLAN_COLUMNS = ("nature", "year", "planned_investment_wan", "is_key")


def unit_label(unit: Unit | None, ambiguous: frozenset[str]) -> str:
    """A unit as a sheet names it: its name, or its code when several units share the name."""
    if unit is None:
        return ""
    return unit.code if unit.name in ambiguous else unit.name


def ambiguous_names() -> frozenset[str]:
    names = Unit.objects.values("name").annotate(n=Count("pk")).filter(n__gt=1)
    return frozenset(names.values_list("name", flat=True))


def parse_day_or_month(value: Any) -> Any:
    """An actual start or finish: a date, or a month as the district's sheets often give it."""
    try:
        return parse_date(value)
    except ValueError:
        return parse_month(value)


class ProjectLedger(Ledger):
    name = "projects"
    title = gettext_lazy("Project ledger")
    model = Project
    filterset_class = ProjectFilter
    year_column = "year"
    key_column = "name"
    undoable = True
    write_checks_again = True  # the bulk services look projects, plans and versions up again
    columns = (
        Column(
            "序号",
            "number",
            "int",
            width=6,
            imported=False,
            help=gettext_lazy("Ignored on import."),
        ),
        Column(
            "项目代码",
            "code",
            max_length=30,
            width=26,
            help=gettext_lazy("The national project code, if any; finds the project to update."),
        ),
        Column("项目名称", "name", required=True, max_length=200, width=30),
        Column(
            "建设性质",
            "nature",
            "choice",
            choices=NATURE_LABELS,
            imported=False,
            help=gettext_lazy(
                "Derived from earlier years' plans: written on export, ignored on import."
            ),
        ),
        Column("项目类别", "category", "choice", required=True, choices=CATEGORY_LABELS),
        Column("项目阶段", "stage", "choice", choices=STAGE_LABELS),
        Column("建设单位", "owner_name", max_length=200, width=20),
        Column(
            "责任单位",
            "unit",
            "unit",
            required=True,
            help=gettext_lazy("With the name, finds the project when it has no code."),
        ),
        Column("所在街道", "subdistrict", "unit"),
        Column("牵头部门", "lead_department", "unit"),
        Column(
            "配合部门",
            "co_departments",
            width=24,
            help=gettext_lazy("Several units separated by 、 or a comma."),
        ),
        Column("建设内容及规模", "content", width=40),
        Column("总投资", "total_investment_wan", "money", required=True, width=16),
        Column(
            "年度",
            "year",
            "int",
            width=8,
            help=gettext_lazy(
                "The year of the plan columns. Without this column, the year in the title "
                "above the headers (such as 2024年…台账) or the import's year."
            ),
        ),
        Column("年度计划投资", "planned_investment_wan", "money", width=16),
        Column("计划开工时间", "planned_start", "month"),
        Column("计划竣工时间", "planned_finish", "month"),
        Column("实际开工时间", "actual_start", "date"),
        Column("实际竣工时间", "actual_finish", "date"),
        Column("是否重点项目", "is_key", "bool"),
        Column("包联领导", "leader", max_length=50),
        Column("资金来源", "funding_sources", max_length=200),
        Column("项目地址", "address", max_length=200, width=24),
        Column("经度", "longitude", "decimal"),
        Column("纬度", "latitude", "decimal"),
        VERSION_COLUMN,
    )

    def can_import(self, user: Any) -> bool:
        return can_write(user)

    def needs_year(self, data: dict[str, Any]) -> bool:
        """An empty 年度 means "in no plan", unless the row gives a planned investment."""
        return data.get("planned_investment_wan") is not None

    # Export ---------------------------------------------------------------------------------

    def filtered_queryset(
        self, user: Any, params: Mapping[str, Any]
    ) -> tuple[QuerySet, dict[str, list[str]]]:
        """The list's projects with their plan of `year` (only projects in that year's plan);
        without a year, each project with its latest plan, if any."""
        queryset, errors = super().filtered_queryset(user, params)
        year = params.get("year")
        if year in (None, ""):
            plan = YearPlan.objects.filter(project=OuterRef("pk")).order_by("-year")
        else:
            try:
                year = int(year)
            except (TypeError, ValueError):
                return queryset.none(), {**errors, "year": [_("Enter a whole number.")]}
            plan = YearPlan.objects.filter(project=OuterRef("pk"), year=year)
            queryset = queryset.filter(plans__year=year)
        values = {f"plan_{name}": Subquery(plan.values(name)[:1]) for name in PLAN_COLUMNS}
        return queryset.annotate(**values), errors

    def export_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("unit", "subdistrict", "lead_department").prefetch_related(
            "co_departments"
        )

    def export_rows(self, queryset: QuerySet, user: Any = None) -> Iterator[list[Any]]:
        self._ambiguous = ambiguous_names()
        for number, row in enumerate(super().export_rows(queryset, user), start=1):
            row[0] = number
            yield row

    def value_of(self, obj: Any, column: Column) -> Any:
        if column.field in PLAN_COLUMNS:
            return getattr(obj, f"plan_{column.field}", None)
        if column.field == "co_departments":
            units = sorted(obj.co_departments.all(), key=lambda unit: unit.path)
            return "、".join(unit_label(unit, self._ambiguous) for unit in units)
        if column.kind == "unit":
            return unit_label(getattr(obj, column.field), self._ambiguous)
        return super().value_of(obj, column)

    # Import ---------------------------------------------------------------------------------

    def parse_cell(self, column: Column, value: Any, context: ImportContext) -> Any:
        if column.field in ("actual_start", "actual_finish"):
            return parse_day_or_month(value)
        if column.field == "co_departments":
            names = [name for name in _SEPARATORS.split(str(value).strip()) if name]
            return [self._unit(name, context) for name in names]
        if column.field == "year":
            year = super().parse_cell(column, value, context)
            if not MIN_YEAR <= year <= MAX_YEAR:
                raise ValueError(_("%(year)s is not a plan year.") % {"year": year})
            return year
        return super().parse_cell(column, value, context)

    def _index(self, context: ImportContext) -> dict[str, Any]:
        """Every existing project's key, unit path, stage and lock, read once per file."""
        index = context.memo.get("projects")
        if index is None:
            by_code, by_name = {}, {}
            rows = Project.objects.values_list("pk", "code", "name", "unit_id", "unit__path")
            for pk, code, name, unit_id, path in rows.iterator(chunk_size=5000):
                if code:
                    by_code[code] = (pk, path)
                by_name[(name, unit_id)] = (pk, path)
            index = context.memo["projects"] = {"code": by_code, "name": by_name}
        return index

    def check_row(
        self, data: dict[str, Any], context: ImportContext
    ) -> tuple[str, list[CellError]]:
        errors: list[CellError] = []
        user, unit = context.user, data.get("unit")
        if "today" not in context.memo:
            context.memo["today"] = clock.today()
        if data.get("code"):
            try:
                data["code"] = clean_code(data["code"], this_year=context.memo["today"].year)
            except ValidationError as error:
                errors.append(CellError("项目代码", " ".join(error.messages)))
                data.pop("code")
        if isinstance(unit, Unit) and not self._may_file(unit, context):
            errors.append(CellError("责任单位", _("You may not file projects of this unit.")))
        key = self._key(data)
        seen = context.memo.setdefault("keys", {})
        if key is not None:
            if key in seen:
                errors.append(
                    CellError(
                        "项目名称" if key[0] == "name" else "项目代码",
                        _("The same project is already on row %(row)d.") % {"row": seen[key]},
                    )
                )
            else:
                seen[key] = context.row
        found = self._existing(key, context)
        if found and user_path(user) and not found[1].startswith(user_path(user)):
            errors.append(CellError("项目名称", _("You may not change this project.")))
        if found and (stale := stale_version(Project, found[0], data.get("version"), context)):
            errors.append(stale)
        if data.get("year"):
            errors += self._plan_errors(data["year"], found, context)
        errors += self._model_errors(data, context)
        errors += self.cell_errors(  # the total is a required column: always the row's
            validation.plan_errors(
                data.get("planned_investment_wan"), data.get("total_investment_wan")
            )
        )
        return ("update" if found else "create"), errors

    @staticmethod
    def _may_file(unit: Unit, context: ImportContext) -> bool:
        """Whether the importer may file projects of `unit` (asked once per unit and file)."""
        allowed = context.memo.setdefault("may_file", {})
        if unit.pk not in allowed:
            allowed[unit.pk] = can_write(context.user, Project(unit=unit))
        return allowed[unit.pk]

    @staticmethod
    def _plan_errors(year: int, found: tuple | None, context: ImportContext) -> list[CellError]:
        """A new plan row needs a planner and a year that is not committed."""
        committed = context.memo.setdefault("committed", {})
        if year not in committed:
            committed[year] = plans.is_committed(year)
        planner = plans.can_plan(context.user)
        if planner and not committed[year]:
            return []
        if found and YearPlan.objects.filter(project_id=found[0], year=year).exists():
            return []  # an existing row; the service refuses it only if it would change
        if not planner:
            return [CellError("年度", _("Only the programme office puts projects into a plan."))]
        return [
            CellError(
                "年度", _("The %(year)d plan is committed; it cannot change.") % {"year": year}
            )
        ]

    @staticmethod
    def _key(data: dict[str, Any]) -> tuple | None:
        if data.get("code"):
            return ("code", data["code"])
        if data.get("name") and isinstance(data.get("unit"), Unit):
            return ("name", data["name"], data["unit"].pk)
        return None

    def _existing(self, key: tuple | None, context: ImportContext) -> tuple[int, str] | None:
        if key is None:
            return None
        index = self._index(context)
        return index["code"].get(key[1]) if key[0] == "code" else index["name"].get(key[1:])

    def _model_errors(self, data: dict[str, Any], context: ImportContext) -> list[CellError]:
        """The checks a single edit makes of the row's values (the model's lengths and ranges,
        and `services.validation`: unit kinds, plausible dates, date order), before anything is
        written: `bulk.validate_project`'s, on the row's plain values (no model instance; each
        distinct value of a field checked once per file). Reported in the column of the
        field."""
        fields = {k: v for k, v in _project_fields(data).items() if v is not None}
        checks = context.memo.get("field_checks")
        if checks is None:
            checks = context.memo["field_checks"] = FieldChecks(Project, bulk.PROJECT_LINKS)
        errors = checks.errors(fields)
        rules = validation.project_errors(
            _ProjectValues(fields), fields=fields, today=context.memo["today"]
        )
        for name, messages in rules.items():
            errors.setdefault(name, []).extend(messages)
        if not errors:
            return []
        headers = {column.field for column in self.columns}
        return self.cell_errors(
            {
                name: messages
                for name, messages in errors.items()
                if name in data or name not in headers  # a missing cell is reported already
            }
        )

    def write(self, rows: Iterable[tuple[int, dict[str, Any]]], *, by: User | None) -> WriteResult:
        """Write in batches through `bulk.upsert_projects`, inside the import's transaction. The
        rows passed `check_row`, which validated their values, so the service validates only
        what an update merges into an existing project."""
        result = WriteResult()
        batch: list[bulk.ProjectRow] = []

        def flush() -> None:
            try:
                outcome = bulk.upsert_projects(batch, by=by, reason=_("Excel import"), checked=True)
            except bulk.BulkRowError as error:
                raise RowWriteError(
                    error.row, self.header_of(error.field), "; ".join(error.messages)
                ) from error
            for action in outcome.actions:
                result.add(action)
            batch.clear()

        for number, data in rows:
            batch.append(project_row(number, data))
            if len(batch) >= bulk.BATCH_SIZE:
                flush()
        if batch:
            flush()
        return result


class _ProjectValues:
    """A row's project values as `validation.project_errors` reads them (attributes, units
    with their ids), without making a Project: a model instance costs more than the checks."""

    def __init__(self, fields: dict[str, Any]) -> None:
        values = dict.fromkeys(_VALIDATED, None)
        values.update(fields)
        for name in validation.UNIT_KINDS:
            unit = values.get(name)
            values[f"{name}_id"] = unit.pk if unit is not None else None
        self.__dict__.update(values)


_VALIDATED = (
    "name",
    *validation.UNIT_KINDS,
    *validation.PLANNED_DATES,
    *validation.ACTUAL_DATES,
)


def user_path(user: Any) -> str:
    """The unit path a unit officer is confined to; "" for district-wide writers."""
    if is_district_writer(user) or not getattr(user, "unit_id", None):
        return ""
    return user.unit.path


def _project_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = {name: data[name] for name in PROJECT_FIELDS if name in data}
    for name in ("code", "owner_name", "content", "leader", "funding_sources", "address"):
        if fields.get(name) is None and name in fields:
            fields[name] = ""
    if not fields.get("stage"):
        fields.pop("stage", None)
    if not fields.get("code"):
        fields.pop("code", None)  # a row without a code keeps the project's
    return fields


def project_row(number: int, data: dict[str, Any]) -> bulk.ProjectRow:
    plan = {name: data.get(name) for name in ("planned_investment_wan", "is_key")}
    return bulk.ProjectRow(
        row=number,
        fields=_project_fields(data),
        co_departments=data.get("co_departments") if "co_departments" in data else None,
        year=data.get("year"),
        plan={name: value for name, value in plan.items() if value is not None},
        version=data.get("version"),
    )


class YearPlanLedger(Ledger):
    """年度计划: a year's plan rows as the plan keeps them (its snapshot). Export only; plans
    change through the plan pages and the rollover."""

    name = "year-plans"
    title = gettext_lazy("Year plans")
    model = YearPlan
    filterset_class = YearPlanFilter
    columns = (
        Column("年度", "year", "int", width=8),
        Column("项目代码", "code", width=26),
        Column("项目名称", "name", width=30),
        Column("建设性质", "nature", "choice", choices=NATURE_LABELS),
        Column("项目类别", "category", "choice", choices=CATEGORY_LABELS),
        Column("责任单位", "unit", "unit"),
        Column("所在街道", "subdistrict", "unit"),
        Column("牵头部门", "lead_department", "unit"),
        Column("总投资", "total_investment_wan", "money", width=16),
        Column("年度计划投资", "planned_investment_wan", "money", width=16),
        Column("计划开工时间", "planned_start", "month"),
        Column("计划竣工时间", "planned_finish", "month"),
        Column("是否重点项目", "is_key", "bool"),
    )

    def can_import(self, user: Any) -> bool:
        return False

    def export_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("project", "unit", "subdistrict", "lead_department")

    def export_rows(self, queryset: QuerySet, user: Any = None) -> Iterator[list[Any]]:
        self._ambiguous = ambiguous_names()
        yield from super().export_rows(queryset, user)

    def value_of(self, obj: Any, column: Column) -> Any:
        if column.field == "code":
            return obj.project.code
        if column.kind == "unit":
            return unit_label(getattr(obj, column.field), self._ambiguous)
        return super().value_of(obj, column)
