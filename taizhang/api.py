"""The REST API under /api/v1/: one NinjaAPI, one router per app (each module names its own
in its registration, core/modules.py), one error shape.

Every error, whatever raised it, reads {"detail": "...", "errors": [{"field", "message"}]}.
The OpenAPI document (/api/v1/openapi.json), the docs page and /health are public; everything
else needs a bearer token or a signed-in session (see core/api_auth.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.datastructures import MultiValueDict
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.renderers import JSONRenderer

from taizhang.core import modules
from taizhang.core.api import router as core_router
from taizhang.core.api_auth import API_AUTH
from taizhang.core.api_ledgers import router as ledgers_router
from taizhang.core.api_notifications import router as notifications_router
from taizhang.core.api_personal import router as personal_router
from taizhang.core.api_workbench import router as workbench_router
from taizhang.core.attachments import StoredFileMissing
from taizhang.core.middleware import out_of_range, out_of_range_path
from taizhang.core.versions import StaleEdit
from taizhang.lib.text import clean_data

logger = logging.getLogger(__name__)


class NumbersOutOfRange(Exception):
    """Integers in a JSON body that no database column can hold, by field."""

    def __init__(self, fields: list[str]) -> None:
        super().__init__(", ".join(fields))
        self.fields = fields


def _out_of_range_fields(value: Any, path: str) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _out_of_range_fields(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for item in value:
            yield from _out_of_range_fields(item, path)
    elif isinstance(value, int) and out_of_range(value):
        yield path


class CleanParser(Parser):
    """Every string of a request (JSON body, form fields, query) without control characters,
    so that the API stores what the pages store (lib/text.py); integers of a JSON body within
    the database's range, so that both engines answer the same (422 naming the field)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = clean_data(super().parse_body(request))
        fields = list(dict.fromkeys(_out_of_range_fields(data, "")))
        if fields:
            raise NumbersOutOfRange(fields)
        return data

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        return clean_data(super().parse_querydict(data, list_fields, request))


class UnicodeJSONRenderer(JSONRenderer):
    """JSON with Chinese as UTF-8 text rather than \\u escapes: readable, and smaller."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Taizhang API",
    version="1",
    description=(
        "The work ledgers of the district (台账). Authenticate with `Authorization: Bearer "
        "<token>` (create a token at POST /tokens from a signed-in session) or, in the "
        "browser, with the session and the X-CSRFToken header on writes. Every list is "
        "scoped to what the caller may see, exactly as on the pages."
    ),
    urls_namespace="api",
    auth=API_AUTH,
    renderer=UnicodeJSONRenderer(),
    parser=CleanParser(),
)


def error_response(
    request: HttpRequest, status: int, detail: str, errors: list[dict[str, Any]] | None = None
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


def _field_path(location: tuple[Any, ...] | list[Any]) -> str | None:
    """("body", "payload", "name") → "name"; ("query", "page") → "page"."""
    parts = [str(part) for part in location]
    if parts and parts[0] == "body" and len(parts) > 2:
        parts = parts[2:]  # the source and the name of the body parameter
    elif parts and parts[0] in {"body", "query", "path", "header", "cookie", "form", "file"}:
        parts = parts[1:]
    return ".".join(parts) or None


@api.exception_handler(ValidationError)
def on_request_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """422: the request does not match the operation's parameters or schema."""
    errors = [
        {"field": _field_path(error.get("loc", ())), "message": str(error.get("msg", ""))}
        for error in exc.errors
    ]
    return error_response(request, 422, _("The request is not valid."), errors)


@api.exception_handler(DjangoValidationError)
def on_service_refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    """400: a service refused the change (model validation, business rules, bad upload)."""
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": None if field == "__all__" else field, "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"field": None, "message": message} for message in exc.messages]
    detail = str(errors[0]["message"]) if len(errors) == 1 else _("The change was refused.")
    return error_response(request, 400, detail, errors)


@api.exception_handler(StaleEdit)
def on_stale_edit(request: HttpRequest, exc: StaleEdit) -> HttpResponse:
    """409: the record changed since the version the client sent; what changed, by whom."""
    errors = [{"field": change.field, "message": change.message} for change in exc.changes]
    response = error_response(request, 409, exc.summary(), errors)
    response["ETag"] = f'"{exc.current}"'
    return response


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(request, 403, str(exc) or _("You may not do this."))


@api.exception_handler(Http404)
@api.exception_handler(ObjectDoesNotExist)
def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, StoredFileMissing):
        return error_response(request, 404, str(exc))
    return error_response(request, 404, _("Not found."))


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = exc.message if exc.message != "Unauthorized" else ""
    response = error_response(
        request, 401, message or _("Sign in, or send an API token as Authorization: Bearer.")
    )
    response["WWW-Authenticate"] = 'Bearer realm="taizhang"'
    return response


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, NumbersOutOfRange):  # ninja wraps what its parser raises
        return on_body_out_of_range(request, exc.__cause__)
    return error_response(request, exc.status_code, str(exc))


@api.exception_handler(RequestDataTooBig)
def on_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    """413: a body over DATA_UPLOAD_MAX_MEMORY_SIZE (files go as multipart, which has its own
    limit per file)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    return error_response(
        request,
        413,
        _("The request body is larger than %(size)s MB.") % {"size": round(limit / 2**20, 1)},
    )


@api.exception_handler(MultiPartParserError)
def on_unreadable_form(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    """400: a multipart body that cannot be read (no boundary, cut off)."""
    return error_response(
        request, 400, _("The form data cannot be read: %(reason)s") % {"reason": exc}
    )


def _out_of_range_errors(fields: list[str | None]) -> list[dict[str, Any]]:
    return [{"field": field, "message": _("The number is out of range.")} for field in fields]


@api.exception_handler(NumbersOutOfRange)
def on_body_out_of_range(request: HttpRequest, exc: NumbersOutOfRange) -> HttpResponse:
    if out_of_range_path(request):
        return error_response(request, 404, _("Not found."))
    errors = _out_of_range_errors(list(exc.fields))
    return error_response(request, 422, _("The request is not valid."), errors)


@api.exception_handler(OverflowError)
def on_number_out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A number beyond the database's 64-bit integers that reached a query (SQLite raises
    OverflowError, PostgreSQL a DataError): 404 when it is an id in the path, which names no
    record; otherwise 422 naming the query parameter."""
    if out_of_range_path(request):
        return error_response(request, 404, _("Not found."))
    fields: list[str | None] = [
        name for name, values in request.GET.lists() if any(out_of_range(value) for value in values)
    ]
    errors = _out_of_range_errors(fields or [None])
    return error_response(request, 422, _("The request is not valid."), errors)


@api.exception_handler(DataError)
def on_data_refused(request: HttpRequest, exc: DataError) -> HttpResponse:
    """The database refused a value (PostgreSQL: a number out of range, a text too long for
    its column): the caller's data, so a 422, never a 500; logged, since validation should
    have caught it first."""
    logger.warning("Database refused a value on %s %s: %s", request.method, request.path, exc)
    if out_of_range_path(request) or any(
        out_of_range(value) for values in request.GET.lists() for value in values[1]
    ):
        return on_number_out_of_range(request, exc)
    return error_response(
        request, 422, _("A value does not fit the database: out of range or too long.")
    )


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    """500 in the same shape; the traceback goes to the log, never to the caller."""
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return error_response(request, 500, _("Server error. It has been logged."))


api.add_router("", core_router)
api.add_router("", ledgers_router)
api.add_router("", workbench_router)
api.add_router("", notifications_router)
api.add_router("", personal_router)
for module in modules.modules():
    if module.api_router:
        api.add_router("", import_string(module.api_router))
