"""The core router of the API: the caller, org units, history, the audit log, attachments and
API tokens. Every read starts from `Model.objects.for_user(request.user)`; every write calls a
service, which checks access and records the history."""

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any, overload

import django_filters
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Left
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from ninja.errors import ValidationError as RequestValidationError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from taizhang.core import access, services, tokens
from taizhang.core.api_auth import TOKEN, auth_method
from taizhang.core.api_kept import kept_for_caller
from taizhang.core.attachments import (
    add_attachment,
    attachments_of,
    open_stored_file,
    remove_attachment,
    visible_attachment,
)
from taizhang.core.audit import history_of
from taizhang.core.filters import AuditFilter, UnitFilter
from taizhang.core.models import ApiToken, AuditEntry, Unit
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import (
    AttachmentOut,
    AuditEntryOut,
    AuditFilterIn,
    HealthOut,
    HistoryPage,
    MeOut,
    PageNumberPage,
    TokenCreatedOut,
    TokenCreateIn,
    TokenOut,
    UnitCreateIn,
    UnitFilterIn,
    UnitOut,
    UnitUpdateIn,
    with_errors,
)
from taizhang.core.versions import expected_version

router = Router()


# ---------------------------------------------------------------------------------------------
# Helpers


def filtered(
    filterset_class: type[django_filters.FilterSet], params: Any, queryset: models.QuerySet
) -> models.QuerySet:
    """Apply the page's FilterSet to `queryset` with the query parameters in `params`."""
    data = QueryDict(mutable=True)
    for name, value in params.model_dump(exclude_none=True).items():
        values = value if isinstance(value, list) else [value]  # ?stage=a&stage=b
        data.setlist(name, [str(v).lower() if isinstance(v, bool) else str(v) for v in values])
    filterset = filterset_class(data, queryset=queryset)
    if not filterset.is_valid():
        raise RequestValidationError(
            [
                {"loc": ("query", name), "msg": str(message), "type": "invalid"}
                for name, messages in filterset.errors.items()
                for message in messages
            ]
        )
    return filterset.qs


def units_for(user: Any) -> models.QuerySet[Unit]:
    """The units `user` may read, each with its parent's id (one query, not one per unit)."""
    parent_path = Left(OuterRef("path"), (OuterRef("depth") - 1) * Unit.steplen)
    parent = Unit.objects.filter(path=parent_path).values("pk")[:1]
    return Unit.objects.for_user(user).annotate(parent_pk=Subquery(parent))


def record_model(app_label: str, model_name: str, *, ledger: bool = False) -> type[models.Model]:
    """A model named in a URL whose records are scoped by unit, or 404. With ledger=True, only
    ledger records (`is_ledger_record`, as on the pages); otherwise bookkeeping records such as
    attachments and tokens too, whose history the audit log shows anyway."""
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError) as error:
        raise Http404 from error
    if not hasattr(model, "scope_unit_field") or getattr(model, "is_history", False):
        raise Http404
    if ledger and not getattr(model, "is_ledger_record", False):
        raise Http404
    return model


def may_read(model: type[models.Model], object_id: str, user: Any) -> bool:
    try:
        return access.scope(model._default_manager.all(), user).filter(pk=object_id).exists()
    except (ValueError, TypeError, ValidationError):
        return False


def visible_history(model: type[models.Model], object_id: str, user: Any) -> models.QuerySet:
    """The history of one record. Someone who can neither read the record nor any of its
    history gets 404, so the API never confirms that a record they may not see exists."""
    entries = history_of(model, object_id, user)
    if not may_read(model, object_id, user) and not entries.exists():
        raise Http404
    return entries


def units_by_id(units: models.QuerySet[Unit], ids: list[int], field: str) -> list[Unit]:
    """The units of `units` with these ids. An id outside `units` (which the caller chose: the
    units the user may see, the active ones…) is "No such unit" on `field`, so the API never
    confirms that a unit the caller may not see exists."""
    found = list(units.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError({field: [_("No such unit.")]})
    return found


@contextlib.contextmanager
def api_field_names(names: Mapping[str, str]) -> Iterator[None]:
    """Report a service's errors under the API's names of the fields (`lead_department` is
    `lead_department_id` in the API), so that every error names a field the caller sent."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {names.get(field, field): messages for field, messages in error.message_dict.items()}
        ) from error


@overload
def unit_by_id(units: models.QuerySet[Unit], pk: int, field: str) -> Unit: ...
@overload
def unit_by_id(units: models.QuerySet[Unit], pk: int | None, field: str) -> Unit | None: ...
def unit_by_id(units: models.QuerySet[Unit], pk: int | None, field: str) -> Unit | None:
    """One unit of `units` by id (None for None); see units_by_id."""
    return None if pk is None else units_by_id(units, [pk], field)[0]


def parent_unit(user: Any, parent_id: int | None) -> Unit | None:
    return unit_by_id(Unit.objects.for_user(user), parent_id, "parent_id")


# ---------------------------------------------------------------------------------------------
# The caller


@router.get("/health", auth=None, response=HealthOut, tags=["meta"], summary="Health check")
def health(request: AuthedRequest) -> dict[str, str]:
    """Whether the application answers. Public: it holds no data."""
    return {"status": "ok"}


@router.get("/me", response=with_errors({200: MeOut}), tags=["users"], summary="Who am I")
def me(request: AuthedRequest) -> Any:
    """The caller: user, org unit and roles."""
    return request.user


# ---------------------------------------------------------------------------------------------
# Org units (组织机构)


@router.get("/units", response=with_errors({200: list[UnitOut]}, 422), tags=["units"])
@decorate_view(kept_for_caller)
@paginate(PageNumberPage)
def list_units(request: AuthedRequest, filters: Query[UnitFilterIn]) -> Any:
    """List the org units the caller may see, filtered like the unit list page.

    Unit officers see their own unit and the units below it; district-wide roles see all."""
    units = filtered(UnitFilter, filters, units_for(request.user))
    # A stable order for paging even when sorting by a non-unique column.
    return units.order_by(*units.query.order_by, "path")


@router.get("/units/{unit_id}", response=with_errors({200: UnitOut}, 404), tags=["units"])
def get_unit(request: AuthedRequest, unit_id: int) -> Any:
    """One org unit. 404 if it does not exist or the caller may not see it."""
    return get_object_or_404(units_for(request.user), pk=unit_id)


@router.post("/units", response=with_errors({201: UnitOut}, 400, 403, 422), tags=["units"])
def create_unit(request: AuthedRequest, payload: UnitCreateIn) -> Any:
    """Add an org unit under `parent_id` (or as a root). District administrators only."""
    fields = payload.model_dump(exclude={"parent_id"})
    unit = services.create_unit(
        by=request.user, parent=parent_unit(request.user, payload.parent_id), **fields
    )
    return Status(201, units_for(request.user).get(pk=unit.pk))


@router.patch(
    "/units/{unit_id}",
    response=with_errors({200: UnitOut}, 400, 403, 404, 409, 422),
    tags=["units"],
)
def update_unit(request: AuthedRequest, unit_id: int, payload: UnitUpdateIn) -> Any:
    """Change the fields sent. Unit officers may change the contact fields (address, contact
    person and phone, remarks) of units in their subtree; administrators everything, and may
    move a unit with `parent_id`. Every change is kept in the unit's history. With `version`
    (or If-Match): 409 if the unit changed since."""
    unit = access.access_record(Unit, unit_id, request.user, write=True)
    changes = payload.model_dump(exclude_unset=True, exclude={"parent_id", "reason", "version"})
    services.update_unit(
        unit,
        by=request.user,
        parent=parent_unit(request.user, payload.parent_id),
        reason=payload.reason,
        version=expected_version(request, payload.version),
        **changes,
    )
    return units_for(request.user).get(pk=unit.pk)


@router.get(
    "/units/{unit_id}/children",
    response=with_errors({200: list[UnitOut]}, 404, 422),
    tags=["units"],
)
@paginate(PageNumberPage)
def list_children(request: AuthedRequest, unit_id: int) -> Any:
    """The units directly below a unit, in tree order."""
    parent = get_object_or_404(Unit.objects.for_user(request.user), pk=unit_id)
    return units_for(request.user).filter(path__startswith=parent.path, depth=parent.depth + 1)


@router.get(
    "/units/{unit_id}/history",
    response=with_errors({200: list[AuditEntryOut]}, 404, 422),
    tags=["history"],
)
@paginate(HistoryPage)
def unit_history(request: AuthedRequest, unit_id: int) -> Any:
    """The history of one org unit, newest first: who changed what, before and after."""
    return visible_history(Unit, str(unit_id), request.user)


# ---------------------------------------------------------------------------------------------
# History (变更记录) and the audit log. Read-only: no endpoint writes or deletes an entry.


@router.get(
    "/history/{app_label}/{model}/{object_id}",
    response=with_errors({200: list[AuditEntryOut]}, 404, 422),
    tags=["history"],
)
@paginate(HistoryPage)
def record_history(request: AuthedRequest, app_label: str, model: str, object_id: str) -> Any:
    """The history of any record, newest first, e.g. /history/core/unit/12.

    404 for an unknown model, or a record the caller may see neither itself nor any history
    of."""
    return visible_history(record_model(app_label, model), object_id, request.user)


class AuditApiFilter(AuditFilter):
    """The audit log page's filters, plus the record type by name (`core.unit`)."""

    model = django_filters.CharFilter(method="of_model")

    class Meta(AuditFilter.Meta):
        fields = [*AuditFilter.Meta.fields, "model"]

    def of_model(self, queryset: models.QuerySet, name: str, value: str) -> models.QuerySet:
        app_label, _dot, model = value.lower().partition(".")
        try:
            content_type = ContentType.objects.get_by_natural_key(app_label, model)
        except ContentType.DoesNotExist:
            return queryset.none()
        return queryset.filter(content_type=content_type)


@router.get("/audit", response=with_errors({200: list[AuditEntryOut]}, 422), tags=["history"])
@paginate(HistoryPage)
def audit_log(request: AuthedRequest, filters: Query[AuditFilterIn]) -> Any:
    """The audit log: every change the caller may see, newest first.

    Auditors, leaders and district administrators see all of it; unit officers the changes of
    their subtree."""
    entries = AuditEntry.objects.for_user(request.user).select_related("content_type", "scope_unit")
    return filtered(AuditApiFilter, filters, entries)


# ---------------------------------------------------------------------------------------------
# Attachments (附件)


def attachable_record(
    request: AuthedRequest, app_label: str, model: str, object_id: str, *, write: bool = False
) -> Any:
    """The record named in the URL, if the caller may read it (404) and, to write, change it."""
    record_class = record_model(app_label, model, ledger=True)
    return access.access_record(record_class, object_id, request.user, write=write)


@router.get(
    "/attachments/{app_label}/{model}/{object_id}",
    response=with_errors({200: list[AttachmentOut]}, 404),
    tags=["attachments"],
)
def list_attachments(request: AuthedRequest, app_label: str, model: str, object_id: str) -> Any:
    """The photos and documents of a record the caller may see (removed ones are hidden)."""
    record = attachable_record(request, app_label, model, object_id)
    return attachments_of(record, request.user)


@router.post(
    "/attachments/{app_label}/{model}/{object_id}",
    response=with_errors({201: AttachmentOut}, 400, 403, 404, 422),
    tags=["attachments"],
)
def upload_attachment(
    request: AuthedRequest,
    app_label: str,
    model: str,
    object_id: str,
    file: File[UploadedFile],
    caption: Form[str] = "",
) -> Any:
    """Attach a photo (JPEG, PNG, WebP, GIF) or document (PDF, Word, Excel, PowerPoint) to a
    record the caller may change. The type is read from the content, never the name; 400 for
    another type, a damaged image or a file over the size limit."""
    record = attachable_record(request, app_label, model, object_id, write=True)
    attachment = add_attachment(record, file, by=request.user, caption=caption)
    return Status(201, attachment)


@router.get(
    "/attachments/{attachment_id}/download",
    response=with_errors({}, 404),
    tags=["attachments"],
    url_name="attachment_download",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file, as an attachment with its original name.",
                "content": {"application/octet-stream": {"schema": {"type": "string"}}},
            }
        }
    },
)
def download_attachment(request: AuthedRequest, attachment_id: int) -> FileResponse:
    """Download a file. Only for callers who may see the record it belongs to."""
    attachment = visible_attachment(attachment_id, request.user)
    if attachment is None:
        raise Http404
    response = FileResponse(
        open_stored_file(attachment),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.mime_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@router.delete(
    "/attachments/{attachment_id}",
    response=with_errors({204: None}, 403, 404),
    tags=["attachments"],
)
def delete_attachment(request: AuthedRequest, attachment_id: int, reason: str = "") -> Any:
    """Remove an attachment from its record. The file and its history are kept."""
    attachment = visible_attachment(attachment_id, request.user)
    if attachment is None:
        raise Http404
    remove_attachment(attachment, by=request.user, reason=reason)
    return Status(204, None)


# ---------------------------------------------------------------------------------------------
# API tokens (接口令牌). Each person manages their own; the scope is ownership, not the unit.


@router.get("/tokens", response=with_errors({200: list[TokenOut]}), tags=["tokens"])
def list_tokens(request: AuthedRequest) -> Any:
    """The caller's own API tokens, revoked ones included. Keys are never shown again."""
    return ApiToken.objects.filter(user=request.user)


@router.post("/tokens", response=with_errors({201: TokenCreatedOut}, 403, 422), tags=["tokens"])
def create_token(request: AuthedRequest, payload: TokenCreateIn) -> Any:
    """Create an API token for the caller. The response holds the key, shown this once.

    Only from a signed-in session: a token cannot mint more tokens, so revoking a leaked one
    ends its use."""
    if auth_method(request) == TOKEN:
        raise HttpError(403, _("Create tokens from a signed-in session, not with a token."))
    token, key = tokens.create_token(request.user, by=request.user, name=payload.name)
    return Status(201, {**TokenOut.from_orm(token).model_dump(), "key": key})


@router.delete("/tokens/{token_id}", response=with_errors({204: None}, 404), tags=["tokens"])
def revoke_token(request: AuthedRequest, token_id: int) -> Any:
    """Revoke one of the caller's tokens. It stops working at once; revoking twice is fine."""
    token = get_object_or_404(ApiToken.objects.filter(user=request.user), pk=token_id)
    if token.revoked_at is None:
        tokens.revoke_token(token, by=request.user)
    return Status(204, None)
