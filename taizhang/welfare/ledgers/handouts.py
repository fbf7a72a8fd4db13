"""The hand-outs ledger (实物发放登记, ledger "welfare-handouts"): the export lists hand-outs
recorded (filtered like any list); the import enters a paper sign-for list (纸质签领表) kept
where there was no phone: 项目, 批次, 公民身份号码, 领取日期, 领取人.

Each row becomes a hand-out through services/handouts.py (confirmed by the paper list), all or
nothing. A row is refused with its reason: an ID number not in the registry, a person with no
entitlement in the cycle that the importer may see, a hand-out already recorded (or an earlier
row of the file for the same household), not enough stock left in the village for the rows so
far, a collector outside the household, a day in the future."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core import personal
from taizhang.core.access import writes_for
from taizhang.core.ledgers import CellError, Column, ImportContext, Ledger
from taizhang.core.models import User
from taizhang.lib import clock
from taizhang.lib.idcard import normalize_id_number
from taizhang.people.models import HouseholdMember, Person
from taizhang.welfare.filters import HandoutFilter
from taizhang.welfare.models import Cycle, Entitlement, Handout, Stock
from taizhang.welfare.services import handouts as services

PROGRAMME, CYCLE, ID_NUMBER, DAY, COLLECTOR = "项目", "批次", "公民身份号码", "领取日期", "领取人"


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


class HandoutLedger(Ledger):
    name = "welfare-handouts"
    title = gettext_lazy("Welfare hand-outs")
    model = Handout
    filterset_class = HandoutFilter
    key_column = "id_number"
    columns = (
        Column(PROGRAMME, "programme", required=True, max_length=100, width=20),
        Column(
            CYCLE,
            "cycle",
            required=True,
            max_length=100,
            help=gettext_lazy("The cycle's label (春节) or its date."),
        ),
        Column("姓名", "name", max_length=50, imported=False),
        Column(ID_NUMBER, "id_number", required=True, max_length=18, width=22),
        Column("户号", "household", imported=False),
        Column("所属村（社区）", "unit", imported=False),
        Column(DAY, "handed_on", "date", required=True),
        Column(COLLECTOR, "received_by", required=True, max_length=50),
        Column("确认方式", "method", imported=False),
        Column("登记人", "recorded_by", imported=False),
    )

    def queryset_for(self, user: Any) -> QuerySet:
        return Handout.objects.for_user(user)

    def export_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related(
            "entitlement__cycle__programme",
            "entitlement__person",
            "entitlement__household",
            "entitlement__unit",
            "recorded_by",
        ).order_by("entitlement__cycle_id", "entitlement__unit__code", "handed_at", "pk")

    def value_of(self, obj: Any, column: Column) -> Any:
        entitlement = obj.entitlement
        cycle = entitlement.cycle
        values = {
            "programme": cycle.programme.name,
            "cycle": cycle.label or cycle.period.isoformat(),
            "name": entitlement.person.name,
            "id_number": personal.shown(entitlement.person, "id_number", None),
            "household": entitlement.household.number if entitlement.household else "",
            "unit": entitlement.unit.name,
            "handed_on": timezone.localtime(obj.handed_at).date(),
            "received_by": obj.received_by,
            "method": str(obj.get_method_display()),
            "recorded_by": obj.recorded_by.get_username() if obj.recorded_by else "",
        }
        return values[column.field]

    # Import -----------------------------------------------------------------------------

    @staticmethod
    def _cycle(data: dict[str, Any], user: Any, memo: dict[str, Any]) -> Cycle | str:
        key = (data.get("programme"), data.get("cycle"))
        cache = memo.setdefault("cycles", {})
        if key not in cache:
            cycles = services.in_kind_cycles(user).filter(programme__name=key[0])
            try:
                day = datetime.date.fromisoformat(str(key[1]))
            except ValueError:
                found = cycles.filter(label=key[1])
            else:
                found = cycles.filter(Q(period=day) | Q(label=key[1]))
            matches = list(found[:2])
            cache[key] = (
                matches[0]
                if len(matches) == 1
                else _("No hand-out of goods “%(programme)s %(cycle)s” that you may see.")
                % {"programme": key[0], "cycle": key[1]}
            )
        return cache[key]

    @staticmethod
    def _entitlement(cycle: Cycle, number: str, user: Any) -> Entitlement | str:
        person = Person.objects.filter(id_number=number).first()
        if person is None:
            return _("This ID number is not in the registry.")
        households = HouseholdMember.objects.filter(person=person).values("household_id")
        entitlement = (
            services.entitlements_for(user, cycle)
            .filter(Q(person=person) | Q(household__in=households))
            .select_related("unit", "household", "person")
            .first()
        )
        if entitlement is None:
            return _("%(name)s has no entitlement in this hand-out that you may see.") % {
                "name": person.name
            }
        return entitlement

    def check_row(
        self, data: dict[str, Any], context: ImportContext
    ) -> tuple[str, list[CellError]]:
        errors: list[CellError] = []
        day = data.get("handed_on")
        if isinstance(day, datetime.date) and day > clock.today():
            errors.append(CellError(DAY, _("The day is in the future.")))
        if not data.get("programme") or not data.get("cycle") or not data.get("id_number"):
            return "create", errors
        cycle = self._cycle(data, context.user, context.memo)
        if isinstance(cycle, str):
            return "create", [*errors, CellError(CYCLE, cycle)]
        found = self._entitlement(cycle, normalize_id_number(data["id_number"]), context.user)
        if isinstance(found, str):
            return "create", [*errors, CellError(ID_NUMBER, found)]
        errors += self._check_entitlement(found, data, context)
        return "create", errors

    def _check_entitlement(
        self, entitlement: Entitlement, data: dict[str, Any], context: ImportContext
    ) -> list[CellError]:
        errors: list[CellError] = []
        if not writes_for(context.user, entitlement.unit):
            errors.append(
                CellError(
                    ID_NUMBER,
                    _("You may not record hand-outs in %(unit)s.") % {"unit": entitlement.unit},
                )
            )
        seen = context.memo.setdefault("entitlements", {})
        if entitlement.pk in seen:
            errors.append(
                CellError(
                    ID_NUMBER,
                    _("The same household is already on row %(row)d of this file.")
                    % {"row": seen[entitlement.pk]},
                )
            )
            return errors
        seen[entitlement.pk] = context.row
        existing = Handout.objects.filter(entitlement=entitlement).first()
        if existing is not None:
            errors.append(
                CellError(
                    ID_NUMBER,
                    _("Already handed out on %(day)s (collected by %(name)s).")
                    % {
                        "day": timezone.localtime(existing.handed_at).date(),
                        "name": existing.received_by,
                    },
                )
            )
            return errors  # takes nothing from the stock
        if data.get("received_by"):
            try:
                services.collector_of(entitlement, data["received_by"])
            except ValidationError as error:
                errors.append(CellError(COLLECTOR, " ".join(error.messages)))
        errors += self._stock_errors(entitlement, context)
        return errors

    @staticmethod
    def _stock_errors(entitlement: Entitlement, context: ImportContext) -> list[CellError]:
        """Stock left for this row after the rows above it (kept in the memo per village)."""
        left: dict[tuple[int, int, int], Decimal] = context.memo.setdefault("stock", {})
        items = context.memo.setdefault("baskets", {})
        if entitlement.cycle_id not in items:
            items[entitlement.cycle_id] = services.basket_of(entitlement.cycle)
        short = []
        for item in items[entitlement.cycle_id]:
            key = (entitlement.cycle_id, entitlement.unit_id, item.pk)
            if key not in left:
                row = Stock.objects.filter(cycle_id=key[0], unit_id=key[1], item_id=key[2]).first()
                left[key] = row.remaining if row else Decimal("0")
            left[key] -= item.quantity
            if left[key] < 0:
                short.append(item.name)
        if not short:
            return []
        return [
            CellError(
                ID_NUMBER,
                _("Not enough stock in %(village)s for this row: %(items)s.")
                % {"village": entitlement.unit.name, "items": "、".join(short)},
            )
        ]

    def write_row(self, data: dict[str, Any], *, by: User | None) -> str:
        cycle = self._cycle(data, by, {})
        if isinstance(cycle, str):
            raise ValidationError({"cycle": cycle})
        found = self._entitlement(cycle, normalize_id_number(data["id_number"]), by)
        if isinstance(found, str):
            raise ValidationError({"id_number": found})
        services.record_handout(
            found,
            by=by,
            received_by=data["received_by"],
            on_paper=True,
            handed_at=_noon(data["handed_on"]),
        )
        return "create"
