"""The retirees' Excel ledgers, exported from the filtered lists: the roster (退休人员名册,
"retirees-roster"), the handover ledger (移交台账, "retirees-handover"), the confirmations
(资格认证台账, "retirees-confirmations") and the pension changes for the social insurance
agency (暂停/恢复发放名单, "retirees-pension-changes"). Export only: the roster is entered
through the registry and the pages. Personal numbers are masked as on every page, unless the
export is one with full personal data (core/personal.py)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from taizhang.core import personal
from taizhang.core.ledgers import Column, Ledger
from taizhang.retirees.filters import PensionEventFilter, RetireeFilter
from taizhang.retirees.models import (
    Confirmation,
    ConfirmationMethod,
    HandoverItem,
    PartyTransfer,
    PensionEvent,
    PensionEventKind,
    PensionKind,
    PensionState,
    Retiree,
)

# The retiree a row is about, from the record the ledger lists.
PATH_TO_RETIREE = {
    Retiree: "",
    HandoverItem: "retiree",
    Confirmation: "retiree",
    PensionEvent: "retiree",
}


class RetireesLedger(Ledger):
    """Shared: export only, personal numbers of the person and the retiree masked."""

    # Columns holding personal data: field → (record, its field): "person" or "retiree".
    personal_columns: ClassVar[dict[str, tuple[str, str]]] = {
        "id_number": ("person", "id_number"),
        "social_insurance_number": ("retiree", "social_insurance_number"),
    }

    def can_import(self, user: Any) -> bool:
        return False

    def retiree_of(self, obj: Any) -> Retiree:
        path = PATH_TO_RETIREE[type(obj)]
        return getattr(obj, path) if path else obj

    def value_of(self, obj: Any, column: Column) -> Any:
        retiree = self.retiree_of(obj)
        if column.field in ("name", "id_number"):
            return getattr(retiree.person, column.field)
        if column.field == "community":
            return retiree.person.unit.name
        if column.field == "employer":
            return retiree.employer_display
        if hasattr(obj, column.field):
            return getattr(obj, column.field)
        return getattr(retiree, column.field, None)

    def export_row(self, obj: Any, user: Any = None) -> list[Any]:
        row = [self.export_value(column, self.value_of(obj, column)) for column in self.columns]
        retiree = self.retiree_of(obj)
        for index, column in enumerate(self.columns):
            if column.field in self.personal_columns:
                holder, field = self.personal_columns[column.field]
                record = retiree.person if holder == "person" else retiree
                row[index] = personal.shown(record, field, user, row[index] or "")
        return row

    def export_queryset(self, queryset: QuerySet) -> QuerySet:
        path = PATH_TO_RETIREE[self.model]
        prefix = f"{path}__" if path else ""
        return queryset.select_related(f"{prefix}person__unit", f"{prefix}employer")


# The labels the sheets write (Chinese, whatever the reader's language).
PENSION_KINDS = (
    (PensionKind.ENTERPRISE.value, "企业职工基本养老金"),
    (PensionKind.FLEXIBLE.value, "灵活就业人员养老金"),
    (PensionKind.RETIREMENT_FEE.value, "退休费"),
    (PensionKind.OTHER.value, "其他"),
)
PARTY_TRANSFERS = (
    (PartyTransfer.NOT_MEMBER.value, "非党员"),
    (PartyTransfer.PENDING.value, "待转入"),
    (PartyTransfer.TRANSFERRED.value, "已转入"),
)
PENSION_STATES = (
    (PensionState.NORMAL.value, "正常发放"),
    (PensionState.TO_SUSPEND.value, "待暂停"),
    (PensionState.TO_RESUME.value, "待恢复"),
    (PensionState.STOPPED.value, "停发（死亡）"),
)
METHODS = (
    (ConfirmationMethod.APP.value, "自助认证"),
    (ConfirmationMethod.HOME_VISIT.value, "上门认证"),
    (ConfirmationMethod.OFFICE.value, "窗口认证"),
)
EVENT_KINDS = (
    (PensionEventKind.SUSPEND.value, "暂停发放"),
    (PensionEventKind.RESUME.value, "恢复发放"),
    (PensionEventKind.STOP.value, "停发"),
)


PERSON_COLUMNS = (
    Column("姓名", "name", imported=False),
    Column("公民身份号码", "id_number", width=22, imported=False),
    Column("社区", "community", imported=False),
)


class RosterLedger(RetireesLedger):
    name = "retirees-roster"
    title = gettext_lazy("Retiree roster")
    model = Retiree
    filterset_class = RetireeFilter
    columns = (
        *PERSON_COLUMNS,
        Column("原工作单位", "employer", width=24, imported=False),
        Column("退休时间", "retired_on", "date", imported=False),
        Column("移交时间", "handed_over_on", "date", imported=False),
        Column("养老金类别", "pension_kind", "choice", choices=PENSION_KINDS, imported=False),
        Column("社会保障号码", "social_insurance_number", width=22, imported=False),
        Column("党员", "is_party_member", "bool", imported=False),
        Column("党组织关系", "party_transfer", "choice", choices=PARTY_TRANSFERS, imported=False),
        Column("健康状况", "health", imported=False),
        Column("特长爱好", "skills", imported=False),
        Column("配偶", "spouse", imported=False),
        Column("紧急联系人", "emergency_contact", imported=False),
        Column("下次认证到期", "next_due_on", "date", imported=False),
        Column("养老金状态", "pension_state", "choice", choices=PENSION_STATES, imported=False),
    )  # fmt: skip


class HandoverLedger(RetireesLedger):
    name = "retirees-handover"
    title = gettext_lazy("Handover ledger")
    model = HandoverItem
    columns = (
        Column("移交单位", "batch_employer", width=24, imported=False),
        Column("接收时间", "batch_received_on", "date", imported=False),
        Column("接收人", "batch_received_by", imported=False),
        *PERSON_COLUMNS,
        Column("档案已接收", "file_received", "bool", imported=False),
        Column("缺失材料", "missing_note", width=24, imported=False),
        Column("党组织关系已转入", "party_transferred", "bool", imported=False),
        Column("核对人", "checked_by", imported=False),
        Column("核对时间", "checked_on", "date", imported=False),
    )

    def value_of(self, obj: Any, column: Column) -> Any:
        if column.field == "batch_employer":
            return obj.batch.employer_display
        if column.field.startswith("batch_"):
            return getattr(obj.batch, column.field.removeprefix("batch_"))
        return super().value_of(obj, column)

    def export_queryset(self, queryset: QuerySet) -> QuerySet:
        return super().export_queryset(queryset).select_related("batch__employer")


class ConfirmationLedger(RetireesLedger):
    name = "retirees-confirmations"
    title = gettext_lazy("Eligibility confirmations")
    model = Confirmation
    columns = (
        *PERSON_COLUMNS,
        Column("认证时间", "confirmed_on", "date", imported=False),
        Column("认证方式", "method", "choice", choices=METHODS, imported=False),
        Column("经办人", "confirmed_by", imported=False),
        Column("备注", "notes", imported=False),
    )  # fmt: skip


class PensionChangeLedger(RetireesLedger):
    name = "retirees-pension-changes"
    title = gettext_lazy("Pension changes for the social insurance agency")
    model = PensionEvent
    filterset_class = PensionEventFilter
    columns = (
        *PERSON_COLUMNS,
        Column("社会保障号码", "social_insurance_number", width=22, imported=False),
        Column("变更", "kind", "choice", choices=EVENT_KINDS, imported=False),
        Column("登记时间", "on", "date", imported=False),
        Column("起始月份", "from_month", "month", imported=False),
        Column("补发月数", "back_pay_months", "int", imported=False),
    )  # fmt: skip


LEDGERS = (RosterLedger, HandoverLedger, ConfirmationLedger, PensionChangeLedger)
