"""The organisations ledger (单位主体台账, ledger "organisations"): enterprises, shops, property
companies, cooperatives … with their unified social credit code (GB 32100), legal
representative, contact and unit.

A row with a credit code already registered updates that organisation (through
services.organisations, with the 版本 check) if the importer may write for its unit, and is
refused with where it is otherwise; a row without a code registers a new organisation, unless
its unit already has one of that name (give the code to update it). The contact phone is
personal data, masked on export: a masked phone in an update row leaves the stored one as it
is. Title rows, other names of the headers and full-width text are accepted; all or nothing.
"""

from __future__ import annotations

import copy
import unicodedata
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.access import can_write, writes_for
from taizhang.core.ledger_versions import VERSION_COLUMN, stale_version
from taizhang.core.ledgers import CellError, Column, HeaderMap, ImportContext, Ledger
from taizhang.core.models import Unit, User
from taizhang.lib.credit_code import normalize_credit_code
from taizhang.lib.excel import normalise_header
from taizhang.people.filters import OrganisationFilter
from taizhang.people.models import Organisation, OrganisationKind
from taizhang.people.services import organisations as services

NAME, KIND, CODE, PHONE, UNIT = "名称", "类型", "统一社会信用代码", "联系电话", "所属单位"
KIND_CHOICES = (
    (OrganisationKind.ENTERPRISE.value, "企业"),
    (OrganisationKind.SHOP.value, "个体工商户"),
    (OrganisationKind.PROPERTY_MANAGER.value, "物业"),
    (OrganisationKind.COOPERATIVE.value, "合作社"),
    (OrganisationKind.SOCIAL_ORGANISATION.value, "社会组织"),
    (OrganisationKind.INSTITUTION.value, "事业单位"),
    (OrganisationKind.OTHER.value, "其他"),
)
KIND_SYNONYMS = {
    OrganisationKind.ENTERPRISE: ("公司", "有限公司", "企业法人", "私营企业", "国有企业"),
    OrganisationKind.SHOP: ("个体户", "个体", "商户", "门店", "店铺"),
    OrganisationKind.PROPERTY_MANAGER: ("物业公司", "物业服务企业", "小区物业", "物业服务"),
    OrganisationKind.COOPERATIVE: ("农民专业合作社", "专业合作社", "农民合作社"),
    OrganisationKind.SOCIAL_ORGANISATION: ("社会团体", "民办非企业单位", "社团"),
}
_KIND_OF = {word: kind.value for kind, words in KIND_SYNONYMS.items() for word in words}
SYNONYMS = {
    NAME: ("单位名称", "主体名称", "企业名称", "商户名称", "名称（字号）"),
    KIND: ("主体类型", "单位类型", "企业类型"),
    CODE: ("信用代码", "社会信用代码", "统一信用代码", "营业执照号"),
    "法定代表人/经营者": ("法定代表人", "法人", "经营者", "负责人", "法定代表人（经营者）"),
    PHONE: ("电话", "手机号", "手机号码", "联系方式"),
    "地址": ("经营地址", "注册地址", "住所"),
    UNIT: ("所属村（社区）", "所在村（社区）", "所属街道", "所属区域", "属地"),
}
_HEADER_OF = {
    normalise_header(other): header for header, others in SYNONYMS.items() for other in others
}
FIELDS = (
    "name", "kind", "credit_code", "legal_representative", "contact_person", "contact_phone",
    "address", "unit", "is_active", "notes",
)  # fmt: skip


class OrganisationLedger(Ledger):
    name = "organisations"
    title = gettext_lazy("Organisations")
    model = Organisation
    filterset_class = OrganisationFilter
    key_column = "name"
    columns = (
        Column(NAME, "name", required=True, max_length=200, width=30),
        Column(KIND, "kind", "choice", required=True, choices=KIND_CHOICES),
        Column(
            CODE,
            "credit_code",
            max_length=30,
            width=22,
            help=gettext_lazy("18 characters; finds the organisation to update."),
        ),
        Column("法定代表人/经营者", "legal_representative", max_length=50),
        Column("联系人", "contact_person", max_length=50),
        Column(PHONE, "contact_phone", max_length=30),
        Column("地址", "address", max_length=200, width=30),
        Column(UNIT, "unit", "unit", required=True),
        Column("是否在营", "is_active", "bool"),
        Column("备注", "notes", width=30),
        VERSION_COLUMN,
    )

    def can_import(self, user: Any) -> bool:
        return can_write(user)

    def queryset_for(self, user: Any) -> QuerySet:
        return Organisation.objects.for_user(user)

    def export_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("unit")

    def value_of(self, obj: Any, column: Column) -> Any:
        if column.field == "unit":
            return obj.unit.name
        return super().value_of(obj, column)

    # Import ---------------------------------------------------------------------------------

    def map_headers(self, headers: Sequence[Any]) -> HeaderMap:
        return super().map_headers(
            [_HEADER_OF.get(normalise_header(header), header) for header in headers]
        )

    def parse_cell(self, column: Column, value: Any, context: ImportContext) -> Any:
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value)
        if column.field == "kind" and isinstance(value, str) and value.strip() in _KIND_OF:
            return _KIND_OF[value.strip()]
        return super().parse_cell(column, value, context)

    def check_row(
        self, data: dict[str, Any], context: ImportContext
    ) -> tuple[str, list[CellError]]:
        errors: list[CellError] = []
        unit = data.get("unit")
        if isinstance(unit, Unit) and not writes_for(context.user, unit):
            errors.append(
                CellError(
                    UNIT,
                    _("You may not register organisations of %(unit)s.") % {"unit": unit.name},
                )
            )
        existing = self._existing(data)
        mine = existing is not None and writes_for(context.user, existing.unit)
        errors += self._in_file(data, context)
        candidate = self._candidate(data, existing if mine else None)
        if candidate is None:
            errors.append(
                CellError(PHONE, _("This phone is masked (from an export); give it in full."))
            )
        else:
            try:
                services.prepare_organisation(candidate, by=context.user)
            except ValidationError as error:
                headers = {column.field for column in self.columns}
                errors += self.cell_errors(
                    {
                        name: messages
                        for name, messages in error.message_dict.items()
                        if name in data or name not in headers
                    }
                )
        if existing is None:
            if isinstance(unit, Unit) and not data.get("credit_code") and data.get("name"):
                named = Organisation.objects.filter(unit=unit, name=data["name"].strip())
                if named.exists():
                    errors.append(
                        CellError(
                            NAME,
                            _("%(unit)s already has an organisation of this name; give its "
                              "credit code to update it.") % {"unit": unit.name},
                        )
                    )  # fmt: skip
            return "create", errors
        if mine and (
            stale := stale_version(Organisation, existing.pk, data.get("version"), context)
        ):
            errors.append(stale)
        changed = (
            mine
            and candidate is not None
            and any(getattr(candidate, name) != getattr(existing, name) for name in FIELDS)
        )
        return ("update" if changed else "unchanged"), errors

    @staticmethod
    def _existing(data: dict[str, Any]) -> Organisation | None:
        code = data.get("credit_code")
        if not code:
            return None
        code = normalize_credit_code(code)
        return Organisation.objects.select_related("unit").filter(credit_code=code).first()

    @staticmethod
    def _in_file(data: dict[str, Any], context: ImportContext) -> list[CellError]:
        seen = context.memo.setdefault("keys", {})
        unit = data.get("unit")
        if data.get("credit_code"):
            key: tuple | None = ("code", normalize_credit_code(data["credit_code"]))
            column = CODE
        elif data.get("name") and isinstance(unit, Unit):
            key, column = ("name", data["name"].strip(), unit.pk), NAME
        else:
            return []
        if key in seen:
            return [
                CellError(
                    column,
                    _("The same organisation is already on row %(row)d of this file.")
                    % {"row": seen[key]},
                )
            ]
        seen[key] = context.row
        return []

    @staticmethod
    def _changes(data: dict[str, Any], existing: Organisation | None) -> dict[str, Any] | None:
        """The row's fields; None for a masked phone on a new organisation."""
        fields = {name: data[name] for name in FIELDS if name in data}
        fields = {
            name: ("" if value is None and name not in ("unit", "is_active") else value)
            for name, value in fields.items()
        }
        if fields.get("is_active") is None:
            fields.pop("is_active", None)
        if not isinstance(fields.get("unit"), Unit):
            fields.pop("unit", None)
        if "*" in (fields.get("contact_phone") or ""):
            if existing is None:
                return None
            fields.pop("contact_phone")  # masked on export: left as it is
        return fields

    def _candidate(
        self, data: dict[str, Any], existing: Organisation | None
    ) -> Organisation | None:
        fields = self._changes(data, existing)
        if fields is None:
            return None
        if existing is None:
            return Organisation(**fields)
        candidate = copy.copy(existing)
        for name, value in fields.items():
            setattr(candidate, name, value)
        return candidate

    def write_row(self, data: dict[str, Any], *, by: User | None) -> str:
        existing = self._existing(data)
        fields = self._changes(data, existing) or {}
        if existing is None:
            unit = fields.pop("unit")
            services.create_organisation(by=by, unit=unit, **fields)
            return "create"
        changes = {
            name: value for name, value in fields.items() if getattr(existing, name) != value
        }
        code = changes.get("credit_code")
        if code is not None and normalize_credit_code(code) == existing.credit_code:
            changes.pop("credit_code")
        if not changes:
            return "unchanged"
        services.update_organisation(existing, by=by, version=data.get("version"), **changes)
        return "update"
