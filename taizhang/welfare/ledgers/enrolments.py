"""The enrolment ledger (享受名单台账, ledger "welfare-enrolments"): one row per enrolment — 项目,
姓名, 公民身份号码, 所属村（社区）, 起始日期, 金额（元）, 收入不稳定, and for reference 状态,
终止日期, 下次复核日期, 停发原因.

An import ENROLS: each row names a programme the importer may see (by name) and a registered
person by their whole ID number, and goes through services.enrolments.enrol, so every rule of
a single enrolment holds (one active enrolment, exclusions, eligibility on the day, access).
An ID number not in the registry, a masked one (an export's), a name that does not match the
number, or the same person twice for a programme is refused naming the row and column; all or
nothing. Stops and changes are made on the enrolment's page (they need a written reason).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core import personal
from taizhang.core.ledgers import CellError, Column, ImportContext, Ledger
from taizhang.core.models import User
from taizhang.lib.idcard import normalize_id_number
from taizhang.people.models import Person
from taizhang.welfare.filters import EnrolmentFilter
from taizhang.welfare.models import Enrolment, EnrolmentStatus, Programme
from taizhang.welfare.services import enrolments as services

PROGRAMME, NAME, ID_NUMBER, STARTED = "项目名称", "姓名", "公民身份号码", "起始日期"
STATUS_CHOICES = (
    (EnrolmentStatus.ACTIVE.value, "享受中"),
    (EnrolmentStatus.STOPPED.value, "已停发"),
)


class EnrolmentLedger(Ledger):
    name = "welfare-enrolments"
    title = gettext_lazy("Welfare enrolments")
    model = Enrolment
    filterset_class = EnrolmentFilter
    key_column = "id_number"
    columns = (
        Column(PROGRAMME, "programme_name", required=True, max_length=100, width=24),
        Column(NAME, "person_name", required=True, max_length=50),
        Column(
            ID_NUMBER,
            "id_number",
            required=True,
            width=22,
            help=gettext_lazy("The whole 18-character number of a registered resident."),
        ),
        Column("所属村（社区）", "unit_name", imported=False),
        Column(STARTED, "started_on", kind="date", required=True),
        Column(
            "金额（元）",
            "amount_yuan",
            kind="decimal",
            help=gettext_lazy("Empty: the programme's tiers or amount decide."),
        ),
        Column("收入不稳定", "income_unstable", kind="bool"),
        Column("状态", "status", kind="choice", choices=STATUS_CHOICES, imported=False),
        Column("终止日期", "ended_on", kind="date", imported=False),
        Column("下次复核日期", "next_review_on", kind="date", imported=False),
        Column("停发原因", "stop_reason", imported=False, width=24),
    )

    def export_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("programme", "person__unit").order_by(
            "programme__name", "person__unit__path", "person__name", "pk"
        )

    def value_of(self, obj: Any, column: Column) -> Any:
        if column.field == "programme_name":
            return obj.programme.name
        if column.field == "person_name":
            return obj.person.name
        if column.field == "id_number":
            return obj.person.id_number
        if column.field == "unit_name":
            return obj.person.unit.name
        return super().value_of(obj, column)

    def export_row(self, obj: Any, user: Any = None) -> list[Any]:
        """The person's ID number masked as on the pages (the enrolment itself holds none)."""
        row = super().export_row(obj, user)
        if not personal.shows_personal_data(user, obj.person):
            index = next(i for i, c in enumerate(self.columns) if c.field == "id_number")
            row[index] = personal.masked(Person, "id_number", row[index])
        return row

    # Import ---------------------------------------------------------------------------------

    def _programme(self, name: str, context: ImportContext) -> tuple[int | None, str]:
        cache = context.memo.setdefault("programmes", {})
        if name not in cache:
            found = list(
                Programme.objects.for_user(context.user)
                .filter(name=name, is_active=True)
                .values_list("pk", flat=True)[:2]
            )
            if not found:
                cache[name] = (None, _("No active programme “%(name)s” you may see.") % {
                    "name": name})  # fmt: skip
            elif len(found) > 1:
                cache[name] = (None, _("Several programmes are called “%(name)s”.") % {
                    "name": name})  # fmt: skip
            else:
                cache[name] = (found[0], "")
        return cache[name]

    def check_row(
        self, data: dict[str, Any], context: ImportContext
    ) -> tuple[str, list[CellError]]:
        errors: list[CellError] = []
        programme_id, why = self._programme(data.get("programme_name") or "", context)
        if why:
            errors.append(CellError(PROGRAMME, why))
        number = normalize_id_number(data.get("id_number") or "")
        person = None
        if "*" in number:
            errors.append(
                CellError(ID_NUMBER, _("A masked ID number cannot be imported; write it whole."))
            )
        elif number:
            person = (
                Person.objects.for_user(context.user)
                .filter(id_number=number)
                .only("pk", "name")
                .first()
            )
            if person is None:
                errors.append(
                    CellError(
                        ID_NUMBER,
                        _(
                            "No resident with the ID number %(number)s in the registry you may "
                            "see; register them first."
                        )
                        % {"number": personal.masked(Person, "id_number", number)},
                    )
                )
        name = (data.get("person_name") or "").strip()
        if person is not None and name and name != person.name:
            errors.append(
                CellError(
                    NAME,
                    _("The ID number belongs to %(registered)s, not %(name)s.")
                    % {"registered": person.name, "name": name},
                )
            )
        if person is not None and programme_id is not None:
            seen = context.memo.setdefault("pairs", set())
            if (programme_id, person.pk) in seen:
                errors.append(
                    CellError(ID_NUMBER, _("The person is in the file twice for this programme."))
                )
            seen.add((programme_id, person.pk))
            data["programme_id"], data["person_id"] = programme_id, person.pk
        return "create", errors

    def write_row(self, data: dict[str, Any], *, by: User | None) -> str:
        programme = Programme.objects.get(pk=data["programme_id"])
        person = Person.objects.select_related("household_membership__household").get(
            pk=data["person_id"]
        )
        services.enrol(
            programme,
            person,
            by=by,
            started_on=data["started_on"],
            amount_yuan=data.get("amount_yuan"),
            income_unstable=bool(data.get("income_unstable")),
        )
        return "create"
