"""Writes of report intake: taking a report in, and confirming a draft into a ledger record.

Taking a report in stores its text and what was read from it; no ledger changes. Confirming a
draft writes the record through its module's service and, in the same transaction, the
SourceLink (report, span, sentence) and its audit entry.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import can_write
from taizhang.core.models import Unit, User
from taizhang.intake.drafts.registry import clean_data, get_kind
from taizhang.intake.extraction import extract
from taizhang.intake.extraction.pipeline import json_default
from taizhang.intake.models import IntakeReport, SourceLink
from taizhang.intake.queries import find_proposal, gazetteer
from taizhang.intake.reading import check_text


def can_intake(user: Any) -> bool:
    """District-wide writers, and unit officers for their own unit's records."""
    return can_write(user)


def read_report(text: str) -> dict[str, Any]:
    """The extraction as plain JSON data (Decimals written exactly)."""
    return json.loads(json.dumps(extract(text, gazetteer()).as_dict(), default=json_default))


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@transaction.atomic
def create_report(
    *, by: User | None, text: str, source_name: str = "", unit: Unit | None = None
) -> IntakeReport:
    if by is None or not can_intake(by):
        raise PermissionDenied
    unit = unit or by.unit
    if unit is None:
        raise ValidationError({"unit": [_("Your account has no org unit.")]})
    if not can_write(by, IntakeReport(unit=unit)):
        raise PermissionDenied
    text = check_text(text, source_name)
    result = read_report(text)
    first = next((a["title"] for a in result["articles"] if a["title"]), "")
    title = (first or source_name or _("Pasted report"))[:200]
    fields: dict[str, str] = next((a["fields"] for a in result["articles"] if a.get("fields")), {})
    report = IntakeReport(
        unit=unit,
        title=title,
        source_name=source_name[:200],
        text=text,
        result=result,
        doc_number=fields.get("doc_number", "")[:60],
        issuer=fields.get("issuer", "")[:200],
        issued_on=_date(fields.get("date")),
        created_by=by,
    )
    report.full_clean()
    report.save()
    audit.record_create(report, by=by)
    return report


@transaction.atomic
def confirm_draft(
    report: IntakeReport, *, kind: str, key: str, raw: dict[str, Any], by: User | None
) -> SourceLink:
    """Write the record a person confirmed, with its link to the report and span."""
    draft_kind = get_kind(kind)
    proposal = find_proposal(report, kind, key) if draft_kind else None
    if draft_kind is None or proposal is None:
        raise ValidationError({"draft": [_("This report has no such draft.")]})
    if not draft_kind.may_confirm(by):
        raise PermissionDenied
    if SourceLink.objects.filter(report=report, draft_kind=kind, draft_key=key).exists():
        raise ValidationError({"draft": [_("This draft has already been confirmed.")]})
    units = Unit.objects.for_user(by).filter(is_active=True)
    data = clean_data(draft_kind, raw, units, by)
    record = draft_kind.confirm(report=report, data=data, by=by, proposal=proposal)
    link = SourceLink(
        report=report,
        draft_kind=kind,
        draft_key=key,
        article=proposal.article,
        span_start=proposal.start,
        span_end=proposal.end,
        sentence=proposal.sentence,
        content_type_id=_content_type_id(record),
        object_id=str(record.pk),
        confirmed_by=by,
    )
    link.full_clean()
    link.save()
    audit.record_create(link, by=by, reason=str(record))
    return link


def _content_type_id(record: Any) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(type(record)).pk
