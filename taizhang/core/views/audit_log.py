"""The audit log (审计日志): every change the user may read, filterable, read-only."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from taizhang.core import history
from taizhang.core.access import is_audit_admin, reads_personal_data_log
from taizhang.core.filters import AuditFilter
from taizhang.core.models import AuditAction, AuditEntry
from taizhang.core.requests import AuthedRequest


def audit_log(request: AuthedRequest) -> HttpResponse:
    entries = AuditFilter(
        request.GET,
        queryset=AuditEntry.objects.for_user(request.user).select_related(
            "content_type", "scope_unit"
        ),
    )
    page = Paginator(entries.qs, 50).get_page(request.GET.get("page"))
    page.object_list = history.describe(
        page.object_list, request.user, actions=[AuditAction.UPDATE]
    )
    return render(
        request,
        "core/audit_log.html",
        {
            "filter": entries,
            "page": page,
            "active_nav": "audit",
            "can_export": is_audit_admin(request.user),
            "can_read_personal_data_log": reads_personal_data_log(request.user),
        },
    )
