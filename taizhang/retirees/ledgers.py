"""The retirees' Excel ledgers, exported from the filtered lists: the roster (退休人员名册,
"retirees-roster"), the handover ledger (移交台账, "retirees-handover"), the confirmations
(资格认证台账, "retirees-confirmations") and the pension changes for the social insurance
agency (暂停/恢复发放名单, "retirees-pension-changes"). The roster also imports (each row's
person found in, or added to, the people registry by the ID number); the others are export
only. Personal numbers are masked as on every page, unless the export is one with full
personal data (core/personal.py)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core import personal
from taizhang.core.access import can_write, writes_for
from taizhang.core.ledgers import CellError, Column, ImportContext, Ledger
from taizhang.core.models import Unit, User
from taizhang.lib import clock
from taizhang.lib.idcard import normalize_id_number
from taizhang.people.models import RESIDENCE_UNIT_KINDS, Organisation, Person, PersonStatus
from taizhang.people.services.identity import check_identity, duplicate_message, holder_of_id
from taizhang.people.services.persons import create_person
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
from taizhang.retirees.services.roster import check_dates, register_retiree

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
    """The roster (退休人员名册). An import puts each row's person on the roster of its
    community: the person is found in the people registry by the citizen ID number (checked,
    GB 11643) and registered there first when new, so nobody is recorded twice; a person of
    the registry under another name or in another community, a retiree already on the roster,
    a number twice in the file, a retirement before birth or in the future are refused by row
    and column, and nothing is written."""

    name = "retirees-roster"
    title = gettext_lazy("Retiree roster")
    model = Retiree
    filterset_class = RetireeFilter
    key_column = "id_number"
    columns = (
        Column("姓名", "name", required=True, max_length=50),
        Column("公民身份号码", "id_number", width=22, required=True),
        Column("社区", "community", "unit", required=True),
        Column("原工作单位", "employer", width=24, required=True, max_length=200),
        Column("退休时间", "retired_on", "date", required=True),
        Column("移交时间", "handed_over_on", "date"),
        Column("养老金类别", "pension_kind", "choice", choices=PENSION_KINDS),
        Column("社会保障号码", "social_insurance_number", width=22, max_length=30),
        Column("党员", "is_party_member", "bool"),
        Column("党组织关系", "party_transfer", "choice", choices=PARTY_TRANSFERS),
        Column("健康状况", "health", max_length=200),
        Column("特长爱好", "skills", max_length=200),
        Column("配偶", "spouse", max_length=50),
        Column("紧急联系人", "emergency_contact", max_length=50),
        Column("下次认证到期", "next_due_on", "date", imported=False),
        Column("养老金状态", "pension_state", "choice", choices=PENSION_STATES, imported=False),
    )  # fmt: skip

    def can_import(self, user: Any) -> bool:
        return can_write(user)

    def _retiree_fields(self, data: dict[str, Any], user: Any) -> dict[str, Any]:
        """What register_retiree takes from the row; the employer is the registry's
        organisation of that name when the user sees exactly one."""
        employer = (data.get("employer") or "").strip()
        found = list(Organisation.objects.for_user(user).filter(name=employer)[:2])
        fields: dict[str, Any] = {
            "employer": found[0] if len(found) == 1 else None,
            "employer_name": "" if len(found) == 1 else employer,
            "retired_on": data.get("retired_on"),
            "handed_over_on": data.get("handed_over_on"),
            "is_party_member": bool(data.get("is_party_member")),
        }
        for text in ("social_insurance_number", "health", "skills", "spouse", "emergency_contact"):
            fields[text] = data.get(text) or ""
        if data.get("pension_kind"):
            fields["pension_kind"] = data["pension_kind"]
        if data.get("party_transfer"):
            fields["party_transfer"] = data["party_transfer"]
        return fields

    def check_row(
        self, data: dict[str, Any], context: ImportContext
    ) -> tuple[str, list[CellError]]:
        unit = data.get("community")
        errors: list[CellError] = []
        if isinstance(unit, Unit):
            if unit.kind not in RESIDENCE_UNIT_KINDS:
                errors.append(
                    CellError("社区", _("A retiree's community is a community or village."))
                )
            elif not writes_for(context.user, unit):
                errors.append(CellError("社区", _("You do not write for this community.")))
        number = data.get("id_number")
        if not number:
            return "create", errors
        try:
            identity = check_identity(id_number=number)
        except ValidationError as error:
            return "create", [*errors, CellError("公民身份号码", " ".join(error.messages))]
        seen = context.memo.setdefault("id_numbers", {})
        if identity.id_number in seen:
            errors.append(
                CellError(
                    "公民身份号码",
                    _("The same ID number is on row %(row)d.") % {"row": seen[identity.id_number]},
                )
            )
        seen.setdefault(identity.id_number, context.row)
        person = holder_of_id(identity.id_number)
        if person is not None:
            errors += self._check_registered(person, data, unit, context.user)
        birth = person.birth_date if person is not None else identity.birth_date
        retiree = Retiree(**self._retiree_fields(data, context.user))
        try:
            check_dates(retiree, Person(birth_date=birth), clock.today())
        except ValidationError as error:
            errors += self.cell_errors(error.message_dict)
        return "create", errors

    def _check_registered(
        self, person: Person, data: dict[str, Any], unit: Any, user: Any
    ) -> list[CellError]:
        """A row whose ID number the registry has: the same person, in that community, alive
        and not yet on the roster."""
        if isinstance(unit, Unit) and person.unit_id != unit.pk:
            return [CellError("社区", duplicate_message(person, user))]
        if person.name != (data.get("name") or "").strip():
            return [
                CellError(
                    "姓名",
                    _("The registry has %(name)s under this ID number.") % {"name": person.name},
                )
            ]
        if person.status == PersonStatus.DECEASED:
            return [CellError("姓名", _("A deceased person cannot be registered."))]
        if Retiree.objects.filter(person=person).exists():
            return [
                CellError(
                    "公民身份号码",
                    _("%(name)s is already on the roster.") % {"name": person.name},
                )
            ]
        return []

    def write_row(self, data: dict[str, Any], *, by: User | None) -> str:
        number = normalize_id_number(data["id_number"])
        person = holder_of_id(number)
        if person is None:
            person = create_person(
                by=by, unit=data["community"], name=data["name"].strip(), id_number=number
            )
        register_retiree(person, by=by, **self._retiree_fields(data, by))
        return "create"


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
