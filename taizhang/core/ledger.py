"""The org-unit ledger (组织机构台账) in Excel: import upserts units by code, export lists them.

A parent is named by its code and must exist already or come on an earlier row of the same
file, so a whole district can be loaded top-down from one sheet. Only district administrators
import units; every unit created or changed is audited by the services.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Left, Length
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core import personal, services
from taizhang.core.access import can_manage_structure
from taizhang.core.filters import UnitFilter
from taizhang.core.ledger_versions import VERSION_COLUMN, stale_version
from taizhang.core.ledgers import (
    CellError,
    Column,
    ImportContext,
    Ledger,
)
from taizhang.core.models import Unit, UnitKind, User

# The labels people write in the district's sheets; the English values are accepted too.
KIND_CHOICES = (
    (UnitKind.DISTRICT.value, "区"),
    (UnitKind.SUBDISTRICT.value, "街道"),
    (UnitKind.VILLAGE.value, "村"),
    (UnitKind.COMMUNITY.value, "社区"),
    (UnitKind.DEPARTMENT.value, "部门"),
    (UnitKind.PARTY_ORG.value, "党组织"),
    (UnitKind.AGENCY.value, "其他机构"),
)
FIELDS = ("name", "kind", "aliases", "address", "contact_person", "contact_phone", "remarks")
FLAGS = ("is_demo", "is_active")


def _given(data: dict[str, Any]) -> dict[str, Any]:
    """The unit's fields a row gives (an empty cell of an optional column gives none)."""
    return {
        name: data[name] for name in (*FIELDS, *FLAGS) if name in data and data[name] is not None
    }


def _parent_path(unit: Unit) -> str:
    return unit.path[: -Unit.steplen]


class UnitLedger(Ledger):
    name = "units"
    title = gettext_lazy("Org units")
    model = Unit
    filterset_class = UnitFilter
    key_column = "code"
    columns = (
        Column("编码", "code", required=True, max_length=32, help=gettext_lazy("Unique code.")),
        Column("名称", "name", required=True, max_length=100, width=24),
        Column("类型", "kind", "choice", required=True, choices=KIND_CHOICES),
        Column(
            "上级编码",
            "parent",
            max_length=32,
            help=gettext_lazy(
                "Code of the unit above; it must exist or come on an earlier row. "
                "Empty for a top-level unit."
            ),
        ),
        Column("地址", "address", max_length=200, width=30),
        Column("联系人", "contact_person", max_length=50),
        Column("联系电话", "contact_phone", max_length=30),
        Column("备注", "remarks", width=30),
        Column("演示数据", "is_demo", "bool", help=gettext_lazy("Invented for the demo.")),
        Column("启用", "is_active", "bool"),
        Column(
            "别名",
            "aliases",
            width=24,
            help=gettext_lazy("Short forms, separated by 、 (e.g. 区发改局)."),
        ),
        VERSION_COLUMN,
    )

    def can_import(self, user: Any) -> bool:
        return can_manage_structure(user)

    def export_queryset(self, queryset: QuerySet) -> QuerySet:
        parent = Unit.objects.filter(
            path=Left(OuterRef("path"), Length(OuterRef("path")) - Unit.steplen)
        )
        return queryset.annotate(parent_code=Subquery(parent.values("code")[:1]))

    def value_of(self, obj: Any, column: Column) -> Any:
        if column.field == "parent":
            return getattr(obj, "parent_code", None) or ""
        return super().value_of(obj, column)

    def check_row(
        self, data: dict[str, Any], context: ImportContext
    ) -> tuple[str, list[CellError]]:
        code, parent_code = data.get("code"), data.get("parent")
        errors: list[CellError] = []
        codes: dict[str, int] = context.memo.setdefault("codes", {})
        if code:
            if code in codes:
                errors.append(
                    CellError(
                        "编码",
                        _("Code %(code)s is already on row %(row)d of this file.")
                        % {"code": code, "row": codes[code]},
                    )
                )
            else:
                codes[code] = context.row
        existing = Unit.objects.filter(code=code).first() if code else None
        parent = Unit.objects.filter(code=parent_code).first() if parent_code else None
        if parent_code:
            if parent_code == code:
                errors.append(CellError("上级编码", _("A unit cannot be its own parent.")))
            elif parent is None and codes.get(parent_code, context.row) >= context.row:
                errors.append(
                    CellError(
                        "上级编码",
                        _("No unit with code %(code)s exists or comes on an earlier row.")
                        % {"code": parent_code},
                    )
                )
            elif existing and parent and parent.path.startswith(existing.path):
                errors.append(
                    CellError("上级编码", _("A unit cannot be moved under its own subunit."))
                )
        elif "parent" in data and existing and existing.depth > 1:
            errors.append(
                CellError("上级编码", _("An existing unit cannot be moved to the top level."))
            )
        if existing is None:
            return "create", errors
        if stale := stale_version(Unit, existing.pk, data.get("version"), context):
            errors.append(stale)
        # A re-imported export holds the phone masked: that is no change (core/personal.py).
        values = personal.unmasked(existing, _given(data))
        changed = any(getattr(existing, name) != value for name, value in values.items())
        moved = bool(parent_code) and (parent is None or parent.path != _parent_path(existing))
        return ("update" if changed or moved else "unchanged"), errors

    def write_row(self, data: dict[str, Any], *, by: User | None) -> str:
        fields = _given(data)
        parent = None
        if data.get("parent"):
            # Fetched afresh for every row: inserting siblings in code order renumbers paths.
            parent = Unit.objects.get(code=data["parent"])
        existing = Unit.objects.filter(code=data["code"]).first()
        if existing is None:
            services.create_unit(by=by, parent=parent, code=data["code"], **fields)
            return "create"
        if "parent" in data and parent is None and existing.depth > 1:
            raise ValidationError(_("An existing unit cannot be moved to the top level."))
        changes = {
            name: value
            for name, value in personal.unmasked(existing, fields).items()
            if getattr(existing, name) != value
        }
        move = parent if parent and parent.path != _parent_path(existing) else None
        if not changes and move is None:
            return "unchanged"
        services.update_unit(
            existing,
            by=by,
            parent=move,
            reason=_("Excel import"),
            version=data.get("version"),
            **changes,
        )
        return "update"
