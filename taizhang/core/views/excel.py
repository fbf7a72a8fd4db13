"""Excel pages of every ledger: template, export of the filtered list, upload, job progress.

Permissions: every view needs a signed-in user (the middleware); exports read through the
ledger's `queryset_for`; uploads need `ledger.can_import`; a job is seen by its owner and by
district administrators (`imports.visible_jobs`).
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from taizhang.core import exports, imports, jobs, personal
from taizhang.core.access import may_export_personal_data, reads_ledgers, require
from taizhang.core.ledgers import MAX_YEAR, MIN_YEAR, Ledger, UnknownLedger, get_ledger
from taizhang.core.models import ImportJob, ImportStatus, PersonalDataAccessKind
from taizhang.core.requests import AuthedRequest
from taizhang.core.views import errors as errors_pages
from taizhang.lib.excel import write_template, write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ledger_or_404(name: str) -> Ledger:
    try:
        return get_ledger(name)
    except UnknownLedger as error:
        raise Http404 from error


def ledger_links(
    request: AuthedRequest, name: str, params: QueryDict | None = None
) -> dict[str, str]:
    """The Excel links a list page shows for its ledger: the export of the list as it is
    filtered (`params`, by default the page's query), to whoever reads ledgers; the template
    and the import, to whoever may import. Empty while the ledger is not registered. Render
    with core/_ledger_links.html."""
    try:
        ledger = get_ledger(name)
    except UnknownLedger:
        return {}
    links = {}
    if reads_ledgers(request.user):
        query = (request.GET if params is None else params).copy()
        for key in ("page", "print"):
            query.pop(key, None)
        encoded = query.urlencode()
        links["export"] = reverse("ledger-export", args=[name]) + (f"?{encoded}" if encoded else "")
        if exports_personal_data(request.user, ledger):
            full = reverse("ledger-export-full", args=[name])
            links["export_full"] = full + (f"?{encoded}" if encoded else "")
    if ledger.can_import(request.user):
        links["import"] = reverse("ledger-import", args=[name])
        links["template"] = reverse("ledger-template", args=[name])
    return links


def job_or_404(request: AuthedRequest, job_id: Any) -> ImportJob:
    job = imports.visible_jobs(request.user).filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job


@require_GET
def template(request: AuthedRequest, name: str) -> FileResponse:
    """An empty sheet with the ledger's headers and a notes sheet describing each column."""
    ledger = ledger_or_404(name)
    buffer = io.BytesIO()
    write_template(
        buffer,
        ledger.template_columns(),
        sheet_title=str(ledger.title),
        notes_title=_("Notes"),
        notes_headers=[_("Column"), _("Required"), _("Type"), _("Accepted values"), _("Help")],
        yes_no=(_("yes"), _("no")),
    )
    buffer.seek(0)
    filename = _("%(ledger)s template") % {"ledger": ledger.title}
    return FileResponse(buffer, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX)


def export_file(
    request: AuthedRequest, ledger: Ledger, *, full_personal_data_reason: str | None = None
) -> FileResponse:
    """The list page's rows as xlsx: same FilterSet, same scope, streamed from a temp file.
    Raises ValidationError for invalid filters and for more rows than an export may have
    (core/exports.py). With a reason, personal data in full: PermissionDenied unless the user
    may (access.may_export_personal_data), and recorded once (core/personal.py)."""
    queryset, errors = ledger.filtered_queryset(request.user, request.GET)
    if errors:
        raise exports.filter_error(errors)
    count = exports.check_export_size(queryset)
    in_full = (
        exports.personal_data_in_full(
            ledger,
            by=request.user,
            reason=full_personal_data_reason,
            kind=PersonalDataAccessKind.EXPORT,
            row_count=count,
            request=request,
        )
        if full_personal_data_reason is not None
        else contextlib.nullcontext()
    )
    spool = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it, which deletes it)
    with in_full:
        write_xlsx(
            spool,
            ledger.headers(),
            ledger.export_rows(queryset, request.user),
            sheet_title=str(ledger.title),
            widths=[column.width for column in ledger.columns],
        )
    spool.seek(0)
    filename = f"{ledger.title}-{timezone.localdate():%Y%m%d}.xlsx"
    response = FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX)
    if full_personal_data_reason is not None:
        response["Cache-Control"] = "no-store"
    return response


def exports_personal_data(user: Any, ledger: Ledger) -> bool:
    """Whether `user` may export `ledger` with personal data in full (it must hold some)."""
    return bool(personal.personal_fields(ledger.model)) and may_export_personal_data(
        user, ledger.model
    )


class FullExportForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why do you need the full personal data?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Recorded with your name, the time and the number of rows, and shown to the audit "
            "administrator."
        ),
    )


@require_http_methods(["GET", "POST"])
def export_full(request: AuthedRequest, name: str) -> HttpResponse | FileResponse:
    """The export of the list as filtered, with personal data in full: GET asks why, POST
    exports and records it. Only for those who may (403), ledgers with personal data (404)."""
    ledger = ledger_or_404(name)
    if not personal.personal_fields(ledger.model):
        raise Http404
    require(exports_personal_data(request.user, ledger))
    form = FullExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            return export_file(
                request, ledger, full_personal_data_reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
    response = render(
        request,
        "core/excel/export_full.html",
        {"ledger": ledger, "form": form, "query": request.GET.urlencode()},
        status=400 if form.errors else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def export(request: AuthedRequest, name: str) -> HttpResponse | FileResponse:
    """The export of the list as filtered; a refusal is a 400 page that says why."""
    ledger = ledger_or_404(name)
    try:
        return export_file(request, ledger)
    except ValidationError as error:
        reasons = (
            [f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()]
            if hasattr(error, "error_dict")
            else error.messages
        )
        return errors_pages._page(
            request, "core/excel/export_refused.html", 400, ledger=ledger, reasons=reasons
        )


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel file (.xlsx)"))
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        help_text=gettext_lazy(
            "For rows without a year, when the sheet has no 年度 column or its title "
            "(such as “2024年…台账”) does not give it. A year in a row wins; this wins over "
            "the title."
        ),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Dry run only: check the file, import nothing"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, ledger: Ledger, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not ledger.year_column:
            del self.fields["year"]


@require_http_methods(["GET", "POST"])
def upload(request: AuthedRequest, name: str) -> HttpResponse:
    """Upload a filled-in sheet for a dry run or an import."""
    ledger = ledger_or_404(name)
    require(ledger.can_import(request.user))
    form = UploadForm(request.POST or None, request.FILES or None, ledger=ledger)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            job = imports.create_job(
                ledger=ledger,
                by=request.user,
                upload=uploaded,
                file_name=uploaded.name,
                dry_run=form.cleaned_data["dry_run"],
                year=form.cleaned_data.get("year"),
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            jobs.start_import(job)
            return redirect("import-job", job_id=job.pk)
    recent = imports.visible_jobs(request.user).filter(ledger=ledger.name)[:10]
    return render(
        request, "core/excel/import.html", {"ledger": ledger, "form": form, "recent": recent}
    )


def _progress_context(job: ImportJob) -> dict[str, Any]:
    processed, total, phase = imports.read_progress(job)
    running = job.status in (ImportStatus.PENDING, ImportStatus.RUNNING)
    return {"job": job, "processed": processed, "total": total, "phase": phase, "running": running}


@require_GET
def job_detail(request: AuthedRequest, job_id: Any) -> HttpResponse:
    """Status, counts and every stored error of one job; reload shows progress without JS."""
    job = job_or_404(request, job_id)
    context = _progress_context(job)
    context.update(
        ledger=ledger_or_404(job.ledger),
        has_error_copy=imports.error_copy_path(job).exists(),
        retention_days=settings.TAIZHANG_JOB_RETENTION_DAYS,
    )
    return render(request, "core/excel/job.html", context)


@require_GET
def job_progress(request: AuthedRequest, job_id: Any) -> HttpResponse:
    """The htmx partial that polls itself while the job runs; when it ends, the page reloads
    to show the results."""
    job = job_or_404(request, job_id)
    context = _progress_context(job)
    response = render(request, "core/excel/_progress.html", context)
    if not context["running"] and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@require_GET
def job_errors(request: AuthedRequest, job_id: Any) -> FileResponse:
    """The uploaded file with an extra column giving each bad row's reasons."""
    job = job_or_404(request, job_id)
    path = imports.error_copy_path(job)
    if not path.exists():
        raise Http404
    stem = job.file_name.rsplit(".", 1)[0]
    filename = _("%(file)s errors") % {"file": stem}
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX
    )
