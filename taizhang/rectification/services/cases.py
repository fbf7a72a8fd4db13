"""Cases (整治案件) and their steps on the supervision engine: opening with findings, the
recommendation, delivery (the reply clock starts), investigation, the rectification order (its
规定时限), the written reply, verification, closing, return, readdressing, reopening and
extensions. A refused step raises ValidationError (or PermissionDenied) and changes nothing."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import (
    SYSTEM,
    acting_user,
    can_read,
    can_write,
    require,
    require_person_or_system,
)
from taizhang.core.models import Unit, UnitKind, User
from taizhang.lib import clock
from taizhang.lib.dates import add_months
from taizhang.rectification import flow
from taizhang.rectification.access import is_case_supervisor
from taizhang.rectification.models import Campaign, Case, Finding, FindingStatus
from taizhang.rectification.services.findings import add_finding, log_finding
from taizhang.supervision import services as supervision
from taizhang.supervision.models import Assignment, ExtensionRequest

# Case fields each step may fill in (besides the note).
STEP_FIELDS = {
    "issue": ("recommendation_number",),
    "order": ("order_number",),
}


def _next_number(opened: datetime.date) -> str:
    prefix = f"ZZ{opened:%Y}"
    last = (
        Case.objects.select_for_update()
        .filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last[len(prefix) :]) + 1 if last and last[len(prefix) :].isdigit() else 1
    return f"{prefix}{sequence:04d}"


def _subdistrict_of(village: Unit) -> Unit:
    if village.kind not in (UnitKind.VILLAGE, UnitKind.COMMUNITY):
        raise ValidationError({"village": [_("Choose a village or community.")]})
    subdistrict = village.subdistrict()
    if subdistrict is None:
        raise ValidationError({"village": [_("The village is not under a subdistrict.")]})
    return subdistrict


def _check_agency(campaign: Campaign, agency: Unit, found_by_unit: Unit) -> None:
    """A case is addressed to an active participant of its campaign, never to the unit that
    found it nor to one inside or above it: nobody runs both sides of a case."""
    if not agency.is_active:
        raise ValidationError({"agency": [_("%(unit)s is not active.") % {"unit": agency.name}]})
    if not campaign.participants.filter(pk=agency.pk).exists():
        raise ValidationError(
            {
                "agency": [
                    _("%(unit)s does not take part in the campaign “%(campaign)s”.")
                    % {"unit": agency.name, "campaign": campaign.name}
                ]
            }
        )
    if agency.path.startswith(found_by_unit.path) or found_by_unit.path.startswith(agency.path):
        raise ValidationError(
            {
                "agency": [
                    _(
                        "The agency addressed must be another unit than the one that found the "
                        "case (and not one within or above it)."
                    )
                ]
            }
        )


@transaction.atomic
def open_case(
    *,
    by: User | None,
    campaign: Campaign,
    found_by_unit: Unit,
    agency: Unit,
    origin: str,
    subject_name: str,
    subject_kind: str,
    subject_address: str,
    village: Unit,
    findings: Iterable[dict[str, Any]],
    subject_contact: str = "",
    subject_phone: str = "",
    summary: str = "",
    origin_reference: str = "",
) -> Case:
    """File a case (立案) in a campaign with its findings (each with a category of the
    campaign and a description), addressed to a responsible agency. The caller writes for
    the unit that found it and may see the campaign; the agency may be outside the district."""
    require_person_or_system(by, can_write(by, found_by_unit))
    if by is not SYSTEM and not can_read(by, campaign):
        raise ValidationError({"campaign": [_("No such campaign.")]})
    findings = list(findings)
    if not findings:
        raise ValidationError({"findings": [_("A case needs at least one finding.")]})
    _check_agency(campaign, agency, found_by_unit)
    today = clock.today()
    if today > campaign.ends_on:
        raise ValidationError(
            {"campaign": [_("The campaign ended on %(day)s.") % {"day": campaign.ends_on}]}
        )
    item = supervision.create_item(
        by=by,
        flow=flow.CODE,
        title=subject_name.strip()[:200],
        description=summary,
        supervisor_unit=found_by_unit,
        units=[agency],
        deadline=max(campaign.ends_on, today),
        decider_unit=campaign.lead_unit,
        check_units_visible=False,
    )
    case = Case(
        number=_next_number(today),
        campaign=campaign,
        origin=origin,
        origin_reference=origin_reference.strip(),
        summary=summary,
        subject_name=subject_name.strip(),
        subject_kind=subject_kind,
        subject_address=subject_address.strip(),
        village=village,
        subdistrict=_subdistrict_of(village),
        subject_contact=subject_contact.strip(),
        subject_phone=subject_phone.strip(),
        found_by_unit=found_by_unit,
        agency=agency,
        item=item,
        assignment=item.assignments.get(),
        created_by=acting_user(by),
        opened_at=item.created_at,
    )
    case.full_clean()
    case.save()
    audit.record_create(case, by=by)
    supervision.set_subject(item, by=by, subject=case)
    for number, data in enumerate(findings, start=1):
        add_finding(case, by=by, sequence=number, check_access=False, **data)
    return case


def _locked_case(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("campaign", "assignment").get(pk=case.pk)


@transaction.atomic
def take_step(
    case: Case,
    *,
    by: User | None,
    action: str,
    note: str = "",
    deadline: datetime.date | None = None,
    number: str = "",
) -> Case:
    """Take one step of the rectification flow on the case. The engine checks the state, the
    caller's part, the note, the deadline and the guards; this fills in the case's own fields
    (the recommendation's number, the delivery date and the reply clock, the order's number
    and date, the written reply)."""
    case = _locked_case(case)
    before = audit.snapshot(case)
    today = clock.today()
    fields: list[str] = []
    if action == "accept":
        # The statutory reply clock runs from delivery (签收).
        deadline = add_months(today, case.campaign.reply_months)
        case.delivered_on = today
        fields.append("delivered_on")
    elif action == "issue":
        case.recommendation_number = number.strip()[:100]
        case.recommendation_issued_on = today
        fields += ["recommendation_number", "recommendation_issued_on"]
    elif action == "order":
        case.order_number = number.strip()[:100]
        case.ordered_on = today
        fields += ["order_number", "ordered_on"]
    elif action == "reply":
        case.reply_text = note.strip()
        case.replied_on = today
        fields += ["reply_text", "replied_on"]
    supervision.act(
        case.assignment, by=by, action=action, note=note, deadline=deadline, managed=True
    )
    if fields:
        case.full_clean()
        case.save(update_fields=fields)
        audit.record_update(case, before, by=by, reason=note)
    case.assignment.refresh_from_db()
    case.item.refresh_from_db()
    return case


@transaction.atomic
def readdress(case: Case, *, by: User | None, agency: Unit, note: str = "") -> Case:
    """Address a returned (misrouted) case to another agency and issue it again."""
    case = _locked_case(case)
    require(is_case_supervisor(by, case))
    if case.assignment.state != "returned":
        raise ValidationError(_("Only a returned case can be addressed to another agency."))
    if agency.pk == case.agency_id:
        raise ValidationError({"agency": [_("The case is already addressed to this agency.")]})
    _check_agency(case.campaign, agency, case.found_by_unit)
    assignment = Assignment.objects.select_for_update().get(pk=case.assignment_id)
    before_assignment = audit.snapshot(assignment)
    assignment.unit = agency
    assignment.save(update_fields=["unit"])
    audit.record_update(assignment, before_assignment, by=by, reason=note)
    before = audit.snapshot(case)
    previous = case.agency.name
    case.agency = agency
    case.save(update_fields=["agency"])
    audit.record_update(case, before, by=by, reason=note)
    supervision.record_step(
        assignment,
        by=by,
        action=flow.READDRESSED,
        note=f"{previous} → {agency.name}" + (f"\n{note.strip()}" if note.strip() else ""),
    )
    return take_step(case, by=by, action="reissue", note=note)


@transaction.atomic
def reopen_case(
    case: Case,
    *,
    by: User | None,
    reason: str,
    deadline: datetime.date | None,
    findings: Iterable[Finding] = (),
) -> Case:
    """Reopen a closed case (重新整改): the chosen findings (all, if none is chosen) go back to
    rectification against a new rectification deadline."""
    case = _locked_case(case)
    require(is_case_supervisor(by, case))
    if not case.is_closed or case.assignment.state != "closed":
        raise ValidationError(_("Only a closed case can be reopened."))
    if deadline is None:
        raise ValidationError({"deadline": [_("Give a new rectification deadline.")]})
    chosen = list(findings) or list(case.findings.all())
    if any(finding.case_id != case.pk for finding in chosen):
        raise ValidationError({"findings": [_("A finding of another case.")]})
    supervision.reopen(
        case.assignment,
        by=by,
        reason=reason,
        deadline=deadline,
        clock_code=flow.ORDER_CLOCK,
        managed=True,
    )
    for finding in chosen:
        finding = Finding.objects.select_for_update().get(pk=finding.pk)
        before = audit.snapshot(finding)
        finding.status = FindingStatus.OPEN
        finding.verified_by = None
        finding.verified_at = None
        finding.save(update_fields=["status", "verified_by", "verified_at"])
        audit.record_update(finding, before, by=by, reason=reason)
        log_finding(finding, by=by, action=flow.FINDING_REOPENED, note=reason)
    case.item.refresh_from_db()
    case.assignment.refresh_from_db()
    return case


def request_extension(
    case: Case, *, by: User | None, until: datetime.date, reason: str, clock_code: str = ""
) -> ExtensionRequest:
    """The agency asks, before the deadline, for a later reply or rectification deadline; the
    campaign's lead unit decides."""
    return supervision.request_extension(
        case.assignment, by=by, until=until, reason=reason, clock_code=clock_code
    )


def decide_extension(
    request: ExtensionRequest, *, by: User | None, approve: bool, note: str = ""
) -> ExtensionRequest:
    return supervision.decide_extension(request, by=by, approve=approve, note=note)
