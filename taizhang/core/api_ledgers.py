"""Excel ledgers through the API: the column declarations, template, filtered export, and
imports (dry run or all-or-nothing) with their progress. The same checks as the pages: exports
read through the ledger's scope, imports need `ledger.can_import`, jobs are their owner's."""

from typing import Any
from uuid import UUID

from django.http import FileResponse, Http404
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from taizhang.core import imports, jobs, personal
from taizhang.core.access import require
from taizhang.core.ledgers import all_ledgers
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import FullExportIn, ImportJobOut, LedgerOut, with_errors
from taizhang.core.views import excel as excel_pages

router = Router(tags=["ledgers"])

XLSX_RESPONSE = {
    "responses": {
        200: {
            "description": "An xlsx workbook.",
            "content": {excel_pages.XLSX: {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


@router.get("/ledgers", response=with_errors({200: list[LedgerOut]}))
def list_ledgers(request: AuthedRequest) -> Any:
    """Every Excel ledger with its declared columns: header, field, type, required, units."""
    return [LedgerOut.of(ledger, request.user) for ledger in all_ledgers()]


@router.get("/ledgers/{name}/template", response=with_errors({}, 404), openapi_extra=XLSX_RESPONSE)
def ledger_template(request: AuthedRequest, name: str) -> FileResponse:
    """An empty workbook with the ledger's headers and a sheet explaining each column."""
    return excel_pages.template(request, name)


@router.get(
    "/ledgers/{name}/export", response=with_errors({}, 400, 404), openapi_extra=XLSX_RESPONSE
)
def ledger_export(request: AuthedRequest, name: str) -> FileResponse:
    """The ledger's records the caller may read as xlsx, filtered by the same query parameters
    as its list page (e.g. `?kind=village&q=村`). Refused (400) when the filters are not
    valid or more rows match than an export may have (TAIZHANG_EXPORT_MAX_ROWS)."""
    return excel_pages.export_file(request, excel_pages.ledger_or_404(name))


@router.post(
    "/ledgers/{name}/export/full",
    response=with_errors({}, 400, 403, 404, 422),
    openapi_extra=XLSX_RESPONSE,
)
def ledger_export_full(request: AuthedRequest, name: str, payload: FullExportIn) -> FileResponse:
    """The same export with personal data (ID numbers, phones) in full instead of masked, for
    those who may reveal it for every record exported (district writers; unit writers for a
    ledger of their own subtree): 403 otherwise, 404 for a ledger without personal data. The
    filters are the query parameters; the reason is required and each export is recorded."""
    ledger = excel_pages.ledger_or_404(name)
    if not personal.personal_fields(ledger.model):
        raise Http404
    require(excel_pages.exports_personal_data(request.user, ledger))
    return excel_pages.export_file(request, ledger, full_personal_data_reason=payload.reason)


@router.post(
    "/ledgers/{name}/imports", response=with_errors({202: ImportJobOut}, 400, 403, 404, 422)
)
def start_import(
    request: AuthedRequest,
    name: str,
    file: File[UploadedFile],
    dry_run: Form[bool] = True,
    year: Form[int | None] = None,
) -> Any:
    """Upload an xlsx for a dry run (the default: check every row, write nothing) or an import
    (`dry_run=false`: every row or none). `year` goes to rows without one, for ledgers with a
    year column (a year in the row wins; it wins over a year in the sheet's title). Poll the
    returned job for progress and errors."""
    ledger = excel_pages.ledger_or_404(name)
    require(ledger.can_import(request.user))
    job = imports.create_job(
        ledger=ledger,
        by=request.user,
        upload=file,
        file_name=file.name or "upload.xlsx",
        dry_run=dry_run,
        year=year,
    )
    jobs.start_import(job)
    job.refresh_from_db()
    return Status(202, job)


@router.get("/imports/{job_id}", response=with_errors({200: ImportJobOut}, 404))
def import_job(request: AuthedRequest, job_id: UUID) -> Any:
    """One import job: status, progress, counts and the first 1000 bad rows (row, column,
    reason). Only its owner and district administrators see it."""
    return excel_pages.job_or_404(request, job_id)


@router.get("/imports/{job_id}/errors", response=with_errors({}, 404), openapi_extra=XLSX_RESPONSE)
def import_errors(request: AuthedRequest, job_id: UUID) -> FileResponse:
    """The uploaded file with an error column giving each bad row's reasons."""
    return excel_pages.job_errors(request, excel_pages.job_or_404(request, job_id).pk)
