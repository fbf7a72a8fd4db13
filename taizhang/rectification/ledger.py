"""The rectification ledger (整改台账) in Excel: one row per finding. Exported with the case,
the agency, the deadline and who rectified and verified; imported by a campaign office to
reconcile and close items (对账销号): a row's 整改状态 moves its finding through the same
services as the case page (reported rectified, verified and closed, or not accepted). All or
nothing; a row that cannot move is reported with its row, column and reason."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.access import can_write
from taizhang.core.ledgers import CellError, Column, ImportContext, Ledger
from taizhang.core.models import User
from taizhang.rectification.access import is_case_agency, works_on_case
from taizhang.rectification.filters import FindingFilter
from taizhang.rectification.flow import ORDER_CLOCK
from taizhang.rectification.models import Finding, FindingStatus
from taizhang.rectification.services import findings as finding_services
from taizhang.supervision.models import AssignmentClock

STATUS_CHOICES = (
    (FindingStatus.OPEN.value, "待整改"),
    (FindingStatus.RECTIFIED.value, "已整改待验收"),
    (FindingStatus.VERIFIED.value, "已验收销号"),
)
CASE, SEQUENCE, STATUS, NOTE, VERIFICATION = (
    "案件编号",
    "问题序号",
    "整改状态",
    "整改情况",
    "验收意见",
)
READ_ONLY = gettext_lazy("For reference; not read on import.")


def _reference(header: str, field: str, width: int = 14) -> Column:
    return Column(header, field, help=READ_ONLY, width=width)


class RectificationLedger(Ledger):
    name = "rectification"
    title = gettext_lazy("Rectification ledger")
    model = Finding
    filterset_class = FindingFilter
    columns = (
        Column(CASE, "case_number", required=True, max_length=32, help=gettext_lazy("Key.")),
        Column(SEQUENCE, "sequence", "int", required=True, help=gettext_lazy("Key.")),
        _reference("专项行动", "campaign_name", 20),
        _reference("整治对象", "subject_name", 24),
        _reference("所在街道", "subdistrict_name"),
        _reference("所在村（社区）", "village_name"),
        _reference("发现单位", "found_by_name"),
        _reference("责任单位", "agency_name"),
        _reference("问题类别", "category_name"),
        _reference("问题描述", "description", 30),
        _reference("法律依据", "legal_basis", 30),
        _reference("案件状态", "case_state"),
        _reference("整改时限", "order_deadline"),
        Column(
            STATUS,
            "status",
            "choice",
            required=True,
            choices=STATUS_CHOICES,
            help=gettext_lazy("Moving it reports a finding rectified, or verifies and closes it."),
        ),
        Column(NOTE, "rectification_note", width=30, help=gettext_lazy("Required to report.")),
        _reference("整改上报人", "rectified_by_name"),
        Column(VERIFICATION, "verification_note", width=30),
        _reference("验收人", "verified_by_name"),
        _reference("验收日期", "verified_on"),
    )

    def queryset_for(self, user: Any) -> QuerySet:
        return Finding.objects.for_user(user)

    def export_queryset(self, queryset: QuerySet) -> QuerySet:
        order_deadline = AssignmentClock.objects.filter(
            assignment=OuterRef("case__assignment_id"), code=ORDER_CLOCK
        ).values("deadline")[:1]
        return (
            queryset.select_related(
                "case__campaign",
                "case__subdistrict",
                "case__village",
                "case__found_by_unit",
                "case__agency",
                "case__assignment",
                "category",
                "rectified_by",
                "verified_by",
            )
            .annotate(order_deadline=Subquery(order_deadline))
            .order_by("case__opened_at", "case_id", "sequence")
        )

    def value_of(self, obj: Any, column: Column) -> Any:
        case = obj.case
        values = {
            "case_number": lambda: case.number,
            "campaign_name": lambda: case.campaign.name,
            "subject_name": lambda: case.subject_name,
            "subdistrict_name": lambda: case.subdistrict.name,
            "village_name": lambda: case.village.name,
            "found_by_name": lambda: case.found_by_unit.name,
            "agency_name": lambda: case.agency.name,
            "category_name": lambda: obj.category.name,
            "case_state": lambda: case.assignment.state_label,
            "order_deadline": lambda: obj.order_deadline.isoformat() if obj.order_deadline else "",
            "rectified_by_name": lambda: str(obj.rectified_by) if obj.rectified_by_id else "",
            "verified_by_name": lambda: str(obj.verified_by) if obj.verified_by_id else "",
            "verified_on": lambda: (
                timezone.localtime(obj.verified_at).date().isoformat() if obj.verified_at else ""
            ),
        }
        getter = values.get(column.field)
        return getter() if getter else super().value_of(obj, column)

    def can_import(self, user: Any) -> bool:
        return can_write(user)

    def _finding(self, data: dict[str, Any], context: ImportContext) -> Finding | None:
        sequence = data.get("sequence")
        if sequence is None:
            return None
        return (
            Finding.objects.for_user(context.user)
            .select_related("case__assignment__item", "case__assignment__unit", "category")
            .filter(case__number=data.get("case_number"), sequence=sequence)
            .first()
        )

    def check_row(
        self, data: dict[str, Any], context: ImportContext
    ) -> tuple[str, list[CellError]]:
        if data.get("case_number") is None or data.get("sequence") is None:
            return "unchanged", []
        seen = context.memo.setdefault("keys", {})
        key = (data["case_number"], data["sequence"])
        if key in seen:
            message = _("The same finding is already on row %(row)d.") % {"row": seen[key]}
            return "unchanged", [CellError(SEQUENCE, message)]
        seen[key] = context.row
        finding = self._finding(data, context)
        if finding is None:
            message = _("No finding %(sequence)s of case %(case)s.") % {
                "sequence": data["sequence"],
                "case": data["case_number"],
            }
            return "unchanged", [CellError(SEQUENCE, message)]
        target = data.get("status")
        if target is None or target == finding.status:
            return "unchanged", []
        return "update", self._move_errors(finding, target, data, context.user)

    def _move_errors(
        self, finding: Finding, target: str, data: dict[str, Any], user: Any
    ) -> list[CellError]:
        case = finding.case
        state = case.assignment.state
        current = finding.status
        if current == FindingStatus.VERIFIED:
            return [CellError(STATUS, _("A closed finding is reopened with its case."))]
        if current == FindingStatus.OPEN and target == FindingStatus.VERIFIED:
            return [
                CellError(
                    STATUS,
                    _("Report the finding rectified first; someone else then verifies it."),
                )
            ]
        if current == FindingStatus.OPEN:  # → rectified
            if not is_case_agency(user, case):
                return [CellError(STATUS, _("Only the responsible agency reports rectification."))]
            if state not in finding_services.RECTIFY_STATES:
                return [
                    CellError(STATUS, _("The case is %(state)s.") % {"state": case.state_label})
                ]
            if not (data.get("rectification_note") or "").strip():
                return [CellError(NOTE, _("Say what was rectified."))]
            return []
        # rectified → verified or back to open
        if not works_on_case(user, case):
            return [CellError(STATUS, _("You may not verify this finding."))]
        if state not in finding_services.VERIFY_STATES:
            return [CellError(STATUS, _("The case is %(state)s.") % {"state": case.state_label})]
        if finding.rectified_by_id == user.pk:
            return [
                CellError(
                    STATUS, _("The person who reported the work done may not also verify it.")
                )
            ]
        if target == FindingStatus.OPEN and not (data.get("verification_note") or "").strip():
            return [CellError(VERIFICATION, _("Give a reason."))]
        return []

    def write_row(self, data: dict[str, Any], *, by: User | None) -> str:
        finding = Finding.objects.for_user(by).get(
            case__number=data["case_number"], sequence=data["sequence"]
        )
        target = data.get("status")
        if target is None or target == finding.status:
            return "unchanged"
        if target == FindingStatus.RECTIFIED and finding.status == FindingStatus.OPEN:
            finding_services.report_rectified(
                finding, by=by, note=data.get("rectification_note") or ""
            )
        else:
            finding_services.verify_finding(
                finding,
                by=by,
                accept=target == FindingStatus.VERIFIED,
                note=data.get("verification_note") or "",
            )
        return "update"
