"""The ledgers of money: "land-payments", one row per payment to a household, recorded
against what is due (found by contract number, household number and due date) through
services.record_payment, a payment above what is still due needing a note; and "land-income",
the collective's income (集体经济收入), each row through services.record_income."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.access import writes_for
from taizhang.core.ledgers import (
    CellError,
    Column,
    ImportContext,
    Ledger,
)
from taizhang.core.models import Unit, User
from taizhang.land import services
from taizhang.land.filters import IncomeFilter
from taizhang.land.models import (
    CollectiveIncome,
    DuePayment,
    IncomeSource,
    Payment,
    PaymentMethod,
)

METHOD_LABELS = (
    (PaymentMethod.BANK.value, "银行转账"),
    (PaymentMethod.CASH.value, "现金"),
    (PaymentMethod.OTHER.value, "其他"),
)
SOURCE_LABELS = (
    (IncomeSource.SERVICE_FEE.value, "流转服务费"),
    (IncomeSource.COLLECTIVE_RENT.value, "集体土地租金"),
    (IncomeSource.DIVIDENDS.value, "分红"),
    (IncomeSource.PROJECT.value, "项目收入"),
    (IncomeSource.OTHER.value, "其他收入"),
)


class PaymentLedger(Ledger):
    name = "land-payments"
    title = gettext_lazy("Land transfer payments")
    model = Payment
    key_column = "contract_number"
    columns = (
        Column("合同编号", "contract_number", required=True, max_length=40, width=16),
        Column("村（社区）", "village", imported=False),
        Column("户号", "household_number", required=True, max_length=32),
        Column("应付日期", "due_on", kind="date", required=True),
        Column("支付日期", "paid_on", kind="date", required=True),
        Column("金额（元）", "amount_yuan", kind="decimal", required=True),
        Column("支付方式", "method", kind="choice", choices=METHOD_LABELS, required=True),
        Column("收据编号", "receipt", max_length=60),
        Column("备注", "note", max_length=200, width=24),
    )

    def export_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("due__contract__unit", "due__household").order_by(
            "due__contract__unit__code", "due__contract__number", "paid_on", "pk"
        )

    def value_of(self, obj: Any, column: Column) -> Any:
        values = {
            "contract_number": obj.due.contract.number,
            "village": obj.due.contract.unit.name,
            "household_number": obj.due.household.number,
            "due_on": obj.due.due_on,
        }
        if column.field in values:
            return values[column.field]
        return super().value_of(obj, column)

    def _due(self, data: dict[str, Any], context: ImportContext) -> DuePayment | None:
        return (
            DuePayment.objects.for_user(context.user)
            .filter(
                contract__number=data.get("contract_number"),
                household__number=data.get("household_number"),
                due_on=data["due_on"],
            )
            .select_related("contract__unit")
            .first()
        )

    def check_row(
        self, data: dict[str, Any], context: ImportContext
    ) -> tuple[str, list[CellError]]:
        errors: list[CellError] = []
        if data.get("due_on") is None:
            return "create", errors
        due = self._due(data, context)
        if due is None:
            errors.append(
                CellError(
                    "合同编号",
                    _(
                        "No payment of contract %(number)s is due to household %(household)s "
                        "on that day in the villages you see."
                    )
                    % {
                        "number": data.get("contract_number"),
                        "household": data.get("household_number"),
                    },
                )
            )
        amount = data.get("amount_yuan")
        if amount is not None and amount <= 0:
            errors.append(CellError("金额（元）", _("A payment is above zero.")))
        elif amount is not None and due is not None:
            # What earlier rows of the file pay against the same due counts too.
            paying = context.memo.setdefault("paying", {})
            paid = paying.get(due.pk)
            if paid is None:
                paid = due.payments.aggregate(total=Sum("amount_yuan", default=Decimal(0)))
                paid = paid["total"]
            paying[due.pk] = paid + amount
            outstanding = due.amount_yuan - paid
            if amount > outstanding and not (data.get("note") or "").strip():
                errors.append(
                    CellError(
                        "金额（元）",
                        _(
                            "%(amount)s yuan is above the %(outstanding)s yuan still due; "
                            "say why in the note."
                        )
                        % {"amount": amount, "outstanding": outstanding},
                    )
                )
        return "create", errors

    def write_row(self, data: dict[str, Any], *, by: User | None) -> str:
        due = (
            DuePayment.objects.for_user(by)
            .select_related("contract__unit")
            .get(
                contract__number=data["contract_number"],
                household__number=data["household_number"],
                due_on=data["due_on"],
            )
        )
        services.record_payment(
            due,
            by=by,
            paid_on=data["paid_on"],
            amount_yuan=data["amount_yuan"],
            method=data["method"],
            receipt=data.get("receipt") or "",
            note=data.get("note") or "",
        )
        return "create"


class IncomeLedger(Ledger):
    name = "land-income"
    title = gettext_lazy("Collective income")
    model = CollectiveIncome
    filterset_class = IncomeFilter
    key_column = "unit"
    columns = (
        Column("村（社区）", "unit", kind="unit", required=True, width=16),
        Column("来源", "source", kind="choice", choices=SOURCE_LABELS, required=True),
        Column("金额（元）", "amount_yuan", kind="decimal", required=True),
        Column("收入日期", "received_on", kind="date", required=True),
        Column("说明", "description", max_length=200, width=30),
    )

    def export_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("unit").order_by("unit__code", "received_on", "pk")

    def check_row(
        self, data: dict[str, Any], context: ImportContext
    ) -> tuple[str, list[CellError]]:
        errors: list[CellError] = []
        unit = data.get("unit")
        if isinstance(unit, Unit) and unit.kind not in ("village", "community"):
            errors.append(CellError("村（社区）", _("The collective's income is a village's.")))
        elif isinstance(unit, Unit) and not writes_for(context.user, unit):
            errors.append(CellError("村（社区）", _("You do not write for this village.")))
        amount = data.get("amount_yuan")
        if amount is not None and amount <= 0:
            errors.append(CellError("金额（元）", _("An income is above zero.")))
        return "create", errors

    def write_row(self, data: dict[str, Any], *, by: User | None) -> str:
        services.record_income(
            by=by,
            unit=data["unit"],
            source=data["source"],
            amount_yuan=data["amount_yuan"],
            received_on=data["received_on"],
            description=data.get("description") or "",
        )
        return "create"
