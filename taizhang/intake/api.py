"""The API of report intake, under /api/v1/intake/: read a report without keeping it, take one
in, list reports, read one with its drafts, confirm a draft."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from ninja import File, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import PageNumberPage, with_errors
from taizhang.intake import queries, services
from taizhang.intake.drafts.registry import Proposal, get_kind, initial_data
from taizhang.intake.models import IntakeReport, SourceLink
from taizhang.intake.reading import IntakeInputError, check_text, read_uploaded
from taizhang.intake.schemas import (
    ConfirmIn,
    DraftOut,
    ExtractionOut,
    IntakeReportOut,
    ReportDetailOut,
    SourceLinkOut,
    TextIn,
)

router = Router(tags=["intake"])


def _require_intake(request: AuthedRequest) -> None:
    if not services.can_intake(request.user):
        raise HttpError(403, "You may not take reports in.")


def _text_of(upload: UploadedFile) -> tuple[str, str]:
    try:
        return read_uploaded(upload), upload.name or ""
    except IntakeInputError as error:
        raise HttpError(400, str(error)) from error


@router.post("/intake/extract", response=with_errors({200: ExtractionOut}, 400, 403, 422))
def extract_text(request: AuthedRequest, payload: TextIn) -> Any:
    """Read a pasted report into articles, figures and names. Nothing is stored."""
    _require_intake(request)
    try:
        return services.read_report(check_text(payload.text))
    except IntakeInputError as error:
        raise HttpError(400, str(error)) from error


@router.post("/intake/extract/file", response=with_errors({200: ExtractionOut}, 400, 403, 422))
def extract_file(request: AuthedRequest, file: File[UploadedFile]) -> Any:
    """The same for an uploaded .txt (UTF-8 or GB18030), .docx or PDF with a text layer."""
    _require_intake(request)
    text, _name = _text_of(file)
    return services.read_report(text)


@router.get("/intake/reports", response=with_errors({200: list[IntakeReportOut]}, 422))
@paginate(PageNumberPage)
def list_reports(request: AuthedRequest) -> Any:
    """Reports the caller may see: their unit's subtree, or all for district-wide roles."""
    return queries.reports_for(request.user)


@router.post("/intake/reports", response=with_errors({201: IntakeReportOut}, 400, 403, 422))
def create_report(request: AuthedRequest, payload: TextIn) -> Any:
    """Take a pasted report in for the caller's unit; its drafts are then proposed."""
    _require_intake(request)
    try:
        report = services.create_report(
            by=request.user, text=payload.text, source_name=payload.source_name
        )
    except IntakeInputError as error:
        raise HttpError(400, str(error)) from error
    return Status(201, report)


@router.post("/intake/reports/file", response=with_errors({201: IntakeReportOut}, 400, 403, 422))
def create_report_from_file(request: AuthedRequest, file: File[UploadedFile]) -> Any:
    """Take an uploaded report in: .txt (UTF-8 or GB18030), .docx or PDF with a text layer."""
    _require_intake(request)
    text, name = _text_of(file)
    report = services.create_report(by=request.user, text=text, source_name=name)
    return Status(201, report)


def _data(proposal: Proposal, user: Any) -> dict[str, Any]:
    kind = get_kind(proposal.kind)
    return initial_data(kind, proposal, user) if kind else proposal.data


def _drafts(report: IntakeReport, user: Any) -> list[dict[str, Any]]:
    return [
        {
            "kind": p.kind,
            "key": p.key,
            "article": p.article,
            "start": p.start,
            "end": p.end,
            "sentence": p.sentence,
            "data": _data(p, user) if link is None else p.data,
            "confirmed_record": str(link.record) if link else None,
            "confirmed_record_type": link.record_type_label if link else None,
            "duplicates": queries.duplicates(report, p, user) if link is None else [],
        }
        for p, link in queries.drafts_of(report)
    ]


@router.get("/intake/reports/{report_id}", response=with_errors({200: ReportDetailOut}, 404))
def get_report(request: AuthedRequest, report_id: int) -> Any:
    """One report: its text, what was read from it, and its drafts. 404 if not visible."""
    report = get_object_or_404(IntakeReport.objects.for_user(request.user), pk=report_id)
    return {
        **{
            f: getattr(report, f)
            for f in (
                "id",
                "title",
                "unit_id",
                "source_name",
                "created_by_id",
                "created_at",
                "text",
                "result",
            )
        },
        "drafts": _drafts(report, request.user),
    }


@router.get("/intake/reports/{report_id}/drafts", response=with_errors({200: list[DraftOut]}, 404))
def list_drafts(request: AuthedRequest, report_id: int) -> Any:
    """The drafts a report gives, each with the record confirmed from it, if any."""
    report = get_object_or_404(IntakeReport.objects.for_user(request.user), pk=report_id)
    return _drafts(report, request.user)


@router.post(
    "/intake/reports/{report_id}/drafts/{kind}/{key}/confirm",
    response=with_errors({201: SourceLinkOut}, 400, 403, 404, 422),
)
def confirm_draft(
    request: AuthedRequest, report_id: int, kind: str, key: str, payload: ConfirmIn
) -> Any:
    """Write the record a person confirmed, through its module's service, with the link to
    this report and the span it came from. For a unit field send the org unit's id."""
    report = get_object_or_404(IntakeReport.objects.for_user(request.user), pk=report_id)
    raw = dict(payload.data)
    link = services.confirm_draft(report, kind=kind, key=key, raw=raw, by=request.user)
    return Status(201, link)


@router.get("/intake/records", response=with_errors({200: list[SourceLinkOut]}, 422))
@paginate(PageNumberPage)
def list_records(request: AuthedRequest, record_type: str = "", record_id: str = "") -> Any:
    """Records confirmed from reports, each with its report and span, as far as the caller
    may read the reports. Filter by `record_type` ("app_label.model", as the record's history
    URL names it) and `record_id` to find the source of one record."""
    links = (
        SourceLink.objects.for_user(request.user)
        .select_related("content_type", "report")
        .prefetch_related("record")
    )
    if record_type:
        app_label, _dot, model = record_type.partition(".")
        links = links.filter(content_type__app_label=app_label, content_type__model=model)
    if record_id:
        links = links.filter(object_id=record_id)
    return links
