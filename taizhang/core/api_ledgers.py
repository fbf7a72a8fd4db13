"""Excel ledgers through the API: the column declarations, template, filtered export, and
imports (dry run or all-or-nothing) with their progress. The same checks as the pages: exports
read through the ledger's scope, imports need `ledger.can_import`, jobs are their owner's."""

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from taizhang.core import imports
from taizhang.core.access import require
from taizhang.core.ledgers import Ledger, UnknownLedger, all_ledgers, get_ledger
from taizhang.core.models import ImportJob
from taizhang.core.schemas import ImportJobOut, LedgerOut, with_errors
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


def _ledger(name: str) -> Ledger:
    try:
        return get_ledger(name)
    except UnknownLedger as error:
        raise Http404 from error


def _job(request: HttpRequest, job_id: UUID) -> ImportJob:
    job = imports.visible_jobs(request.user).filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job


@router.get("/ledgers", response=with_errors({200: list[LedgerOut]}))
def list_ledgers(request: HttpRequest) -> Any:
    """Every Excel ledger with its declared columns: header, field, type, required, units."""
    return [LedgerOut.of(ledger, request.user) for ledger in all_ledgers()]


@router.get("/ledgers/{name}/template", response=with_errors({}, 404), openapi_extra=XLSX_RESPONSE)
def ledger_template(request: HttpRequest, name: str) -> HttpResponse:
    """An empty workbook with the ledger's headers and a sheet explaining each column."""
    return excel_pages.template(request, name)


@router.get(
    "/ledgers/{name}/export", response=with_errors({}, 400, 404), openapi_extra=XLSX_RESPONSE
)
def ledger_export(request: HttpRequest, name: str) -> HttpResponse:
    """The ledger's records the caller may read as xlsx, filtered by the same query parameters
    as its list page (e.g. `?kind=village&q=村`)."""
    _ledger(name)
    return excel_pages.export(request, name)


@router.post(
    "/ledgers/{name}/imports", response=with_errors({202: ImportJobOut}, 400, 403, 404, 422)
)
def start_import(
    request: HttpRequest, name: str, file: File[UploadedFile], dry_run: Form[bool] = True
) -> Any:
    """Upload an xlsx for a dry run (the default: check every row, write nothing) or an import
    (`dry_run=false`: every row or none). Poll the returned job for progress and errors."""
    ledger = _ledger(name)
    require(ledger.can_import(request.user))
    job = imports.create_job(
        ledger=ledger,
        by=request.user,
        upload=file,
        file_name=file.name or "upload.xlsx",
        dry_run=dry_run,
    )
    imports.start_job(job)
    job.refresh_from_db()
    return Status(202, job)


@router.get("/imports/{job_id}", response=with_errors({200: ImportJobOut}, 404))
def import_job(request: HttpRequest, job_id: UUID) -> Any:
    """One import job: status, progress, counts and the first 1000 bad rows (row, column,
    reason). Only its owner and district administrators see it."""
    return _job(request, job_id)


@router.get("/imports/{job_id}/errors", response=with_errors({}, 404), openapi_extra=XLSX_RESPONSE)
def import_errors(request: HttpRequest, job_id: UUID) -> HttpResponse:
    """The uploaded file with an error column giving each bad row's reasons."""
    return excel_pages.job_errors(request, _job(request, job_id).pk)
