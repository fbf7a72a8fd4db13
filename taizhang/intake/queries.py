"""Reads for report intake: the org tree as a gazetteer, reports and drafts a user may see."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, QuerySet

from taizhang.core.models import Unit
from taizhang.intake.drafts.registry import Proposal, duplicates_of, get_kind, proposals
from taizhang.intake.extraction.names import Gazetteer
from taizhang.intake.models import IntakeReport, SourceLink, record_type_label

_cache: dict[str, Any] = {"key": None, "gazetteer": None}


def gazetteer() -> Gazetteer:
    """Every active org unit's name and other names; the patterns are rebuilt only when the
    names changed."""
    rows = tuple(Unit.objects.filter(is_active=True).values_list("pk", "name", "kind", "aliases"))
    key = hash(rows)
    if _cache["key"] != key:
        _cache["gazetteer"] = Gazetteer.build(list(rows))
        _cache["key"] = key
    return _cache["gazetteer"]


def reports_for(user: Any) -> QuerySet[IntakeReport]:
    return (
        IntakeReport.objects.for_user(user)
        .select_related("unit", "created_by")
        .defer("text", "result")
        .annotate(confirmed=Count("links"))
        .order_by("-created_at", "-id")
    )


def drafts_of(report: IntakeReport) -> list[tuple[Proposal, SourceLink | None]]:
    """Every draft the report gives, with the link of the record confirmed from it, if any."""
    links = {(link.draft_kind, link.draft_key): link for link in report.links.all()}
    return [
        (proposal, links.get((proposal.kind, proposal.key)))
        for proposal in proposals(report.result, report.text)
    ]


def find_proposal(report: IntakeReport, kind: str, key: str) -> Proposal | None:
    return next(
        (p for p in proposals(report.result, report.text) if p.kind == kind and p.key == key), None
    )


def record_ref(record: Any) -> dict[str, str]:
    """A record of any module as drafts name it: its type (app_label.model) and that type's
    name, its id, its own name and its page."""
    content_type = ContentType.objects.get_for_model(type(record))
    url = getattr(record, "get_absolute_url", None)
    return {
        "type": f"{content_type.app_label}.{content_type.model}",
        "type_label": record_type_label(content_type),
        "id": str(record.pk),
        "label": str(record),
        "url": url() if url is not None else "",
    }


def duplicates(report: IntakeReport, proposal: Proposal, user: Any) -> list[dict[str, str]]:
    """The records the draft seems to repeat, as far as `user` may read them."""
    kind = get_kind(proposal.kind)
    if kind is None:
        return []
    return [record_ref(record) for record in duplicates_of(kind, proposal, user, report=report)]


def links_of_record(record: Any, user: Any) -> QuerySet[SourceLink]:
    """The source links of a record of any module, as far as `user` may read the reports."""
    return SourceLink.objects.for_user(user).filter(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=str(record.pk)
    )
