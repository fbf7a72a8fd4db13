"""Error pages (出错页面): 403, 404 and 500 in the user's language inside the page shell, each
with a way back (the previous page of this site, and the home page). Paths of the API answer in
its JSON error shape instead. The 500 page is rendered without the request's context
processors, so it needs neither the database nor anything that failed before it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from taizhang.core.attachments import StoredFileMissing


def _api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def _api_error(status: int, detail: str) -> JsonResponse:
    return JsonResponse(
        {"detail": detail, "errors": []}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _back(request: HttpRequest) -> str:
    """The page the user came from, if it is a page of this site (and not this one)."""
    referer = request.headers.get("Referer", "")
    if referer == request.build_absolute_uri() or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return referer


def _page(request: HttpRequest, template: str, status: int, **context: Any) -> HttpResponse:
    return render(request, template, {"back": _back(request), **context}, status=status)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _api(request):
        return _api_error(403, str(exception or "") or _("You may not do this."))
    return _page(request, "403.html", 403, reason=str(exception or ""))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Only our own messages are shown; Django's (which name models and queries) are not.
    reason = str(exception) if isinstance(exception, StoredFileMissing) else ""
    if _api(request):
        return _api_error(404, reason or _("Not found."))
    return _page(request, "404.html", 404, reason=reason)


def server_error(request: HttpRequest) -> HttpResponse:
    if _api(request):
        return _api_error(500, _("Server error. It has been logged."))
    try:
        back = _back(request)
    except Exception:  # a bad Host header may be why we are here
        back = ""
    return HttpResponse(loader.get_template("500.html").render({"back": back}), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with an expired or missing security token (CSRF): a 403 that says what to
    do about it."""
    if _api(request):
        return _api_error(403, _("Send the X-CSRFToken header, or use an API token."))
    return _page(
        request,
        "403.html",
        403,
        reason=_("The form has expired. Go back, reload the page and send it again."),
    )
