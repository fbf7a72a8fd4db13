"""月度进度 ("monthly-reports"): monthly progress reports in and out of Excel.

A row finds its project by 项目代码, or by 项目名称 + 责任单位 when it has no code. Imported
reports are filed as submitted (待审核) by the importer, through `services.bulk.file_reports`,
and count in statistics only once the programme office approves them (maker-checker). 状态 is
written on export and ignored on import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.access import can_write
from taizhang.core.ledger_versions import VERSION_COLUMN, stale_version
from taizhang.core.ledgers import (
    CellError,
    Column,
    ImportContext,
    Ledger,
    RowWriteError,
    WriteResult,
)
from taizhang.core.models import Unit, User
from taizhang.lib import clock
from taizhang.projects.filters.plans import ReportFilter
from taizhang.projects.models import MonthlyReport, Project, ReportStatus, YearPlan
from taizhang.projects.services import bulk, validation
from taizhang.projects.services.projects import clean_code

STATUS_LABELS = (
    (ReportStatus.DRAFT.value, "草稿"),
    (ReportStatus.SUBMITTED.value, "待审核"),
    (ReportStatus.APPROVED.value, "已审核"),
    (ReportStatus.RETURNED.value, "退回"),
)
_MONTH = re.compile(r"(\d{1,2})\s*月?")


class MonthlyReportLedger(Ledger):
    name = "monthly-reports"
    title = gettext_lazy("Monthly reports")
    model = MonthlyReport
    filterset_class = ReportFilter
    year_column = "year"
    key_column = "code"
    undoable = True
    write_checks_again = True  # the bulk services look projects, plans and versions up again
    columns = (
        Column("项目代码", "code", max_length=30, width=26),
        Column("项目名称", "name", max_length=200, width=30),
        Column("责任单位", "unit", "unit"),
        Column(
            "年度",
            "year",
            "int",
            required=True,
            width=8,
            help=gettext_lazy(
                "Or the year in the title above the headers (such as 2024年月度进度) or the "
                "import's year."
            ),
        ),
        Column("月份", "month", required=True, width=8, help=gettext_lazy("1 to 12, or 3月.")),
        Column("本月完成投资", "completed_wan", "money", required=True, width=18),
        Column("形象进度", "progress_text", width=40),
        Column("开工日期", "started_on", "date"),
        Column("竣工日期", "finished_on", "date"),
        Column("存在问题", "problems", width=30),
        Column(
            "状态",
            "status",
            "choice",
            choices=STATUS_LABELS,
            imported=False,
            help=gettext_lazy(
                "Written on export; ignored on import (imported reports are submitted for review)."
            ),
        ),
        VERSION_COLUMN,
    )

    def can_import(self, user: Any) -> bool:
        return can_write(user)

    def export_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("project", "project__unit").order_by(
            "project_id", "year", "month"
        )

    def export_rows(self, queryset: QuerySet, user: Any = None) -> Iterator[list[Any]]:
        from taizhang.projects.ledgers.projects import ambiguous_names

        self._ambiguous = ambiguous_names()
        yield from super().export_rows(queryset, user)

    def value_of(self, obj: Any, column: Column) -> Any:
        from taizhang.projects.ledgers.projects import unit_label

        if column.field in ("code", "name"):
            return getattr(obj.project, column.field)
        if column.field == "unit":
            return unit_label(obj.project.unit, self._ambiguous)
        return super().value_of(obj, column)

    def parse_cell(self, column: Column, value: Any, context: ImportContext) -> Any:
        if column.field == "month":
            text = str(int(value)) if isinstance(value, float) and value.is_integer() else value
            match = _MONTH.fullmatch(str(text).strip())
            if not match or not 1 <= int(match.group(1)) <= 12:
                raise ValueError(_("“%(value)s” is not a month from 1 to 12.") % {"value": value})
            return int(match.group(1))
        return super().parse_cell(column, value, context)

    def _project(self, data: dict[str, Any], context: ImportContext) -> Project | CellError:
        """The row's project, looked up once per file and project."""
        if data.get("code"):
            try:
                key: tuple = ("code", clean_code(data["code"]))
            except ValidationError as error:
                return CellError("项目代码", " ".join(error.messages))
        elif data.get("name") and isinstance(data.get("unit"), Unit):
            key = ("name", data["name"], data["unit"].pk)
        else:
            return CellError("项目代码", _("Give the project code, or the name and the unit."))
        cache = context.memo.setdefault("projects", {})
        if key not in cache:
            projects = Project.objects.select_related("unit")
            if key[0] == "code":
                found = projects.filter(code=key[1]).first()
            else:
                found = projects.filter(name=key[1], unit_id=key[2]).first()
            cache[key] = found
        project = cache[key]
        if project is None or not can_write(context.user, project):
            return CellError("项目名称", _("No project of yours matches this row."))
        return project

    def _planned(self, project: Project, year: int, context: ImportContext) -> bool:
        planned = context.memo.setdefault("planned", {})
        if year not in planned:
            ids = YearPlan.objects.filter(year=year).values_list("project_id", flat=True)
            planned[year] = set(ids.iterator(chunk_size=5000))
        return project.pk in planned[year]

    def check_row(
        self, data: dict[str, Any], context: ImportContext
    ) -> tuple[str, list[CellError]]:
        errors = self.cell_errors(
            validation.report_errors(data.get("started_on"), data.get("finished_on"))
        )
        project = self._project(data, context)
        if isinstance(project, CellError):
            return "create", [*errors, project]
        year, month = data.get("year"), data.get("month")
        if year is None or month is None:
            return "create", errors
        if not self._planned(project, year, context):
            errors.append(
                CellError("年度", _("The project is not in the %(year)d plan.") % {"year": year})
            )
        if problem := bulk.check_report_period(year, month, clock.today()):
            errors.append(CellError("月份", problem))
        seen = context.memo.setdefault("seen", {})
        key = (project.pk, year, month)
        if key in seen:
            errors.append(
                CellError("月份", _("This month is already on row %(row)d.") % {"row": seen[key]})
            )
        seen[key] = context.row
        existing = MonthlyReport.objects.filter(project=project, year=year, month=month).first()
        if existing is None:
            return "create", errors
        fields = {name: data[name] for name in bulk.REPORT_FIELDS if name in data}
        if all(getattr(existing, name) == value for name, value in _blank(fields).items()):
            return "unchanged", errors
        if stale := stale_version(MonthlyReport, existing.pk, data.get("version"), context):
            errors.append(stale)
        if existing.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
            errors.append(
                CellError(
                    "月份",
                    _("The report of this month is %(status)s; it cannot change.")
                    % {"status": existing.get_status_display()},
                )
            )
        return "update", errors

    def write(self, rows: Iterable[tuple[int, dict[str, Any]]], *, by: User | None) -> WriteResult:
        result = WriteResult()
        batch: list[bulk.ReportRow] = []
        projects: dict[tuple, Project] = {}

        def flush() -> None:
            try:
                outcome = bulk.file_reports(batch, by=by, reason=_("Excel import"))
            except bulk.BulkRowError as error:
                raise RowWriteError(
                    error.row, self.header_of(error.field), "; ".join(error.messages)
                ) from error
            for action in outcome.actions:
                result.add(action)
            batch.clear()

        for number, data in rows:
            key = (data.get("code"), data.get("name"), getattr(data.get("unit"), "pk", None))
            if key not in projects:
                projects[key] = _lookup(data)
            fields = _blank({name: data[name] for name in bulk.REPORT_FIELDS if name in data})
            batch.append(
                bulk.ReportRow(
                    number,
                    projects[key],
                    data["year"],
                    data["month"],
                    fields,
                    version=data.get("version"),
                )
            )
            if len(batch) >= bulk.BATCH_SIZE:
                flush()
        if batch:
            flush()
        return result


def _lookup(data: dict[str, Any]) -> Project:
    projects = Project.objects.select_related("unit")
    if data.get("code"):
        return projects.get(code=clean_code(data["code"]))
    return projects.get(name=data["name"], unit=data["unit"])


def _blank(fields: dict[str, Any]) -> dict[str, Any]:
    """Empty text cells are "", as the model keeps them."""
    return {
        name: ("" if value is None and name in ("progress_text", "problems") else value)
        for name, value in fields.items()
    }
