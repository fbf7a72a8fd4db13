"""The audit log as xlsx, for the audit administrator (审计管理员): the audit-log page's
filters, every entry they select, oldest first."""

from __future__ import annotations

import tempfile

from django.http import FileResponse, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from taizhang.core.access import is_audit_admin, require
from taizhang.core.filters import AuditFilter
from taizhang.core.models import AuditEntry
from taizhang.core.requests import AuthedRequest
from taizhang.security import audit_trail

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def audit_export(request: AuthedRequest) -> HttpResponse | FileResponse:
    require(is_audit_admin(request.user))
    entries = AuditFilter(request.GET, queryset=AuditEntry.objects.for_user(request.user))
    if not entries.is_valid():
        return HttpResponseBadRequest(
            "; ".join(f"{field}: {' '.join(errors)}" for field, errors in entries.errors.items())
        )
    spool = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it, which deletes it)
    audit_trail.write_export(spool, entries.qs)
    spool.seek(0)
    filename = f"{_('Audit log')}-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX)
