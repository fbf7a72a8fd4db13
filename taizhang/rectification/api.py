"""The rectification router of the API (专项整治) under /api/v1/rectification/: campaigns,
cases and their steps, findings (the rectification ledger's rows), extensions, the dashboard
and the public notice. Reads start from `.for_user()`; writes call the services. The Excel
ledger itself is served by the ledgers router (/api/v1/ledgers/rectification/...)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile
from ninja.pagination import paginate

from taizhang.core.access import access_record, can_write, require
from taizhang.core.api import filtered, unit_by_id, units_by_id
from taizhang.core.api_kept import kept_for_caller
from taizhang.core.models import Unit
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import AttachmentOut, PageNumberPage, with_errors
from taizhang.core.versions import expected_version
from taizhang.rectification import queries
from taizhang.rectification.filters import CaseFilter, FindingFilter
from taizhang.rectification.models import Campaign, Case, Finding, HazardCategory, SubjectKind
from taizhang.rectification.schemas import (
    CampaignIn,
    CampaignOut,
    CampaignPatchIn,
    CaseDetailOut,
    CaseExtensionIn,
    CaseFilterIn,
    CaseIn,
    CaseOut,
    CategoryIn,
    CategoryOut,
    DashboardOut,
    FindingFilterIn,
    FindingIn,
    FindingOut,
    NoteIn,
    PublicNoticeOut,
    ReaddressIn,
    ReopenIn,
    StepIn,
    VerificationIn,
)
from taizhang.rectification.services import campaigns as campaign_services
from taizhang.rectification.services import cases as case_services
from taizhang.rectification.services import findings as finding_services
from taizhang.supervision.models import ExtensionRequest
from taizhang.supervision.schemas import DecisionIn, ExtensionOut

router = Router(tags=["rectification"])
WRITE_ERRORS = (400, 403, 404, 422)


def _campaigns(user: Any) -> QuerySet[Campaign]:
    return (
        Campaign.objects.for_user(user)
        .select_related("lead_unit")
        .prefetch_related("participants", "categories")
    )


def _cases(user: Any) -> QuerySet[Case]:
    return Case.objects.for_user(user).with_flow().select_related("item")


def _case_detail(user: Any, pk: int) -> Case:
    return get_object_or_404(queries.case_detail(Case.objects.for_user(user)), pk=pk)


def _unit(pk: int, field: str) -> Unit:
    """Any active unit by id: a case may be addressed outside the caller's tree."""
    return units_by_id(Unit.objects.filter(is_active=True), [pk], field)[0]


def _category(case: Case, pk: int | None) -> HazardCategory | None:
    if pk is None:
        return None
    category = HazardCategory.objects.filter(pk=pk, campaign_id=case.campaign_id).first()
    if category is None:
        raise ValidationError({"category_id": [_("The category is not one of the campaign's.")]})
    return category


# Campaigns ---------------------------------------------------------------------------------


@router.get("/rectification/campaigns", response=with_errors({200: list[CampaignOut]}))
@paginate(PageNumberPage)
def list_campaigns(request: AuthedRequest) -> Any:
    """The campaigns the caller leads, takes part in, or has a case addressed to."""
    return _campaigns(request.user).order_by("-starts_on", "-id")


@router.get("/rectification/campaigns/{campaign_id}", response=with_errors({200: CampaignOut}, 404))
def get_campaign(request: AuthedRequest, campaign_id: int) -> Any:
    """One campaign with its participants and categories. 404 if the caller may not see it."""
    return get_object_or_404(_campaigns(request.user), pk=campaign_id)


@router.post("/rectification/campaigns", response=with_errors({201: CampaignOut}, *WRITE_ERRORS))
def create_campaign(request: AuthedRequest, payload: CampaignIn) -> Any:
    """Start a campaign led by a unit the caller writes for, with its categories."""
    require(can_write(request.user))
    lead = unit_by_id(Unit.objects.for_user(request.user), payload.lead_unit_id, "lead_unit_id")
    campaign = campaign_services.create_campaign(
        by=request.user,
        name=payload.name,
        plan_document=payload.plan_document,
        lead_unit=lead,
        participants=[_unit(pk, "participant_ids") for pk in payload.participant_ids],
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        reply_months=payload.reply_months,
        is_public=payload.is_public,
        categories=[(c.name, c.law, c.article) for c in payload.categories],
    )
    return Status(201, _campaigns(request.user).get(pk=campaign.pk))


@router.patch(
    "/rectification/campaigns/{campaign_id}",
    response=with_errors({200: CampaignOut}, *WRITE_ERRORS, 409),
)
def update_campaign(request: AuthedRequest, campaign_id: int, payload: CampaignPatchIn) -> Any:
    """Change a campaign (e.g. publish its notice); the lead unit only. With `version` (or
    If-Match): 409 if the campaign changed since."""
    campaign = access_record(Campaign, campaign_id, request.user)
    data = payload.model_dump(exclude_none=True)
    version = expected_version(request, data.pop("version", None))
    campaign_services.update_campaign(campaign, by=request.user, version=version, **data)
    return _campaigns(request.user).get(pk=campaign.pk)


@router.post(
    "/rectification/campaigns/{campaign_id}/categories",
    response=with_errors({201: CategoryOut}, *WRITE_ERRORS),
)
def add_category(request: AuthedRequest, campaign_id: int, payload: CategoryIn) -> Any:
    """Add a category of hazard with its law and article; the lead unit only."""
    campaign = access_record(Campaign, campaign_id, request.user)
    category = campaign_services.add_category(campaign, by=request.user, **payload.model_dump())
    return Status(201, category)


# Cases -------------------------------------------------------------------------------------


@router.get("/rectification/cases", response=with_errors({200: list[CaseOut]}, 422))
@decorate_view(kept_for_caller)
@paginate(PageNumberPage)
def list_cases(request: AuthedRequest, filters: Query[CaseFilterIn]) -> Any:
    """The cases the caller may see, filtered like the list page. 市生态环境局's officers see
    the cases addressed to them."""
    return filtered(CaseFilter, filters, _cases(request.user)).order_by("-opened_at", "-id")


@router.get("/rectification/cases/{case_id}", response=with_errors({200: CaseDetailOut}, 404))
def get_case(request: AuthedRequest, case_id: int) -> Any:
    """One case with its findings, clocks, history (every step: who, when, note) and the steps
    the caller may take."""
    return _case_detail(request.user, case_id)


@router.post("/rectification/cases", response=with_errors({201: CaseDetailOut}, *WRITE_ERRORS))
def open_case(request: AuthedRequest, payload: CaseIn) -> Any:
    """File a case with its findings (立案), addressed to a responsible agency."""
    campaign = Campaign.objects.for_user(request.user).filter(pk=payload.campaign_id).first()
    if campaign is None:
        raise ValidationError({"campaign_id": [_("No such campaign.")]})
    found_by = unit_by_id(
        Unit.objects.for_user(request.user), payload.found_by_unit_id, "found_by_unit_id"
    )
    if payload.subject_kind not in SubjectKind.values:
        raise ValidationError({"subject_kind": [_("Unknown kind of subject.")]})
    categories = {c.pk: c for c in campaign.categories.all()}
    findings = []
    for index, finding in enumerate(payload.findings):
        category = categories.get(finding.category_id) if finding.category_id else None
        if finding.category_id and category is None:
            raise ValidationError(
                {f"findings.{index}.category_id": [_("The category is not one of the campaign's.")]}
            )
        findings.append(
            {
                "category": category,
                "description": finding.description,
                "legal_basis": finding.legal_basis,
            }
        )
    case = case_services.open_case(
        by=request.user,
        campaign=campaign,
        found_by_unit=found_by,
        agency=_unit(payload.agency_id, "agency_id"),
        origin=payload.origin,
        origin_reference=payload.origin_reference,
        subject_name=payload.subject_name,
        subject_kind=payload.subject_kind,
        subject_address=payload.subject_address,
        village=_unit(payload.village_id, "village_id"),
        subject_contact=payload.subject_contact,
        subject_phone=payload.subject_phone,
        summary=payload.summary,
        findings=findings,
    )
    return Status(201, _case_detail(request.user, case.pk))


@router.post(
    "/rectification/cases/{case_id}/steps",
    response=with_errors({200: CaseDetailOut}, *WRITE_ERRORS),
)
def take_step(request: AuthedRequest, case_id: int, payload: StepIn) -> Any:
    """Take a step of the rectification flow. `actions` on the case lists what the caller may
    do; a step the flow does not allow now is refused with 400."""
    case = access_record(Case, case_id, request.user)
    case_services.take_step(case, by=request.user, **payload.model_dump())
    return _case_detail(request.user, case.pk)


@router.post(
    "/rectification/cases/{case_id}/findings",
    response=with_errors({201: FindingOut}, *WRITE_ERRORS),
)
def add_finding(request: AuthedRequest, case_id: int, payload: FindingIn) -> Any:
    """Add a finding to an open case; either side of the case. A category is required."""
    case = access_record(Case, case_id, request.user)
    finding = finding_services.add_finding(
        case,
        by=request.user,
        category=_category(case, payload.category_id),
        description=payload.description,
        legal_basis=payload.legal_basis,
    )
    return Status(201, finding)


@router.post(
    "/rectification/cases/{case_id}/extensions",
    response=with_errors({201: ExtensionOut}, *WRITE_ERRORS),
)
def request_extension(request: AuthedRequest, case_id: int, payload: CaseExtensionIn) -> Any:
    """The agency asks, before the deadline, for a later reply or rectification deadline."""
    case = access_record(Case, case_id, request.user)
    extension = case_services.request_extension(
        case, by=request.user, until=payload.until, reason=payload.reason, clock_code=payload.clock
    )
    return Status(201, extension)


@router.post(
    "/rectification/extensions/{extension_id}/decision",
    response=with_errors({200: ExtensionOut}, *WRITE_ERRORS),
)
def decide_extension(request: AuthedRequest, extension_id: int, payload: DecisionIn) -> Any:
    """The campaign's lead unit approves (the deadline moves) or refuses."""
    extension = access_record(ExtensionRequest, extension_id, request.user)
    get_object_or_404(Case.objects.for_user(request.user), assignment=extension.assignment_id)
    return case_services.decide_extension(
        extension, by=request.user, approve=payload.approve, note=payload.note
    )


@router.post(
    "/rectification/cases/{case_id}/reopen",
    response=with_errors({200: CaseDetailOut}, *WRITE_ERRORS),
)
def reopen_case(request: AuthedRequest, case_id: int, payload: ReopenIn) -> Any:
    """Reopen a closed case: the chosen findings (default: all) go back to rectification
    against a new deadline."""
    case = access_record(Case, case_id, request.user)
    chosen = list(case.findings.filter(pk__in=payload.finding_ids))
    if len(chosen) != len(set(payload.finding_ids)):
        raise ValidationError({"finding_ids": [_("A finding of another case.")]})
    case_services.reopen_case(
        case, by=request.user, reason=payload.reason, deadline=payload.deadline, findings=chosen
    )
    return _case_detail(request.user, case.pk)


@router.post(
    "/rectification/cases/{case_id}/readdress",
    response=with_errors({200: CaseDetailOut}, *WRITE_ERRORS),
)
def readdress_case(request: AuthedRequest, case_id: int, payload: ReaddressIn) -> Any:
    """Address a returned (misrouted) case to another agency and issue it again."""
    case = access_record(Case, case_id, request.user)
    case_services.readdress(
        case, by=request.user, agency=_unit(payload.agency_id, "agency_id"), note=payload.note
    )
    return _case_detail(request.user, case.pk)


# Findings ----------------------------------------------------------------------------------


def _findings(user: Any) -> QuerySet[Finding]:
    return Finding.objects.for_user(user).select_related("category", "rectified_by", "verified_by")


@router.get("/rectification/findings", response=with_errors({200: list[FindingOut]}, 422))
@paginate(PageNumberPage)
def list_findings(request: AuthedRequest, filters: Query[FindingFilterIn]) -> Any:
    """The rectification ledger's rows (one per finding), filtered like the Excel export."""
    findings = filtered(FindingFilter, filters, _findings(request.user))
    return findings.order_by("case__opened_at", "case_id", "sequence")


@router.post(
    "/rectification/findings/{finding_id}/rectified",
    response=with_errors({200: FindingOut}, *WRITE_ERRORS),
)
def report_rectified(request: AuthedRequest, finding_id: int, payload: NoteIn) -> Any:
    """The agency reports a finding rectified, saying what was done."""
    finding = access_record(Finding, finding_id, request.user)
    finding_services.report_rectified(finding, by=request.user, note=payload.note)
    return _findings(request.user).get(pk=finding.pk)


@router.post(
    "/rectification/findings/{finding_id}/verification",
    response=with_errors({200: FindingOut}, *WRITE_ERRORS),
)
def verify_finding(request: AuthedRequest, finding_id: int, payload: VerificationIn) -> Any:
    """Accept (close) or refuse a rectified finding; never by the person who reported it."""
    finding = access_record(Finding, finding_id, request.user)
    finding_services.verify_finding(
        finding, by=request.user, accept=payload.accept, note=payload.note
    )
    return _findings(request.user).get(pk=finding.pk)


@router.post(
    "/rectification/findings/{finding_id}/evidence",
    response=with_errors({201: AttachmentOut}, *WRITE_ERRORS),
)
def add_evidence(
    request: AuthedRequest,
    finding_id: int,
    file: File[UploadedFile],
    stage: Form[str],
    caption: Form[str] = "",
) -> Any:
    """A photo of the finding before (either side) or after rectification (the agency)."""
    finding = access_record(Finding, finding_id, request.user)
    attachment = finding_services.add_evidence(
        finding, by=request.user, stage=stage, upload=file, caption=caption
    )
    return Status(201, attachment)


# Dashboard and public notice --------------------------------------------------------------


def dashboard_labels() -> dict[str, str]:
    return {
        "findings": _("findings"),
        "rectified": _("rectified"),
        "verified": _("verified and closed"),
        "overdue": _("overdue"),
        "on_time": _("closed on time"),
    }


@router.get(
    "/rectification/dashboard",
    response=with_errors({200: DashboardOut}, 422),
    url_name="rectification_dashboard",
)
def dashboard(request: AuthedRequest, filters: Query[CaseFilterIn]) -> Any:
    """Per campaign, agency and subdistrict: cases, findings, rectified and verified share,
    overdue, median days to close, returned and extended; agencies by on-time closure. The
    findings counted are exactly the rows of the ledger export with the same filters."""
    cases = filtered(CaseFilter, filters, Case.objects.for_user(request.user))
    return {**queries.dashboard(cases), "labels": dashboard_labels()}


@router.get(
    "/rectification/public/campaigns/{campaign_id}",
    response=with_errors({200: PublicNoticeOut}, 404),
    auth=None,
)
def public_notice(request: AuthedRequest, campaign_id: str) -> Any:
    """A published campaign's closed cases, for anyone: no personal data, no contacts."""
    # A text parameter, so that anything but a published campaign's id is a plain 404 for an
    # anonymous visitor (never a 422 that tells a valid route from an invalid one).
    if not campaign_id.isdigit():
        raise Http404
    campaign = get_object_or_404(
        Campaign.objects.filter(is_public=True).select_related("lead_unit"), pk=int(campaign_id)
    )
    return {
        "campaign": campaign.name,
        "plan_document": campaign.plan_document,
        "lead_unit": campaign.lead_unit.name,
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "cases": [
            {
                "number": case.number,
                "subject": _("(a private person)")
                if case.subject_kind == SubjectKind.PERSON
                else case.subject_name,
                "subdistrict": case.subdistrict.name,
                "village": case.village.name,
                "agency": case.agency.name,
                "closed_on": timezone.localtime(case.item.closed_at).date(),
                "findings": [
                    {
                        "category": f.category.name,
                        "description": f.description,
                        "legal_basis": f.legal_basis,
                    }
                    for f in case.findings.all()
                ],
            }
            for case in queries.public_cases(campaign)
        ],
    }
