"""Pages of report intake: take a report in, read it back with its drafts side by side, confirm
a draft, and the records confirmed from reports with their source links."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taizhang.core import printing
from taizhang.core.access import access_record, can_manage_structure, require
from taizhang.core.models import Unit
from taizhang.core.requests import AuthedRequest
from taizhang.core.views.records import record_context
from taizhang.intake import queries, services
from taizhang.intake.drafts.registry import DraftKind, Proposal, get_kind, initial_data
from taizhang.intake.forms import IntakeForm, draft_raw
from taizhang.intake.models import IntakeReport, SourceLink
from taizhang.intake.reading import IntakeInputError, read_uploaded

PER_PAGE = 50


def _highlight(text: str, spans: list[tuple[int, int]], offset: int = 0) -> list[tuple[str, bool]]:
    """Pieces of `text` (which starts at `offset` of the report) with the spans marked."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    for start, end in sorted(spans):
        start, end = max(start - offset, position), min(end - offset, len(text))
        if start >= end:
            continue
        if start > position:
            pieces.append((text[position:start], False))
        pieces.append((text[start:end], True))
        position = end
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


def report_list(request: AuthedRequest) -> HttpResponse:
    reports = queries.reports_for(request.user)
    page = printing.page_of(request, reports, PER_PAGE)
    return render(
        request,
        "intake/report_list.html",
        {
            "page": page,
            "form": IntakeForm() if services.can_intake(request.user) else None,
            "title": _("Report intake"),
            "active_nav": "intake",
        },
    )


def report_new(request: AuthedRequest) -> HttpResponse:
    require(services.can_intake(request.user))
    form = IntakeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            if upload is not None:
                text = read_uploaded(upload)
                name = upload.name
            else:
                text, name = form.cleaned_data["text"], ""
            report = services.create_report(by=request.user, text=text, source_name=name)
        except (IntakeInputError, ValidationError) as error:
            problem = error.messages[0] if isinstance(error, ValidationError) else str(error)
            form.add_error(None, problem)
        else:
            return redirect(report)
    return render(
        request,
        "intake/report_new.html",
        {"form": form, "title": _("Take a report in"), "active_nav": "intake"},
    )


def _draft_view(
    report: IntakeReport, proposal: Proposal, link: SourceLink | None, user: Any
) -> dict:
    kind = get_kind(proposal.kind)
    assert kind is not None
    units = Unit.objects.for_user(user).filter(is_active=True)
    fields = []
    initial = initial_data(kind, proposal, user) if link is None else proposal.data
    for field in kind.fields:
        value = initial.get(field.name)
        options = []
        if field.type == "choice":
            options = field.choices_for(user)
        elif field.type == "unit":
            offered = units.filter(kind__in=field.unit_kinds) if field.unit_kinds else units
            options = list(offered.values_list("pk", "name")[:500])
        fields.append({"field": field, "value": value, "options": options})
    return {
        "proposal": proposal,
        "kind": kind,
        "link": link,
        "record": link.record if link else None,
        "sentence": _highlight(proposal.sentence, proposal.figures, proposal.start),
        "fields": fields,
        "compare": kind.compare(proposal, user) if link is None else [],
        "duplicates": queries.duplicates(report, proposal, user) if link is None else [],
        "may_confirm": link is None and kind.may_confirm(user),
    }


def report_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    report = access_record(IntakeReport, pk, request.user)
    drafts = [_draft_view(report, p, link, request.user) for p, link in queries.drafts_of(report)]
    try:
        start, end = int(request.GET["start"]), int(request.GET["end"])
    except (KeyError, ValueError):
        start = end = 0
    source = _highlight(report.text, [(start, end)] if 0 <= start < end <= len(report.text) else [])
    result = report.result
    return render(
        request,
        "intake/report_detail.html",
        {
            "report": report,
            "articles": list(enumerate(result.get("articles", []))),
            "figures": result.get("figures", []),
            "names": result.get("names", []),
            "drafts": drafts,
            "source": source,
            "highlighted": bool(start < end),
            "can_add_units": can_manage_structure(request.user),
            "title": report.title,
            "active_nav": "intake",
            **record_context(request, report),
        },
    )


@require_POST
def draft_confirm(request: AuthedRequest, pk: int, kind: str, key: str) -> HttpResponse:
    report = access_record(IntakeReport, pk, request.user)
    draft_kind: DraftKind | None = get_kind(kind)
    if draft_kind is None:
        raise PermissionDenied
    raw = draft_raw(draft_kind, request.POST)
    try:
        link = services.confirm_draft(report, kind=kind, key=key, raw=raw, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(f"{report.get_absolute_url()}#draft-{kind}-{key}")
    messages.success(request, _("Recorded: %(record)s") % {"record": link.record})
    if link.record is not None and getattr(draft_kind, "opens_record", False):
        return redirect(link.record)
    return redirect(f"{report.get_absolute_url()}#draft-{kind}-{key}")


def link_list(request: AuthedRequest) -> HttpResponse:
    """Records confirmed from reports, each with its source (报告出处)."""
    links = (
        SourceLink.objects.for_user(request.user)
        .select_related("report", "content_type", "confirmed_by")
        .prefetch_related("record")
    )
    page = printing.page_of(request, links, PER_PAGE)
    return render(
        request,
        "intake/link_list.html",
        {"page": page, "title": _("Records from reports"), "active_nav": "intake"},
    )
