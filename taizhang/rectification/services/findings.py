"""Findings (问题) of a case: adding them, their own closure (reported rectified by one
person, verified by another) and their before/after photos."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import attachments, audit
from taizhang.core.access import acting_user, require
from taizhang.core.models import Attachment, User
from taizhang.lib import clock
from taizhang.rectification import flow
from taizhang.rectification.access import is_case_agency, works_on_case
from taizhang.rectification.models import (
    Case,
    Evidence,
    EvidenceStage,
    Finding,
    FindingStatus,
    HazardCategory,
)
from taizhang.supervision import services as supervision

# Case states in which a finding may be reported rectified, and verified.
RECTIFY_STATES = ("ordered", "rectifying", "verifying")
VERIFY_STATES = ("rectifying", "verifying")


def log_finding(finding: Finding, *, by: User | None, action: str, note: str = "") -> None:
    text = f"{finding.sequence}. {finding.category.name}"
    supervision.record_step(
        finding.case.assignment,
        by=by,
        action=action,
        note=f"{text}\n{note.strip()}" if note.strip() else text,
    )


def _case_open(case: Case) -> None:
    if case.assignment.state in ("closed", "withdrawn"):
        raise ValidationError(_("The case is closed."))


@transaction.atomic
def add_finding(
    case: Case,
    *,
    by: User | None,
    category: HazardCategory | None,
    description: str,
    legal_basis: str = "",
    sequence: int | None = None,
    check_access: bool = True,
) -> Finding:
    """A problem found at the case's subject, with its category (one of the campaign's) and a
    description; the legal basis defaults to the category's law and article."""
    if check_access:
        require(works_on_case(by, case))
        _case_open(case)
    if category is None:
        raise ValidationError({"category": [_("Choose the finding's category.")]})
    if category.campaign_id != case.campaign_id:
        raise ValidationError({"category": [_("The category is not one of the campaign's.")]})
    if sequence is None:
        last = case.findings.order_by("-sequence").values_list("sequence", flat=True).first()
        sequence = (last or 0) + 1
    finding = Finding(
        case=case,
        sequence=sequence,
        category=category,
        description=description.strip(),
        legal_basis=(legal_basis or category.legal_basis).strip()[:300],
    )
    finding.full_clean()
    finding.save()
    audit.record_create(finding, by=by)
    log_finding(finding, by=by, action=flow.FINDING_ADDED, note=finding.description)
    return finding


def _locked(finding: Finding) -> Finding:
    return (
        Finding.objects.select_for_update()
        .select_related("case__assignment__item", "case__assignment__unit", "category")
        .get(pk=finding.pk)
    )


@transaction.atomic
def report_rectified(finding: Finding, *, by: User | None, note: str) -> Finding:
    """The agency reports a finding rectified (整改完成), saying what was done."""
    finding = _locked(finding)
    require(is_case_agency(by, finding.case))
    state = finding.case.assignment.state
    if state not in RECTIFY_STATES:
        raise ValidationError(
            _(
                "A finding is reported rectified once rectification is ordered; "
                "the case is %(state)s."
            )
            % {"state": finding.case.assignment.state_label}
        )
    if finding.status != FindingStatus.OPEN:
        raise ValidationError(_("The finding is already reported rectified."))
    note = note.strip()
    if not note:
        raise ValidationError({"note": [_("Say what was rectified.")]})
    before = audit.snapshot(finding)
    finding.status = FindingStatus.RECTIFIED
    finding.rectification_note = note
    finding.rectified_by = acting_user(by)
    finding.rectified_at = clock.now()
    finding.save(update_fields=["status", "rectification_note", "rectified_by", "rectified_at"])
    audit.record_update(finding, before, by=by, reason=note)
    log_finding(finding, by=by, action=flow.FINDING_RECTIFIED, note=note)
    return finding


@transaction.atomic
def verify_finding(
    finding: Finding, *, by: User | None, note: str = "", accept: bool = True
) -> Finding:
    """Verify a rectified finding (复核验收): accepted, it is closed (销号); not accepted, it goes
    back to rectification. Either side may verify, never the person who reported it."""
    finding = _locked(finding)
    require(works_on_case(by, finding.case))
    state = finding.case.assignment.state
    if state not in VERIFY_STATES:
        raise ValidationError(
            _("Findings are verified while the case is rectifying or verifying; it is %(state)s.")
            % {"state": finding.case.assignment.state_label}
        )
    if finding.status != FindingStatus.RECTIFIED:
        raise ValidationError(_("Only a finding reported rectified can be verified."))
    supervision.ensure_other_person(by, finding.rectified_by_id)
    note = note.strip()
    if not accept and not note:
        raise ValidationError({"note": [_("Give a reason.")]})
    before = audit.snapshot(finding)
    if accept:
        finding.status = FindingStatus.VERIFIED
        finding.verified_by = acting_user(by)
        finding.verified_at = clock.now()
    else:
        finding.status = FindingStatus.OPEN
    finding.verification_note = note
    finding.full_clean()
    finding.save(update_fields=["status", "verified_by", "verified_at", "verification_note"])
    audit.record_update(finding, before, by=by, reason=note)
    action = flow.FINDING_VERIFIED if accept else flow.FINDING_REJECTED
    log_finding(finding, by=by, action=action, note=note)
    return finding


@transaction.atomic
def add_evidence(
    finding: Finding, *, by: User | None, stage: str, upload: UploadedFile, caption: str = ""
) -> Attachment:
    """A photo before or after rectification, kept by the uploader's unit on the finding."""
    if by is None or not works_on_case(by, finding.case):
        raise PermissionDenied
    if stage not in EvidenceStage.values:
        raise ValidationError({"stage": [_("Before or after rectification?")]})
    if stage == EvidenceStage.AFTER and not is_case_agency(by, finding.case):
        raise ValidationError({"stage": [_("Photos after rectification come from the agency.")]})
    evidence = Evidence(
        finding=finding,
        stage=stage,
        unit=by.unit,
        caption=caption.strip()[:200],
        created_by=by,
        created_at=clock.now(),
    )
    evidence.full_clean()
    evidence.save()
    audit.record_create(evidence, by=by)
    return attachments.add_attachment(evidence, upload, by=by, caption=caption)
