"""The township's land-transfer ledger "land-contracts" (流转台账, 农村土地经营权流转管理办法
Art. 23): one row per parcel of each contract. An import makes the contracts, each with the
parcels of its rows, through services.create_contract (every clause and rule checked)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.access import writes_for
from taizhang.core.ledgers import (
    CellError,
    Column,
    ImportContext,
    Ledger,
    RowWriteError,
    WriteResult,
)
from taizhang.core.models import Unit, User
from taizhang.land import queries, services
from taizhang.land.filters import ContractFilter
from taizhang.land.models import (
    CompensationRecipient,
    Contract,
    ContractKind,
    ContractParcel,
    Parcel,
    PriceBasis,
)
from taizhang.land.services import Share
from taizhang.people.models import RESIDENCE_UNIT_KINDS, Organisation

KIND_LABELS = (
    (ContractKind.LEASE.value, "出租"),
    (ContractKind.SUBCONTRACT.value, "转包"),
    (ContractKind.SHARES.value, "入股"),
    (ContractKind.EXCHANGE.value, "互换"),
    (ContractKind.ASSIGNMENT.value, "转让"),
    (ContractKind.OTHER.value, "其他"),
)
COMPENSATION_LABELS = (
    (CompensationRecipient.TRANSFEROR.value, "承包农户"),
    (CompensationRecipient.TRANSFEREE.value, "受让方"),
    (CompensationRecipient.AS_AGREED.value, "按合同约定"),
)
# The columns that are a contract's terms, repeated on each of its rows.
CONTRACT_FIELDS = (
    "kind",
    "use",
    "starts_on",
    "ends_on",
    "price_per_mu_yuan",
    "filed_with_collective_on",
    "filed_with_township_on",
    "signed_on",
    "via_collective",
    "payment_month",
    "payment_day",
    "step_every_years",
    "step_percent",
    "rights_and_duties",
    "compensation_recipient",
    "breach_clauses",
    "price_basis",
    "kind_goods",
    "kind_kg_per_mu",
    "dividend_floor_yuan",
    "dividend_cap_yuan",
)
BASIS_LABELS = (
    (PriceBasis.CASH.value, "现金"),
    (PriceBasis.IN_KIND.value, "实物折价"),
    (PriceBasis.DIVIDEND.value, "保底分红"),
)


class ContractLedger(Ledger):
    """The township's 流转台账: one row per parcel of a contract; the rows of one contract (same
    village and number) repeat its terms. An import makes each contract with all its rows'
    parcels through services.create_contract, so each rule is checked as on the form: the
    eight clauses, areas, terms, parcels already transferred (by the database or by an earlier
    row of the file). The parcels must be in the registry (承包地) already; a contract of a
    number the village has is refused (the import makes contracts, it does not change them)."""

    name = "land-contracts"
    title = gettext_lazy("Land transfer ledger")
    model = ContractParcel
    key_column = "contract_number"
    columns = (
        Column("合同编号", "contract_number", required=True, max_length=40, width=16),
        Column("村（社区）", "village", kind="unit", required=True, width=14),
        Column("流转方式", "kind", kind="choice", choices=KIND_LABELS, required=True),
        Column("流出方户号", "household_number", required=True, max_length=32),
        Column("地块编码", "parcel_code", required=True, max_length=40),
        Column("地块坐落", "location", width=20, imported=False),
        Column("流转面积（亩）", "area_mu", kind="decimal", required=True),
        Column(
            "受让方",
            "transferee",
            required=True,
            max_length=200,
            width=24,
            help=gettext_lazy(
                "An organisation's name or credit code, or a person's citizen ID number"
            ),
        ),
        Column("用途", "use", required=True, max_length=200, width=16),
        Column("起始日期", "starts_on", kind="date", required=True),
        Column("截止日期", "ends_on", kind="date", required=True),
        Column("每亩每年价款（元）", "price_per_mu_yuan", kind="decimal", required=True),
        Column("村集体备案日期", "filed_with_collective_on", kind="date"),
        Column("乡镇备案日期", "filed_with_township_on", kind="date"),
        Column("签订日期", "signed_on", kind="date", required=True),
        Column("经村集体流转", "via_collective", kind="bool"),
        Column("每年支付月", "payment_month", kind="int", required=True),
        Column("每年支付日", "payment_day", kind="int", required=True),
        Column("价款递增间隔（年）", "step_every_years", kind="int"),
        Column("每次递增（%）", "step_percent", kind="decimal"),
        Column("双方权利义务", "rights_and_duties", required=True, max_length=5000, width=24),
        Column(
            "征收补偿归属",
            "compensation_recipient",
            kind="choice",
            choices=COMPENSATION_LABELS,
            required=True,
        ),
        Column("违约责任", "breach_clauses", required=True, max_length=5000, width=24),
        Column("价款形式", "price_basis", kind="choice", choices=BASIS_LABELS),
        Column("实物品种", "kind_goods", max_length=40),
        Column("每亩每年实物（公斤）", "kind_kg_per_mu", kind="decimal"),
        Column("保底分红（元/亩）", "dividend_floor_yuan", kind="decimal"),
        Column("分红封顶（元/亩）", "dividend_cap_yuan", kind="decimal"),
    )

    def filtered_queryset(self, user: Any, params: Any) -> tuple[QuerySet, dict[str, list[str]]]:
        """The parcels of the contracts the contract list's filters keep."""
        contracts = ContractFilter(params, queryset=Contract.objects.for_user(user))
        if not contracts.is_valid():
            errors = {key: list(value) for key, value in contracts.errors.items()}
            return self.queryset_for(user).none(), errors
        return self.queryset_for(user).filter(contract__in=contracts.qs.values("pk")), {}

    def export_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related(
            "contract__unit",
            "contract__transferee_organisation",
            "contract__transferee_person",
            "parcel__household",
        ).order_by("contract__unit__code", "contract__number", "parcel__code", "pk")

    def value_of(self, obj: Any, column: Column) -> Any:
        contract = obj.contract
        organisation = contract.transferee_organisation
        values = {
            "contract_number": contract.number,
            "village": contract.unit.name,
            "household_number": obj.parcel.household.number,
            "parcel_code": obj.parcel.code,
            "location": obj.parcel.location,
            "area_mu": obj.area_mu,
            # The credit code finds the organisation again on import; a person's name shows
            # (the ID number is personal data, masked on export).
            "transferee": (organisation.credit_code or organisation.name)
            if organisation is not None
            else str(contract.transferee or ""),
        }
        if column.field in values:
            return values[column.field]
        return getattr(contract, column.field)

    # Import ---------------------------------------------------------------------------------

    def _contract_of(self, data: dict[str, Any], transferee: Any) -> Contract:
        """The unsaved contract the row describes (its terms, not its parcels)."""
        fields = {field: data.get(field) for field in CONTRACT_FIELDS}
        fields["via_collective"] = bool(fields["via_collective"])
        fields["step_every_years"] = fields["step_every_years"] or 0
        fields["step_percent"] = fields["step_percent"] or Decimal("0")
        for text in ("use", "rights_and_duties", "breach_clauses"):
            fields[text] = fields[text] or ""
        fields["compensation_recipient"] = fields["compensation_recipient"] or ""
        fields["price_basis"] = fields["price_basis"] or PriceBasis.CASH
        fields["kind_goods"] = fields["kind_goods"] or ""
        is_organisation = isinstance(transferee, Organisation)
        return Contract(
            unit=data["village"],
            number=data["contract_number"],
            transferee_organisation=transferee if is_organisation else None,
            transferee_person=None if is_organisation else transferee,
            **fields,
        )

    def _transferee(self, data: dict[str, Any], context: ImportContext) -> Any:
        """The registry's organisation or person the row names, or the reason it is not found
        (looked up once per distinct value)."""
        cache = context.memo.setdefault("transferees", {})
        text = data.get("transferee") or ""
        if text not in cache:
            try:
                cache[text] = queries.transferee_named(context.user, text)
            except ValidationError as error:
                cache[text] = CellError("受让方", " ".join(error.messages))
        return cache[text]

    def check_row(
        self, data: dict[str, Any], context: ImportContext
    ) -> tuple[str, list[CellError]]:
        unit = data.get("village")
        if not isinstance(unit, Unit):
            return "create", []  # the cell's own error is reported
        if unit.kind not in RESIDENCE_UNIT_KINDS:
            return "create", [
                CellError("村（社区）", _("A transfer contract belongs to a village."))
            ]
        if not writes_for(context.user, unit):
            return "create", [CellError("村（社区）", _("You do not write for this village."))]
        errors: list[CellError] = []
        number = data.get("contract_number")
        household = str(data.get("household_number") or "")
        code = str(data.get("parcel_code") or "")
        parcel = queries.parcels_named(context.user, unit, [(household, code)]).get(
            (household, code)
        )
        if parcel is None and household and code:
            errors.append(
                CellError(
                    "地块编码",
                    _(
                        "%(village)s has no parcel %(code)s of household %(household)s; record "
                        "the household's contracted land first."
                    )
                    % {"village": unit.name, "code": code, "household": household},
                )
            )
        transferee = self._transferee(data, context)
        if isinstance(transferee, CellError):
            errors.append(transferee)
            transferee = None
        terms = {field: data.get(field) for field in CONTRACT_FIELDS}
        terms["transferee"] = data.get("transferee")
        contracts = context.memo.setdefault("contracts", {})
        first = contracts.get((unit.pk, number))
        if first is None:
            contracts[(unit.pk, number)] = (context.row, terms)
            errors += self._check_terms(data, transferee, parcel, context)
        else:
            row, first_terms = first
            for field, value in terms.items():
                if value != first_terms[field]:
                    errors.append(
                        CellError(
                            self.header_of(field),
                            _(
                                "Differs from row %(row)d, the first row of contract "
                                "%(number)s: the rows of a contract repeat its terms."
                            )
                            % {"row": row, "number": number},
                        )
                    )
        area = data.get("area_mu")
        if parcel is not None and area is not None and not errors:
            errors += self._check_parcel(data, transferee, parcel, area, context)
        return "create", errors

    def _check_terms(
        self, data: dict[str, Any], transferee: Any, parcel: Parcel | None, context: ImportContext
    ) -> list[CellError]:
        """What the first row of a contract says of its terms: the clauses, the fields' own
        rules and the contract number still free in the village."""
        if any(data.get(field) is None for field in ("signed_on", "starts_on", "ends_on")):
            return []  # a date cell's own error is reported
        if data.get("price_per_mu_yuan") is None or transferee is None:
            return []
        contract = self._contract_of(data, transferee)
        shares = [Share(parcel, data.get("area_mu") or Decimal("0"))] if parcel else []
        missing = services.missing_clauses(contract, shares)
        if parcel is None:  # the parcel's own error is reported
            missing = [key for key in missing if key not in ("parties", "land")]
        if missing:
            names = "；".join(str(services.CLAUSES[key]) for key in missing)
            return [
                CellError(
                    "合同编号",
                    _("The contract lacks clauses the law requires: %(names)s.") % {"names": names},
                )
            ]
        try:
            contract.full_clean()
        except ValidationError as error:
            return self.cell_errors(error.message_dict)
        return []

    def _check_parcel(
        self,
        data: dict[str, Any],
        transferee: Any,
        parcel: Parcel,
        area: Decimal,
        context: ImportContext,
    ) -> list[CellError]:
        """The parcel's rules (area, contracting term, already transferred in the database),
        and not transferred twice for overlapping dates by the rows of the file."""
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts is None or ends is None or transferee is None:
            return []
        if not (parcel.location and parcel.grade):
            return [
                CellError(
                    "地块编码",
                    _(
                        "Parcel %(parcel)s has no location or grade in the registry, which the "
                        "contract must state."
                    )
                    % {"parcel": parcel},
                )
            ]
        contract = self._contract_of(data, transferee)
        try:
            services.check_shares(contract, [Share(parcel, area)])
        except ValidationError as error:
            return [CellError("地块编码", message) for message in error.messages]
        taken = context.memo.setdefault("parcels", {})
        for row, number, first, last in taken.get(parcel.pk, []):
            if first <= ends and starts <= last:
                return [
                    CellError(
                        "地块编码",
                        _(
                            "Parcel %(parcel)s is already transferred for these dates by row "
                            "%(row)d (contract %(number)s)."
                        )
                        % {"parcel": parcel, "row": row, "number": number},
                    )
                ]
        taken.setdefault(parcel.pk, []).append((context.row, data["contract_number"], starts, ends))
        return []

    @transaction.atomic
    def write(self, rows: Iterable[tuple[int, dict[str, Any]]], *, by: User | None) -> WriteResult:
        """Each contract with the parcels of all its rows, in the order of its first row; then
        its filing, when the rows give its days. One transaction: a refusal undoes all."""
        contracts: dict[tuple[int, str], list[tuple[int, dict[str, Any]]]] = {}
        for number, data in rows:
            key = (data["village"].pk, data["contract_number"])
            contracts.setdefault(key, []).append((number, data))
        result = WriteResult()
        for group in contracts.values():
            first_row, data = group[0]
            try:
                self._write_contract(group, by=by)
            except ValidationError as error:
                fields = list(getattr(error, "error_dict", {}))
                column = self.header_of(fields[0] if len(fields) == 1 else "")
                raise RowWriteError(first_row, column, "; ".join(error.messages)) from error
            for _row in group:
                result.add("create")
        return result

    def _write_contract(self, group: list[tuple[int, dict[str, Any]]], *, by: User | None) -> None:
        data = group[0][1]
        unit = data["village"]
        transferee = queries.transferee_named(by, data["transferee"])
        keys = [(row["household_number"], row["parcel_code"]) for _n, row in group]
        parcels = queries.parcels_named(by, unit, keys)
        shares = [
            Share(parcels[key], row["area_mu"]) for key, (_n, row) in zip(keys, group, strict=True)
        ]
        template = self._contract_of(data, transferee)
        fields = {field: getattr(template, field) for field in CONTRACT_FIELDS}
        filed = fields.pop("filed_with_collective_on"), fields.pop("filed_with_township_on")
        contract = services.create_contract(
            by=by,
            unit=unit,
            shares=shares,
            number=template.number,
            transferee_organisation=template.transferee_organisation,
            transferee_person=template.transferee_person,
            **fields,
        )
        if any(filed):
            services.file_contract(contract, by=by, collective_on=filed[0], township_on=filed[1])

    def write_row(self, data: dict[str, Any], *, by: User | None) -> str:
        raise NotImplementedError  # the rows of a contract are written together (`write`)
