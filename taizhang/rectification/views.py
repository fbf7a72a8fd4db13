"""Rectification pages (专项整治): campaigns, the case list, opening a case with its findings,
the case page with its clocks, findings, steps and history, the dashboard, and the public
notice of a campaign. Every page reads through `.for_user()`; every write calls a service."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taizhang.core import personal, printing
from taizhang.core.access import access_record, can_write, require
from taizhang.core.models import Attachment
from taizhang.core.requests import AuthedRequest
from taizhang.core.views.excel import ledger_links
from taizhang.core.views.records import record_context
from taizhang.core.views.steps import run_step
from taizhang.lib import clock
from taizhang.rectification import queries
from taizhang.rectification.access import (
    is_case_agency,
    is_case_supervisor,
    manages_campaign,
    may_publish,
    works_on_case,
)
from taizhang.rectification.filters import CaseFilter
from taizhang.rectification.flow import RECTIFICATION
from taizhang.rectification.forms import (
    CampaignForm,
    CaseForm,
    CategoryForm,
    EvidenceForm,
    ExtensionForm,
    FindingForm,
    NoteForm,
    ReaddressForm,
    ReopenForm,
    StepForm,
    VerifyForm,
)
from taizhang.rectification.models import Campaign, Case, Evidence, Finding, FindingStatus
from taizhang.rectification.services import campaigns as campaign_services
from taizhang.rectification.services import cases as case_services
from taizhang.rectification.services import findings as finding_services
from taizhang.rectification.tables import CaseTable
from taizhang.supervision import flows
from taizhang.supervision import services as supervision
from taizhang.supervision.forms import DecisionForm
from taizhang.supervision.models import ExtensionRequest, ExtensionStatus

NAV = "rectification"


def _menu(request: AuthedRequest, query: QueryDict | None = None) -> dict[str, Any]:
    """What rectification/_menu.html offers this user: a new case to whoever may open one,
    the rectification ledger's export (of `query`, by default the page's filters) and import."""
    return {
        "may_open_case": can_write(request.user),
        "excel": ledger_links(request, "rectification", query),
    }


# Campaigns ---------------------------------------------------------------------------------


def campaign_list(request: AuthedRequest) -> HttpResponse:
    campaigns = Campaign.objects.for_user(request.user).select_related("lead_unit")
    return render(
        request,
        "rectification/campaign_list.html",
        {
            "campaigns": campaigns,
            "can_create": can_write(request.user),
            "active_nav": NAV,
            **_menu(request),
        },
    )


def campaign_create(request: AuthedRequest) -> HttpResponse:
    if not can_write(request.user):
        raise Http404
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = campaign_services.create_campaign(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Campaign created."))
            return redirect(campaign)
    return render(request, "rectification/campaign_form.html", {"form": form, "active_nav": NAV})


def campaign_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = access_record(Campaign, pk, request.user)
    cases = Case.objects.for_user(request.user).filter(campaign=campaign)
    return render(
        request,
        "rectification/campaign_detail.html",
        {
            "campaign": campaign,
            "categories": campaign.categories.all(),
            "participants": campaign.participants.all(),
            "figures": queries.dashboard(cases)["totals"],
            "manages": manages_campaign(request.user, campaign),
            "may_publish": may_publish(request.user),
            "category_form": CategoryForm(),
            "active_nav": NAV,
            **_menu(request, QueryDict(f"campaign={campaign.pk}")),
            **record_context(request, campaign),
        },
    )


@require_POST
def campaign_category(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = access_record(Campaign, pk, request.user, write=True)
    run_step(
        request,
        CategoryForm(request.POST),
        lambda data: campaign_services.add_category(campaign, by=request.user, **data),
        _("Category added."),
    )
    return redirect(campaign)


@require_POST
def campaign_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = access_record(Campaign, pk, request.user, write=True)
    publish = request.POST.get("is_public") == "1"
    require(may_publish(request.user) or not publish)
    campaign_services.update_campaign(campaign, by=request.user, is_public=publish)
    messages.success(request, _("Notice published.") if publish else _("Notice withdrawn."))
    return redirect(campaign)


# Cases -------------------------------------------------------------------------------------


def case_list(request: AuthedRequest) -> HttpResponse:
    cases = CaseFilter(
        request.GET,
        queryset=Case.objects.for_user(request.user).with_flow(),
        request=request,
    )
    table = CaseTable(cases.qs)
    printing.paginate_table(request, table, per_page=50)
    return render(
        request,
        "rectification/case_list.html",
        {"filter": cases, "table": table, "active_nav": NAV, **_menu(request)},
    )


def case_create(request: AuthedRequest) -> HttpResponse:
    if not can_write(request.user):
        raise Http404
    form = CaseForm(request.POST or None, user=request.user)
    campaigns = cast(forms.ModelChoiceField, form.fields["campaign"]).queryset
    has_campaigns = campaigns is not None and campaigns.exists()
    if request.method == "POST" and has_campaigns and form.is_valid():
        try:
            case = case_services.open_case(by=request.user, **form.service_arguments())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Case opened."))
            return redirect(case)
    return render(
        request,
        "rectification/case_form.html",
        {"form": form, "has_campaigns": has_campaigns, "active_nav": NAV},
    )


def _case(request: AuthedRequest, pk: int) -> Case:
    return access_record(Case, pk, request.user)


def case_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(queries.case_detail(Case.objects.for_user(request.user)), pk=pk)
    user = request.user
    today = clock.today()
    assignment = case.assignment
    flow = assignment.flow
    supervisor = is_case_supervisor(user, case)
    agency = is_case_agency(user, case)
    requests = list(assignment.extension_requests.all())
    pending = [r for r in requests if r.status == ExtensionStatus.PENDING]
    _attach_photos(case)
    return render(
        request,
        "rectification/case_detail.html",
        {
            "case": case,
            "assignment": assignment,
            "light": assignment.light(today),
            "light_label": flows.LIGHT_LABELS[assignment.light(today)],
            "clocks": [
                (c, c.light(today), flows.LIGHT_LABELS[c.light(today)])
                for c in assignment.clocks.all()
            ],
            "findings": case.findings.all(),
            "phone": personal.shown(case, "subject_phone", user),
            "contact": personal.shown(case, "subject_contact", user),
            "actions": supervision.allowed_actions(assignment, user, managed=True),
            "events": [
                (
                    event,
                    supervision.action_label(flow, event.action),
                    flow.state_label(event.to_state) if event.to_state else "",
                )
                for event in assignment.events.all()
            ],
            "extension_requests": requests,
            "may_request_extension": agency and assignment.is_open and not pending,
            "pending_for_decision": pending
            if supervision.may_decide_extensions(user, case.item)
            else [],
            "works_on_case": works_on_case(user, case),
            "is_agency": agency,
            "is_supervisor": supervisor,
            "may_reopen": supervisor and case.is_closed,
            "may_readdress": supervisor and assignment.state == "returned",
            "finding_form": FindingForm(campaign=case.campaign),
            "extension_form": ExtensionForm(),
            "reopen_form": ReopenForm(case=case),
            "readdress_form": ReaddressForm() if supervisor else None,
            "verify_states": finding_services.VERIFY_STATES,
            "rectify_states": finding_services.RECTIFY_STATES,
            "FindingStatus": FindingStatus,
            "active_nav": NAV,
            **_menu(request, QueryDict(f"campaign={case.campaign_id}")),
            **record_context(request, case),
        },
    )


def _attach_photos(case: Case) -> None:
    """Give each evidence record of the case its photos (one query for the whole case)."""
    evidence = [e for f in case.findings.all() for e in f.evidence.all()]
    content_type = ContentType.objects.get_for_model(Evidence)
    photos: dict[str, list[Attachment]] = {}
    for attachment in Attachment.objects.filter(
        content_type=content_type,
        object_id__in=[str(e.pk) for e in evidence],
        removed_at__isnull=True,
    ):
        photos.setdefault(attachment.object_id, []).append(attachment)
    for item in evidence:
        item.photos = photos.get(str(item.pk), [])


@require_POST
def case_step(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    run_step(
        request,
        StepForm(request.POST),
        lambda data: case_services.take_step(case, by=request.user, **data),
        _("Done."),
    )
    return redirect(case)


@require_POST
def finding_add(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    run_step(
        request,
        FindingForm(request.POST, campaign=case.campaign),
        lambda data: finding_services.add_finding(case, by=request.user, **data),
        _("Finding added."),
    )
    return redirect(case)


def _finding(request: AuthedRequest, pk: int) -> Finding:
    return access_record(Finding, pk, request.user)


@require_POST
def finding_rectified(request: AuthedRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    run_step(
        request,
        NoteForm(request.POST),
        lambda data: finding_services.report_rectified(finding, by=request.user, **data),
        _("Reported rectified."),
    )
    return redirect(finding.case)


@require_POST
def finding_verify(request: AuthedRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    run_step(
        request,
        VerifyForm(request.POST),
        lambda data: finding_services.verify_finding(finding, by=request.user, **data),
        _("Verification recorded."),
    )
    return redirect(finding.case)


@require_POST
def finding_evidence(request: AuthedRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    run_step(
        request,
        form,
        lambda data: finding_services.add_evidence(
            finding,
            by=request.user,
            stage=data["stage"],
            upload=data["file"],
            caption=data["caption"],
        ),
        _("Photo added."),
    )
    return redirect(finding.case)


@require_POST
def case_extension(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    run_step(
        request,
        ExtensionForm(request.POST),
        lambda data: case_services.request_extension(case, by=request.user, **data),
        _("Extension requested."),
    )
    return redirect(case)


@require_POST
def extension_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    extension = access_record(ExtensionRequest, pk, request.user)
    case = get_object_or_404(Case.objects.for_user(request.user), assignment=extension.assignment)
    run_step(
        request,
        DecisionForm(request.POST),
        lambda data: case_services.decide_extension(extension, by=request.user, **data),
        _("Decision recorded."),
    )
    return redirect(case)


@require_POST
def case_reopen(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    run_step(
        request,
        ReopenForm(request.POST, case=case),
        lambda data: case_services.reopen_case(case, by=request.user, **data),
        _("Reopened."),
    )
    return redirect(case)


@require_POST
def case_readdress(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    run_step(
        request,
        ReaddressForm(request.POST),
        lambda data: case_services.readdress(case, by=request.user, **data),
        _("Addressed to another agency."),
    )
    return redirect(case)


# Dashboard and public notice --------------------------------------------------------------


def dashboard(request: AuthedRequest) -> HttpResponse:
    cases = CaseFilter(request.GET, queryset=Case.objects.for_user(request.user), request=request)
    figures = queries.dashboard(cases.qs) if cases.is_valid() else None
    groups = (
        [
            (_("By campaign"), figures["by_campaign"]),
            (_("By agency"), figures["by_agency"]),
            (_("By subdistrict"), figures["by_subdistrict"]),
        ]
        if figures
        else []
    )
    return render(
        request,
        "rectification/dashboard.html",
        {
            "filter": cases,
            "figures": figures,
            "groups": groups,
            "query": request.GET.urlencode(),
            "active_nav": NAV,
            **_menu(request),
        },
    )


@login_not_required
def public_notice(request: AuthedRequest, pk: int) -> HttpResponse:
    """A published campaign's closed cases, for anyone: no personal data, no subject contact,
    no names of officers."""
    campaign = get_object_or_404(Campaign.objects.filter(is_public=True), pk=pk)
    return render(
        request,
        "rectification/public_notice.html",
        {"campaign": campaign, "cases": queries.public_cases(campaign), "flow": RECTIFICATION},
    )
