"""The entitlements ledger (待遇发放台账, "welfare-entitlements"): the filtered entitlement list
in Excel, and the bank's payment results imported back.

The export is the payment list: one row per entitlement with its 编号 and 批次编号, the name,
the citizen ID number (masked, or in full in a recorded export: services/payments.py), the
amount and the payment status. An import reads only 编号, 批次编号, 公民身份号码, 发放结果,
发放日期 and 银行备注: each row must name an entitlement of that cycle (by its 编号, or by the
full ID number within the cycle), whose person's ID number agrees; a row for a person not in
the cycle is refused. All or nothing, each refusal named by row and column (core/imports.py).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core import personal
from taizhang.core.access import can_write
from taizhang.core.ledgers import CellError, Column, ImportContext, Ledger
from taizhang.core.models import User
from taizhang.lib.idcard import normalize_id_number
from taizhang.welfare.access import may_manage_programme
from taizhang.welfare.filters import EntitlementFilter
from taizhang.welfare.models import CycleStatus, Entitlement, Handout, PaymentStatus
from taizhang.welfare.services import payments

ID, CYCLE, ID_NUMBER, RESULT, PAID_ON, NOTE = (
    "编号",
    "批次编号",
    "公民身份号码",
    "发放结果",
    "发放日期",
    "银行备注",
)
PAYMENT_CHOICES = (
    (PaymentStatus.PENDING.value, "待发放"),
    (PaymentStatus.PAID.value, "已发放"),
    (PaymentStatus.FAILED.value, "发放失败"),
)


class EntitlementLedger(Ledger):
    name = "welfare-entitlements"
    title = gettext_lazy("Entitlements")
    model = Entitlement
    filterset_class = EntitlementFilter
    key_column = "id"
    columns = (
        Column(ID, "id", "int", help=gettext_lazy("The entitlement's number, as exported.")),
        Column(CYCLE, "cycle_id", "int", required=True),
        Column("批次", "cycle_label", width=16, imported=False),
        Column("项目", "programme_name", width=24, imported=False),
        Column("村（社区）", "unit_name", imported=False),
        Column("姓名", "person_name", imported=False),
        Column(
            ID_NUMBER,
            "id_number",
            required=True,
            max_length=40,
            width=22,
            help=gettext_lazy("In full, or masked as exported with the 编号."),
        ),
        Column("金额（元）", "amount_yuan", "decimal", imported=False),
        Column(RESULT, "payment_status", "choice", required=True, choices=PAYMENT_CHOICES),
        Column(PAID_ON, "paid_on", "date", help=gettext_lazy("Required for 已发放.")),
        Column(NOTE, "payment_note", max_length=200, width=24),
        Column("已领取", "collected", "bool", imported=False),
    )

    def export_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("cycle__programme", "person", "unit").annotate(
            collected=Exists(Handout.objects.filter(entitlement=OuterRef("pk")))
        )

    def value_of(self, obj: Any, column: Column) -> Any:
        if column.field == "cycle_label":
            return obj.cycle.label or str(obj.cycle.period)
        if column.field == "programme_name":
            return obj.cycle.programme.name
        if column.field == "unit_name":
            return obj.unit.name
        if column.field == "person_name":
            return obj.person.name
        return super().value_of(obj, column)

    def can_import(self, user: Any) -> bool:
        return can_write(user)

    def find(self, data: dict[str, Any], user: Any) -> tuple[Entitlement | None, CellError | None]:
        """The entitlement a row names, or the reason there is none it may record."""
        cycle_id, number = data.get("cycle_id"), data.get("id_number") or ""
        readable = Entitlement.objects.for_user(user).select_related("cycle__programme", "person")
        if data.get("id"):
            found = readable.filter(pk=data["id"]).first()
            if found is None:
                return None, CellError(ID, _("No entitlement %(id)s.") % {"id": data["id"]})
            if cycle_id is not None and found.cycle_id != cycle_id:
                return None, CellError(
                    CYCLE,
                    _("Entitlement %(id)s is not in cycle %(cycle)s.")
                    % {"id": found.pk, "cycle": cycle_id},
                )
            stored = found.person.id_number
            if number not in (stored, personal.mask(personal.PersonalKind.ID_NUMBER, stored)):
                return None, CellError(
                    ID_NUMBER,
                    _("The ID number is not that of %(name)s, the person of entitlement %(id)s.")
                    % {"name": found.person.name, "id": found.pk},
                )
        else:
            full = normalize_id_number(number)
            found = readable.filter(cycle_id=cycle_id or 0, person__id_number=full).first()
            if found is None:
                return None, CellError(
                    ID_NUMBER,
                    _("Nobody with this ID number is in cycle %(cycle)s.") % {"cycle": cycle_id},
                )
        if found.cycle.status != CycleStatus.APPROVED:
            return None, CellError(
                CYCLE, _("The cycle %(cycle)s is not approved yet.") % {"cycle": found.cycle}
            )
        if not may_manage_programme(user, found.cycle.programme):
            return None, CellError(
                CYCLE,
                _("You may not record payments of %(programme)s.")
                % {"programme": found.cycle.programme},
            )
        return found, None

    def check_row(
        self, data: dict[str, Any], context: ImportContext
    ) -> tuple[str, list[CellError]]:
        errors: list[CellError] = []
        if "cycle_id" not in data or "id_number" not in data:
            return "update", errors  # a required cell failed: already reported
        found, error = self.find(data, context.user)
        if error is not None:
            return "update", [error]
        assert found is not None
        seen: dict[int, int] = context.memo.setdefault("seen", {})
        if found.pk in seen:
            errors.append(
                CellError(
                    ID_NUMBER,
                    _("%(name)s is already on row %(row)d of this file.")
                    % {"name": found.person.name, "row": seen[found.pk]},
                )
            )
        seen.setdefault(found.pk, context.row)
        status = data.get("payment_status")
        if status == PaymentStatus.PENDING:
            errors.append(CellError(RESULT, _("Write 已发放 or 发放失败.")))
        if status == PaymentStatus.PAID and not data.get("paid_on"):
            errors.append(CellError(PAID_ON, _("Give the day it was paid.")))
        same = (
            found.payment_status == status
            and found.paid_on == data.get("paid_on")
            and found.payment_note == (data.get("payment_note") or "")
        )
        return ("unchanged" if same else "update"), errors

    def write_row(self, data: dict[str, Any], *, by: User | None) -> str:
        found, error = self.find(data, by)
        if error is not None or found is None:
            raise ValidationError(error.message if error else _("Not found."))
        return payments.record_result(
            found,
            by=by,
            status=data["payment_status"],
            paid_on=data.get("paid_on"),
            note=data.get("payment_note") or "",
        )
