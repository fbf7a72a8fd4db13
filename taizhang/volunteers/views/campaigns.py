"""The organisers' pages of campaigns: the list, a campaign with its shifts and sign-ups (to
confirm, reject, check in and out), the QR codes to share (PNG and SVG), the visits and data
tasks, the volunteers with their service record, and the hours to approve."""

from __future__ import annotations

import io
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taizhang.core import personal, printing, versions
from taizhang.core.access import access_record, can_write, reads_ledgers, require
from taizhang.core.forms import show_refusal
from taizhang.core.requests import AuthedRequest
from taizhang.core.views.records import record_context
from taizhang.volunteers import queries, services
from taizhang.volunteers.filters import CampaignFilter, VolunteerFilter
from taizhang.volunteers.forms import (
    AttendanceForm,
    CampaignForm,
    DataTaskForm,
    ReasonForm,
    ShiftForm,
    VisitForm,
)
from taizhang.volunteers.models import (
    ACTIVE_STATES,
    Campaign,
    ClaimState,
    HoursClaim,
    Participation,
    ParticipationState,
    Shift,
    Volunteer,
)
from taizhang.volunteers.views.public import shift_path

NAV = "volunteers"
PAGE_SIZE = 50


def campaign_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    campaigns = CampaignFilter(
        request.GET, queryset=Campaign.objects.for_user(request.user), request=request
    )
    rows = (
        campaigns.qs.select_related("unit")
        .annotate(
            n_shifts=Count("shifts", distinct=True),
            n_requested=Count(
                "shifts__participations",
                filter=Q(shifts__participations__state=ParticipationState.REQUESTED),
                distinct=True,
            ),
            n_confirmed=Count(
                "shifts__participations",
                filter=Q(shifts__participations__state=ParticipationState.CONFIRMED),
                distinct=True,
            ),
        )
        .order_by("-starts_on", "-pk")
    )
    page = printing.page_of(request, rows, PAGE_SIZE)
    return render(
        request,
        "volunteers/campaign_list.html",
        {
            "filter": campaigns,
            "page": page,
            "may_write": can_write(request.user),
            "active_nav": NAV,
        },
    )


def campaign_create(request: AuthedRequest) -> HttpResponse:
    require(can_write(request.user))
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            campaign = services.create_campaign(
                by=request.user, unit=data.pop("unit"), places=list(data.pop("places")), **data
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The campaign is open."))
            return redirect(campaign.get_absolute_url())
    return _form_page(request, form, _("New volunteer campaign"), "volunteers-campaign-list")


def campaign_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = access_record(Campaign, pk, request.user, write=True)
    form = CampaignForm(request.POST or None, user=request.user, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = versions.form_version(form)
        data.pop(versions.VERSION_FIELD, None)
        try:
            services.update_campaign(
                campaign,
                by=request.user,
                version=version,
                places=list(data.pop("places")),
                **data,
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(campaign.get_absolute_url())
    return _form_page(request, form, _("Edit the campaign"), "volunteers-campaign", campaign.pk)


@require_POST
def campaign_sign_up(request: AuthedRequest, pk: int, state: str) -> HttpResponse:
    """Close the public sign-up of a campaign, or open it again."""
    campaign = access_record(Campaign, pk, request.user, write=True)
    if state not in ("open", "closed"):
        raise Http404
    services.close_campaign(campaign, by=request.user, is_open=state == "open")
    if state == "open":
        messages.success(request, _("The public sign-up is open again."))
    else:
        messages.success(request, _("The public sign-up is closed."))
    return redirect(campaign.get_absolute_url())


def _form_page(
    request: AuthedRequest, form: Any, title: str, back: str, *args: Any, multipart: bool = False
) -> HttpResponse:
    from django.urls import reverse

    return render(
        request,
        "volunteers/form.html",
        {
            "form": form,
            "title": title,
            "back": reverse(back, args=args),
            "multipart": multipart,
            "active_nav": NAV,
        },
    )


def campaign_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = access_record(Campaign, pk, request.user)
    sign_ups = Participation.objects.for_user(request.user).select_related("volunteer__person")
    shifts = (
        Shift.objects.filter(campaign=campaign)
        .select_related("place")
        .prefetch_related(Prefetch("participations", queryset=sign_ups.order_by("requested_at")))
        .order_by("starts_at", "pk")
    )
    rows = []
    for shift in shifts:
        participations = list(shift.participations.all())
        for participation in participations:
            participation.phone_masked = personal.shown(  # type: ignore[attr-defined]
                participation.volunteer, "phone", request.user
            )
        confirmed = sum(p.state == ParticipationState.CONFIRMED for p in participations)
        active = sum(p.state in ACTIVE_STATES for p in participations)
        rows.append(
            {
                "shift": shift,
                "participations": participations,
                "confirmed": confirmed,
                "left": max(shift.cap - active, 0),
                "scan_path": shift_path(shift),
            }
        )
    visits = campaign.visits.select_related("household", "volunteer__person").order_by(
        "-visited_on", "-pk"
    )[:200]
    return render(
        request,
        "volunteers/campaign_detail.html",
        {
            "campaign": campaign,
            "places": campaign.places.order_by("code"),
            "rows": rows,
            "visits": visits,
            "visit_counts": campaign.visits.order_by().values("outcome").annotate(n=Count("pk")),
            "data_tasks": campaign.data_tasks.select_related("volunteer__person"),
            "letters": campaign.letter_campaigns.order_by("pk"),
            "may_write": can_write(request.user),
            "may_edit": can_write(request.user, campaign),
            "public_url": request.build_absolute_uri(campaign.public_path()),
            "active_nav": NAV,
            **record_context(request, campaign),
        },
    )


def _qr_response(data: str, fmt: str, name: str) -> HttpResponse:
    if fmt == "svg":
        image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=2)
        response = HttpResponse(image.to_string(encoding="unicode"), content_type="image/svg+xml")
    elif fmt == "png":
        buffer = io.BytesIO()
        qrcode.make(data, border=2, box_size=10).save(buffer, format="PNG")
        response = HttpResponse(buffer.getvalue(), content_type="image/png")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def campaign_qr(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    """The QR code of the campaign's public sign-up link, to download and share."""
    campaign = access_record(Campaign, pk, request.user)
    return _qr_response(
        request.build_absolute_uri(campaign.public_path()), fmt, f"campaign-{campaign.pk}"
    )


def shift_qr(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    """The QR code of a shift's check-in link (a signed token), to print at the place."""
    shift = access_record(Shift, pk, request.user)
    return _qr_response(request.build_absolute_uri(shift_path(shift)), fmt, f"shift-{shift.pk}")


def shift_create(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = access_record(Campaign, pk, request.user)
    require(can_write(request.user))
    form = ShiftForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_shift(campaign, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The shift is added."))
            return redirect(campaign.get_absolute_url())
    return _form_page(request, form, _("New shift"), "volunteers-campaign", campaign.pk)


@require_POST
def participation_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """Confirm, reject (with a reason), check in or check out a sign-up."""
    participation = access_record(Participation, pk, request.user)
    back = participation.shift.get_absolute_url()
    try:
        if action == "confirm":
            services.confirm(participation, by=request.user)
        elif action == "reject":
            form = ReasonForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.reject(participation, by=request.user, reason=reason)
        elif action in ("check-in", "check-out"):
            attendance = AttendanceForm(request.POST)
            moment = attendance.cleaned_data["at"] if attendance.is_valid() else None
            act = services.check_in if action == "check-in" else services.check_out
            act(participation, by=request.user, at=moment)
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect(back)


def visit_create(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = access_record(Campaign, pk, request.user)
    require(can_write(request.user))
    form = VisitForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_visit(campaign, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The visit is recorded."))
            return redirect(campaign.get_absolute_url() + "#visits")
    return _form_page(request, form, _("Record a visit"), "volunteers-campaign", campaign.pk)


def data_task_create(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = access_record(Campaign, pk, request.user)
    require(can_write(request.user))
    form = DataTaskForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_data_task(campaign, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The data task is recorded."))
            return redirect(campaign.get_absolute_url() + "#data")
    return _form_page(request, form, _("Record a data task"), "volunteers-campaign", campaign.pk)


def volunteer_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    volunteers = VolunteerFilter(
        request.GET, queryset=Volunteer.objects.for_user(request.user), request=request
    )
    rows = volunteers.qs.select_related("person__unit").order_by("number", "pk")
    page = printing.page_of(request, rows, PAGE_SIZE)
    for volunteer in page:
        volunteer.phone_masked = personal.shown(volunteer, "phone", request.user)
    return render(
        request,
        "volunteers/volunteer_list.html",
        {"filter": volunteers, "page": page, "active_nav": NAV},
    )


def volunteer_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """A volunteer's service record (志愿服务记录): basic data, service (shifts and hours),
    claims, training, awards, evaluations and certificates."""
    from taizhang.volunteers.views.certificates import CertificateForm
    from taizhang.volunteers.views.records import record_forms

    volunteer = access_record(Volunteer, pk, request.user)
    hours = queries.hours_of(volunteer)
    keeps_record = services.keeps_record_of(request.user, volunteer)
    return render(
        request,
        "volunteers/volunteer_detail.html",
        {
            "volunteer": volunteer,
            "phone": personal.shown(volunteer, "phone", request.user),
            "hours": hours,
            "services": volunteer.participations.select_related(
                "shift__campaign__unit", "shift__place"
            ).order_by("shift__starts_at"),
            "claims": volunteer.claims.select_related("campaign").order_by("starts_at"),
            "stars": queries.star_level(hours),
            "certificates": volunteer.certificates.select_related("unit"),
            "certificate_form": CertificateForm(user=request.user),
            "trainings": volunteer.trainings.all(),
            "awards": volunteer.awards.all(),
            "evaluations": volunteer.evaluations.select_related("unit"),
            "keeps_record": keeps_record,
            "record_forms": record_forms(request.user) if keeps_record else {},
            "may_write": can_write(request.user),
            "active_nav": NAV,
            **record_context(request, volunteer),
        },
    )


def claim_list(request: AuthedRequest) -> HttpResponse:
    """Hours volunteers reported as missing, waiting first."""
    require(reads_ledgers(request.user))
    rows = (
        HoursClaim.objects.for_user(request.user)
        .select_related("campaign", "volunteer__person")
        .order_by("-state", "-created_at", "-pk")
    )
    if request.GET.get("state") in ClaimState.values:
        rows = rows.filter(state=request.GET["state"])
    page = printing.page_of(request, rows, PAGE_SIZE)
    return render(
        request,
        "volunteers/claim_list.html",
        {"page": page, "may_write": can_write(request.user), "active_nav": NAV},
    )


@require_POST
def claim_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    claim = access_record(HoursClaim, pk, request.user)
    try:
        services.decide_claim(
            claim,
            by=request.user,
            approve=request.POST.get("approve") == "1",
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect("volunteers-claim-list")
