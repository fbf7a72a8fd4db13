"""The households' contracted land "land-parcels" (承包地台账): one row per parcel. A row of a
parcel code the village has (of the same household) updates it in place, with the 版本 check,
so an export imports back unchanged; a new code records the parcel. Through
services.create_parcel and services.update_parcel."""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.access import writes_for
from taizhang.core.ledger_versions import VERSION_COLUMN, stale_version
from taizhang.core.ledgers import (
    CellError,
    Column,
    ImportContext,
    Ledger,
)
from taizhang.core.models import Unit, User
from taizhang.land import services
from taizhang.land.filters import ParcelFilter
from taizhang.land.models import (
    LandType,
    Parcel,
)
from taizhang.people.models import RESIDENCE_UNIT_KINDS, Household

LAND_TYPE_LABELS = (
    (LandType.ARABLE.value, "耕地"),
    (LandType.GARDEN.value, "园地"),
    (LandType.FOREST.value, "林地"),
    (LandType.GRASS.value, "草地"),
    (LandType.OTHER.value, "其他"),
)


class ParcelLedger(Ledger):
    """The households' contracted land (承包地台账), one row per parcel: the household by its
    number in the village (as the transfer ledger names transferors), the parcel's code, which
    is unique in the village, and what its certificate says. A code the village has updates
    that parcel if the row names its household (the 版本 column refuses a row whose parcel
    was changed since the export); a code of another household is refused. Coordinates are
    optional, both or neither, within China."""

    name = "land-parcels"
    title = gettext_lazy("Contracted land")
    model = Parcel
    filterset_class = ParcelFilter
    key_column = "code"
    columns = (
        Column("村（社区）", "village", kind="unit", required=True, width=14),
        Column("户号", "household_number", required=True, max_length=32),
        Column(
            "地块编码",
            "code",
            required=True,
            max_length=40,
            width=16,
            help=gettext_lazy("Unique in the village; a code the village has updates that parcel."),
        ),
        Column("地块名称", "name", required=True, max_length=100),
        Column("地块坐落", "location", max_length=200, width=20),
        Column("东至", "east", max_length=100),
        Column("南至", "south", max_length=100),
        Column("西至", "west", max_length=100),
        Column("北至", "north", max_length=100),
        Column("登记面积（亩）", "registered_area_mu", kind="decimal", required=True),
        Column("实测面积（亩）", "measured_area_mu", kind="decimal"),
        Column("地力等级", "grade", max_length=20),
        Column("土地类型", "land_type", kind="choice", choices=LAND_TYPE_LABELS),
        Column("承包经营权证号", "certificate_number", max_length=40, width=18),
        Column("承包期截止日期", "contract_ends_on", kind="date", required=True),
        Column(
            "纬度",
            "latitude",
            kind="decimal",
            help=gettext_lazy("Degrees north, 3 to 54, e.g. 40.012345; with the longitude."),
        ),
        Column(
            "经度",
            "longitude",
            kind="decimal",
            help=gettext_lazy("Degrees east, 73 to 136, e.g. 113.301234; with the latitude."),
        ),
        VERSION_COLUMN,
    )

    def export_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("household__unit").order_by(
            "household__unit__code", "code", "pk"
        )

    def value_of(self, obj: Any, column: Column) -> Any:
        if column.field == "village":
            return obj.household.unit.name
        if column.field == "household_number":
            return obj.household.number
        return super().value_of(obj, column)

    @staticmethod
    def fields_of(data: dict[str, Any]) -> dict[str, Any]:
        """The parcel's fields the row gives (a column the file lacks is left alone, and an
        empty land type keeps the stored one)."""
        fields = {name: data[name] for name in services.PARCEL_FIELDS if name in data}
        if fields.get("land_type") is None:
            fields.pop("land_type", None)
        return fields

    def _village(self, unit: Unit, context: ImportContext) -> dict[str, Any]:
        """The village's household numbers and parcel codes, read once per file."""
        villages = context.memo.setdefault("villages", {})
        if unit.pk not in villages:
            households = Household.objects.for_user(context.user).filter(unit=unit)
            parcels = Parcel.objects.filter(household__unit=unit)
            villages[unit.pk] = {
                "households": dict(households.values_list("number", "pk")),
                "parcels": {
                    code: (pk, household)
                    for code, pk, household in parcels.values_list("code", "pk", "household_id")
                },
            }
        return villages[unit.pk]

    def check_row(
        self, data: dict[str, Any], context: ImportContext
    ) -> tuple[str, list[CellError]]:
        unit = data.get("village")
        if not isinstance(unit, Unit):
            return "create", []  # the cell's own error is reported
        if unit.kind not in RESIDENCE_UNIT_KINDS:
            return "create", [CellError("村（社区）", _("Contracted land is a village's."))]
        if not writes_for(context.user, unit):
            return "create", [CellError("村（社区）", _("You do not write for this village."))]
        village = self._village(unit, context)
        errors: list[CellError] = []
        number, code = data.get("household_number"), data.get("code")
        household = village["households"].get(number) if number else None
        if number and household is None:
            errors.append(
                CellError(
                    "户号",
                    _("%(village)s has no household %(number)s; register the household first.")
                    % {"village": unit.name, "number": number},
                )
            )
        if not code:
            return "create", errors
        seen = context.memo.setdefault("codes", {})
        if (unit.pk, code) in seen:
            errors.append(
                CellError(
                    "地块编码",
                    _("Parcel %(code)s of %(village)s is already on row %(row)d of this file.")
                    % {"code": code, "village": unit.name, "row": seen[(unit.pk, code)]},
                )
            )
        else:
            seen[(unit.pk, code)] = context.row
        existing_pk, holder = village["parcels"].get(code, (None, None))
        if existing_pk is not None and household is not None and holder != household:
            errors.append(
                CellError(
                    "地块编码",
                    _(
                        "%(village)s already has a parcel %(code)s, of another household; a "
                        "parcel code is unique in the village."
                    )
                    % {"village": unit.name, "code": code},
                )
            )
        fields = self.fields_of(data)
        if existing_pk is None:
            candidate = Parcel(code=code, **fields)
        else:
            existing = Parcel.objects.get(pk=existing_pk)
            if stale := stale_version(Parcel, existing_pk, data.get("version"), context):
                errors.append(stale)
            candidate = copy.copy(existing)
            for name, value in fields.items():
                setattr(candidate, name, value)
        try:
            # The household and the code are checked above, against the village and the file.
            candidate.full_clean(exclude=["household"], validate_unique=False)
        except ValidationError as error:
            errors += self.cell_errors(
                {
                    name: messages
                    for name, messages in error.message_dict.items()
                    if name in data or name not in {column.field for column in self.columns}
                }
            )
        if existing_pk is None:
            return "create", errors
        changed = any(getattr(existing, name) != value for name, value in fields.items())
        return ("update" if changed else "unchanged"), errors

    def write_row(self, data: dict[str, Any], *, by: User | None) -> str:
        unit, code = data["village"], data["code"]
        household = Household.objects.for_user(by).get(unit=unit, number=data["household_number"])
        fields = self.fields_of(data)
        existing = (
            Parcel.objects.filter(household__unit=unit, code=code)
            .select_related("household__unit")
            .first()
        )
        if existing is None:
            services.create_parcel(by=by, household=household, code=code, **fields)
            return "create"
        if existing.household_id != household.pk:
            raise ValidationError(
                {"code": _("The village already has a parcel of code %(code)s.") % {"code": code}}
            )
        changes = {
            name: value for name, value in fields.items() if getattr(existing, name) != value
        }
        if not changes:
            return "unchanged"
        services.update_parcel(existing, by=by, version=data.get("version"), **changes)
        return "update"
