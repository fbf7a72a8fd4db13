"""Request id for the audit trail, clean input, sign-in required but on public pages, the UI
language, numbers out of the database's range."""

import contextvars
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.core.exceptions import BadRequest
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _

from taizhang.lib.text import CONTROL, clean_text

if TYPE_CHECKING:
    from django.http.request import _ImmutableQueryDict

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request.headers.get("X-Request-Id", "")[:64] or uuid.uuid4().hex
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-Id"] = request_id
        return response


class CleanInputMiddleware:
    """Control characters never reach a form: the submitted values (query string and form
    fields) are cleaned once here, so every page stores and exports clean text. The API
    cleans its JSON in its parser (taizhang/api.py), imports in the ledgers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.GET = _cleaned(request.GET)
        if request.method == "POST" and not request.path_info.startswith("/api/"):
            request.POST = _cleaned(request.POST)
        return self.get_response(request)


def _cleaned(data: "_ImmutableQueryDict") -> "_ImmutableQueryDict":
    if not any(CONTROL.search(value) for values in data.lists() for value in values[1]):
        return data
    cleaned = QueryDict(mutable=True)
    for key, values in data.lists():
        cleaned.setlist(clean_text(key), [clean_text(value) for value in values])
    cleaned._mutable = False
    return cast("_ImmutableQueryDict", cleaned)


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Pages need a signed-in user; the API authenticates on its own (token or session)."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Chinese unless the user chose otherwise: the language cookie, never the browser's
    Accept-Language, decides (a district office's machines are often set to English)."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = dict(settings.LANGUAGES)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class ApiErrorShapeMiddleware:
    """Gives the API's 404 and 405 from URL routing (outside ninja) the API's error shape."""

    MESSAGES = {404: "Not found.", 405: "Method not allowed."}

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path_info.startswith("/api/")
            and response.status_code in self.MESSAGES
            and "json" not in response.get("Content-Type", "")
        ):
            shaped = JsonResponse(
                {"detail": self.MESSAGES[response.status_code], "errors": []},
                status=response.status_code,
            )
            if response.has_header("Allow"):
                shaped["Allow"] = response["Allow"]
            return shaped
        return response


# The largest integer a database column holds (SQLite's INTEGER, PostgreSQL's bigint).
MAX_DB_INTEGER = 2**63 - 1


def out_of_range(value: Any) -> bool:
    """Whether `value` (a number, or its text) is an integer no database column can hold."""
    if isinstance(value, str):
        digits = value.strip().lstrip("+-").lstrip("0")
        return digits.isdecimal() and (len(digits) > 19 or int(digits) > MAX_DB_INTEGER)
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_DB_INTEGER


def out_of_range_path(request: HttpRequest) -> bool:
    """Whether an id in the request's path is out of range: then it names no record."""
    match = request.resolver_match
    return match is not None and any(out_of_range(value) for value in match.kwargs.values())


class NumbersOutOfRangeMiddleware:
    """A number beyond the database's integers in a page's address or query (SQLite raises
    OverflowError, PostgreSQL DataError) is 404 for an id in the path, which names no record,
    and 400 otherwise; never a 500. The API answers the same in its own shape (api.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if not isinstance(exception, OverflowError | DataError):
            return
        if out_of_range_path(request):
            raise Http404 from exception
        if isinstance(exception, OverflowError) or any(
            out_of_range(value) for values in request.GET.lists() for value in values[1]
        ):
            raise BadRequest(_("A number in the request is out of range.")) from exception
