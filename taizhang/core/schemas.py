"""API schemas of the shared ground: errors, pagination, units, history, attachments, tokens.

Input (`...In`) and output (`...Out`) schemas are never shared. Output schemas read the request
from the pydantic context to decide what the caller may see (masked phone numbers).
"""

from __future__ import annotations

import dataclasses
import datetime
import typing
import uuid
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PaginationBase
from pydantic import AfterValidator, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from taizhang.core import access, history, personal
from taizhang.core.imports import read_progress
from taizhang.core.models import (
    AuditAction,
    AuditEntry,
    PersonalDataAccess,
    PersonalDataAccessKind,
    Unit,
    UnitKind,
)
from taizhang.lib.dates import MAX_YEAR, MIN_YEAR

# A year in a path, query or body: outside these the ledgers hold nothing, and dates past
# them overflow (422 naming the parameter, never a 500).
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]

# ---------------------------------------------------------------------------------------------
# Errors and pagination, shared by every app's router.

# Optimistic concurrency (core/versions.py): the version a record is read at, and sent back.
VERSION_IN: Any = Field(
    None,
    ge=1,
    le=2_147_483_647,
    description=(
        "The record's version this change starts from (as read). If the record changed since, "
        'the change is refused with 409 and what changed. Or send If-Match: "<version>".'
    ),
)
VERSION_OUT: Any = Field(description="Counts the record's saved changes; send it back to edit.")


class ErrorItem(Schema):
    field: str | None = Field(None, description="Field path, or null for the whole request.")
    message: str


class ErrorOut(Schema):
    """The one error shape of the API."""

    detail: str
    errors: list[ErrorItem] = []


def _required_text(value: str) -> str:
    value = value.strip()
    if not value:
        raise PydanticCustomError("blank", _("This field is required."))
    return value


# Text a record cannot do without (a name): stripped, and refused when nothing is left, as the
# pages and the Excel import refuse it. Control characters are gone already (CleanParser).
RequiredText = Annotated[str, AfterValidator(_required_text)]


def with_errors(responses: dict[int, Any], *codes: int) -> dict[int, Any]:
    """`responses` plus the error codes an operation documents (401 always)."""
    return {**responses, **dict.fromkeys(sorted({401, *codes}), ErrorOut)}


class PageNumberPage(PaginationBase):
    """?page=&page_size= pagination, sliced in the database: {count, page, page_size, results}."""

    max_page_size = 200
    default_page_size = 50
    items_attribute = "results"

    class Input(Schema):
        page: int = Field(1, ge=1, description="Page number, from 1.")
        page_size: int = Field(50, ge=1, le=200, description="Rows per page (at most 200).")

    class Output(Schema):
        count: int
        page: int
        page_size: int
        results: list[Any]

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        page_size = min(pagination.page_size, self.max_page_size)
        offset = (pagination.page - 1) * page_size
        count = self._items_count(queryset)
        # A page past the last is empty, without asking the database for an offset that it
        # may not hold (a huge ?page= overflows its integers).
        end = min(offset, count)
        return {
            "count": count,
            "page": pagination.page,
            "page_size": page_size,
            "results": queryset[end : min(offset + page_size, count)],
        }


def _is_text(annotation: Any) -> bool:
    """str, or str | None, also when the str is annotated (RequiredText)."""
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation is str or any(
        _is_text(arg) for arg in typing.get_args(annotation) if arg is not annotation
    )


class PatchIn(Schema):
    """The body of a PATCH: a field left out is left alone, and a text field sent as null is
    refused (422 naming it), since no text of the ledgers is ever null: send "" to clear it."""

    @field_validator("*", mode="before")
    @classmethod
    def text_is_never_null(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        if value is None and field is not None and _is_text(field.annotation):
            raise ValueError(_("may not be null; send an empty text to clear it"))
        return value


def _user_of(context: Any) -> Any:
    request = (context or {}).get("request")
    return getattr(request, "user", None)


# ---------------------------------------------------------------------------------------------
# Users


class UnitBriefOut(Schema):
    id: int
    name: str
    code: str
    kind: UnitKind


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    unit: UnitBriefOut | None
    roles: list[str]
    can_write: bool = Field(description="Whether the user may change any record at all.")
    can_manage_structure: bool = Field(description="Whether the user may create org units.")

    @staticmethod
    def resolve_roles(obj: Any) -> list[str]:
        return sorted(access.roles_of(obj))

    @staticmethod
    def resolve_can_write(obj: Any) -> bool:
        return access.can_write(obj)

    @staticmethod
    def resolve_can_manage_structure(obj: Any) -> bool:
        return access.can_manage_structure(obj)


# ---------------------------------------------------------------------------------------------
# Org units


class UnitOut(Schema):
    id: int
    version: int = VERSION_OUT
    name: str
    code: str
    kind: UnitKind
    kind_label: str
    parent_id: int | None
    depth: int
    address: str
    contact_person: str
    contact_phone: str = Field(
        description="Masked (139****5678); writers of the unit may reveal it "
        "(POST /personal/core/unit/{id}/reveal)."
    )
    remarks: str
    aliases: list[str] = Field(description="Short forms the unit is also called by.")
    is_demo: bool
    is_active: bool
    can_write: bool = Field(description="Whether the caller may change this unit.")

    @staticmethod
    def resolve_kind_label(obj: Unit) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_aliases(obj: Unit) -> list[str]:
        return obj.alias_list

    @staticmethod
    def resolve_parent_id(obj: Unit) -> int | None:
        # Lists annotate `parent_pk` (see core.api.units_for); a single unit may ask the tree.
        if hasattr(obj, "parent_pk"):
            return obj.parent_pk
        parent = Unit.objects.get_parent(obj)
        return parent.pk if parent else None

    @staticmethod
    def resolve_contact_phone(obj: Unit, context: Any) -> str:
        return personal.shown(obj, "contact_phone", _user_of(context))

    @staticmethod
    def resolve_can_write(obj: Unit, context: Any) -> bool:
        return access.can_write(_user_of(context), obj)


class UnitFilterIn(Schema):
    """Query parameters of the unit list: the fields of `core.filters.UnitFilter`."""

    q: str | None = Field(None, description="Search in name, code and address.")
    kind: UnitKind | None = None
    within: int | None = Field(None, description="Only units in the subtree of this unit id.")
    is_demo: bool | None = None
    ordering: str | None = Field(
        None, description="tree, code, name or kind; prefix with - to reverse."
    )


class UnitCreateIn(Schema):
    parent_id: int | None = Field(None, description="Parent unit; none for a root unit.")
    name: RequiredText = Field(max_length=100)
    code: RequiredText = Field(max_length=32)
    kind: UnitKind
    address: str = ""
    contact_person: str = ""
    contact_phone: str = ""
    remarks: str = ""
    aliases: list[str] = Field(default_factory=list, description="Short forms, e.g. 区发改局.")
    is_demo: bool = False
    is_active: bool = True


class UnitUpdateIn(Schema):
    """Only the fields sent are changed; unit officers may send contact fields only."""

    parent_id: int | None = Field(None, description="Move the unit under this unit.")
    name: RequiredText | None = Field(None, max_length=100)
    code: RequiredText | None = Field(None, max_length=32)
    kind: UnitKind | None = None
    address: str | None = None
    contact_person: str | None = None
    contact_phone: str | None = Field(
        None, description="Sending back the masked value (139****5678) keeps the stored one."
    )
    remarks: str | None = None
    aliases: list[str] | None = None
    is_demo: bool | None = None
    is_active: bool | None = None
    reason: str = Field("", max_length=500, description="Why; kept in the history.")
    version: int | None = VERSION_IN

    @field_validator("*", mode="before")
    @classmethod
    def no_nulls(cls, value: Any) -> Any:
        # A field left out is left alone; a field sent as null is a mistake.
        if value is None:
            raise ValueError("may not be null; leave the field out instead")
        return value


# ---------------------------------------------------------------------------------------------
# History (变更记录)


class ChangeOut(Schema):
    field: str = Field(description="The field's name in the record's snapshot.")
    label: str = Field(description="The field's label in the caller's language.")
    before: str = Field(description="The value before, as the history page shows it.")
    after: str = Field(description="The value after, as the history page shows it.")


class HistoryPage(PageNumberPage):
    """Pages of audit entries, each with its readable changes: the ids of a whole page are
    resolved to names at once (one query per model they refer to)."""

    def paginate_queryset(
        self,
        queryset: QuerySet,
        pagination: PageNumberPage.Input,
        request: HttpRequest,
        **params: Any,
    ) -> dict[str, Any]:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page["results"] = history.describe(page["results"], request.user)
        return page


class AuditEntryOut(Schema):
    id: int
    at: datetime.datetime
    actor_id: int | None
    actor_name: str
    actor_unit_id: int | None
    scope_unit_id: int | None
    model: str = Field(description="app_label.model of the record.")
    object_id: str
    object_repr: str
    action: AuditAction
    before: dict[str, Any] | None = Field(
        description="The record's snapshot before, for machines: ids as stored, secrets "
        "left out, personal data masked unless the caller may write the record's unit."
    )
    after: dict[str, Any] | None = Field(description="The snapshot after, likewise.")
    changes: list[ChangeOut] = Field(description="The changed fields, readable.")
    reason: str
    request_id: str

    @staticmethod
    def resolve_model(obj: AuditEntry) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model}"

    @staticmethod
    def resolve_before(obj: AuditEntry, context: Any) -> dict[str, Any] | None:
        return history.visible_snapshot(obj, obj.before, _user_of(context))

    @staticmethod
    def resolve_after(obj: AuditEntry, context: Any) -> dict[str, Any] | None:
        return history.visible_snapshot(obj, obj.after, _user_of(context))

    @staticmethod
    def resolve_changes(obj: AuditEntry, context: Any) -> list[dict[str, Any]]:
        if not hasattr(obj, "rows"):  # not read through HistoryPage
            history.describe([obj], _user_of(context))
        return [dataclasses.asdict(row) for row in obj.rows]


class AuditFilterIn(Schema):
    """Query parameters of the audit log: those of the audit log page, plus `model`."""

    model: str | None = Field(None, description="Record type as app_label.model: core.unit.")
    content_type: int | None = Field(None, description="Record type by content-type id.")
    record: str | None = Field(None, description="Part of the record's name.")
    action: AuditAction | None = None
    actor: str | None = Field(None, description="Part of the user name of who made the change.")
    since: datetime.date | None = Field(None, description="Changes on or after this day.")
    until: datetime.date | None = Field(None, description="Changes on or before this day.")


# ---------------------------------------------------------------------------------------------
# Attachments (附件)


class AttachmentOut(Schema):
    id: int
    original_name: str
    mime_type: str
    kind: str
    size: int
    sha256: str
    caption: str
    uploaded_by: str | None
    uploaded_at: datetime.datetime
    download_url: str

    @staticmethod
    def resolve_uploaded_by(obj: Any) -> str | None:
        return str(obj.uploaded_by) if obj.uploaded_by else None

    @staticmethod
    def resolve_download_url(obj: Any) -> str:
        return reverse("api:attachment_download", kwargs={"attachment_id": obj.pk})


# ---------------------------------------------------------------------------------------------
# API tokens (接口令牌)


class TokenCreateIn(Schema):
    name: str = Field("", max_length=100, description="What the token is for.")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The key's first characters, to recognise it.")
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    revoked_at: datetime.datetime | None


class TokenCreatedOut(TokenOut):
    key: str = Field(description="The key itself. Shown this once; only its hash is kept.")


class HealthOut(Schema):
    status: str


# ---------------------------------------------------------------------------------------------
# Excel ledgers (台账) and their import jobs


class ColumnOut(Schema):
    header: str = Field(description="The Chinese header as the template writes it.")
    field: str
    kind: str = Field(description="text, int, decimal, money, date, month, bool, choice, unit")
    required: bool
    units: list[str] = Field(description="Money units accepted in the header or the cell.")
    choices: list[str] = Field(description="Labels accepted for a choice column.")


class LedgerOut(Schema):
    name: str
    title: str
    can_import: bool
    year_column: str = Field(
        "",
        description="The field that takes the sheet's year (title row or the import's `year`) "
        "when a row gives none; empty when the ledger has none.",
    )
    columns: list[ColumnOut]

    @classmethod
    def of(cls, ledger: Any, user: Any) -> LedgerOut:
        return cls(
            name=ledger.name,
            title=str(ledger.title),
            can_import=ledger.can_import(user),
            year_column=ledger.year_column,
            columns=[
                ColumnOut(
                    header=column.file_header,
                    field=column.field,
                    kind=column.kind,
                    required=column.required,
                    units=list(column.units),
                    choices=[str(label) for _value, label in column.choices],
                )
                for column in ledger.columns
            ],
        )


class RowErrorOut(Schema):
    row: int | None = Field(None, description="The row number as Excel shows it.")
    column: str | None = Field(None, description="The column header.")
    message: str


class ImportJobOut(Schema):
    id: uuid.UUID
    ledger: str
    file_name: str
    dry_run: bool
    year: int | None = Field(None, description="The year given to rows without one.")
    status: str
    phase: str = Field(description="pending, checking, writing or done")
    processed_rows: int
    total_rows: int
    created_count: int
    updated_count: int
    error_count: int
    errors: list[RowErrorOut] = Field(description="The first 1000 bad rows.")
    message: str
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    files_removed_at: datetime.datetime | None = Field(
        None,
        description="When the stored upload and error copy were removed (a job whose worker "
        "died, or TAIZHANG_JOB_RETENTION_DAYS after it finished); the job stays.",
    )

    @staticmethod
    def resolve_phase(obj: Any) -> str:
        return read_progress(obj)[2]

    @staticmethod
    def resolve_processed_rows(obj: Any) -> int:
        return read_progress(obj)[0]


# ---------------------------------------------------------------------------------------------
# Notifications (通知): the caller's own.


class NotificationFilterIn(Schema):
    unread: bool | None = Field(None, description="true: unread only; false: read only.")


class NotificationOut(Schema):
    id: int
    module: str = Field(description="The label of the app that sent it.")
    kind: str = Field(description="What happened, in the sending module's terms.")
    title: str
    url: str = Field(description="The page where it is seen or done (a local path).")
    actor_name: str = Field(description="Who acted; empty for the platform itself.")
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class NotificationsReadOut(Schema):
    marked: int = Field(description="How many unread notifications were marked read.")


# ---------------------------------------------------------------------------------------------
# Personal data (个人信息): the explicit reveal and its log


class RevealIn(Schema):
    reason: RequiredText = Field(
        max_length=500, description="Why the full data is needed; recorded and audited."
    )


class FullExportIn(Schema):
    reason: RequiredText = Field(
        max_length=500, description="Why the full personal data is needed; recorded and audited."
    )


class RevealOut(Schema):
    fields: dict[str, str] = Field(description="Each personal field of the record in full.")


class PersonalDataFilterIn(Schema):
    """Query parameters of the personal data access log: those of its page."""

    user: str | None = Field(None, description="Part of the user name of who saw the data.")
    kind: PersonalDataAccessKind | None = None
    since: datetime.date | None = Field(None, description="Accesses on or after this day.")
    until: datetime.date | None = Field(None, description="Accesses on or before this day.")


class PersonalDataAccessOut(Schema):
    id: int
    at: datetime.datetime
    user_id: int | None = Field(description="None for the system (a command).")
    user_name: str
    kind: PersonalDataAccessKind
    model: str | None = Field(description="app_label.model of the record or the export's rows.")
    object_id: str
    object_repr: str
    fields: list[str]
    reason: str
    ledger: str
    row_count: int | None
    ip: str | None
    request_id: str

    @staticmethod
    def resolve_model(obj: PersonalDataAccess) -> str | None:
        content_type = obj.content_type
        return f"{content_type.app_label}.{content_type.model}" if content_type else None
