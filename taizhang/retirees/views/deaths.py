"""Deaths (死亡报告): the list, reporting a death with its evidence, one report with its
survivors' claims, and its 死亡信息反馈单 (.docx) for the social insurance agency."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taizhang.core import personal, printing
from taizhang.core.access import (
    access_record,
    may_reveal_personal_data,
    reads_ledgers,
    require,
)
from taizhang.core.requests import AuthedRequest
from taizhang.core.views.records import record_context
from taizhang.retirees.forms import ClaimAdvanceForm, ClaimForm, DeathForm
from taizhang.retirees.models import DeathReport, Retiree, SurvivorClaim
from taizhang.retirees.services import deaths as services
from taizhang.retirees.views.common import PAGE_SIZE, form_page, page, refused

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def death_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    rows = (
        DeathReport.objects.for_user(request.user)
        .select_related("retiree__person__unit")
        .order_by("-died_on", "-pk")
    )
    return page(
        request, "retirees/death_list.html", {"page": printing.page_of(request, rows, PAGE_SIZE)}
    )


def death_create(request: AuthedRequest, pk: int) -> HttpResponse:
    retiree = access_record(Retiree, pk, request.user, write=True)
    form = DeathForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_death(retiree, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refused(request, form, error)
        else:
            messages.success(request, _("Death recorded."))
            return redirect(report)
    return form_page(
        request,
        form,
        title=_("Report the death of %(name)s") % {"name": retiree.person.name},
        cancel=retiree.get_absolute_url(),
        multipart=True,
    )


def death_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    report = access_record(DeathReport, pk, request.user)
    retiree = report.retiree
    return page(
        request,
        "retirees/death_detail.html",
        {
            "report": report,
            "retiree": retiree,
            "id_number": personal.shown(retiree.person, "id_number", request.user),
            "may_reveal": may_reveal_personal_data(request.user, retiree),
            "claims": report.claims.all(),
            "claim_form": ClaimForm(),
            "advance_form": ClaimAdvanceForm(),
            **record_context(request, report),
        },
    )


def feedback_form(request: AuthedRequest, pk: int) -> HttpResponse:
    report = access_record(DeathReport, pk, request.user)
    response = HttpResponse(services.feedback_form(report, request.user), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="death-feedback-{report.pk}.docx"'
    return response


@require_POST
def feedback_form_in_full(request: AuthedRequest, pk: int) -> HttpResponse:
    """The form with both numbers in full, for whoever may see them and says why (recorded)."""
    report = access_record(DeathReport, pk, request.user)
    try:
        content = services.feedback_form_in_full(
            report, by=request.user, reason=request.POST.get("reason", ""), request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(report.get_absolute_url())
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="death-feedback-{report.pk}-full.docx"'
    return response


@require_POST
def claim_create(request: AuthedRequest, pk: int) -> HttpResponse:
    report = access_record(DeathReport, pk, request.user, write=True)
    form = ClaimForm(request.POST)
    if form.is_valid():
        try:
            services.open_claim(report, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refused(request, form, error)
        else:
            messages.success(request, _("Claim recorded."))
    else:
        messages.error(request, _("The claim is incomplete."))
    return redirect(report)


@require_POST
def claim_advance(request: AuthedRequest, pk: int) -> HttpResponse:
    claim = access_record(SurvivorClaim, pk, request.user, write=True)
    form = ClaimAdvanceForm(request.POST)
    if form.is_valid():
        try:
            services.advance_claim(claim, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refused(request, form, error)
        else:
            messages.success(request, _("Claim updated."))
    else:
        messages.error(request, _("Choose the new status and its date."))
    return redirect(claim.death)


urlpatterns = [
    path("deaths/", death_list, name="retirees-deaths"),
    path("deaths/<int:pk>/", death_detail, name="retirees-death"),
    path("deaths/<int:pk>/feedback.docx", feedback_form, name="retirees-death-form"),
    path(
        "deaths/<int:pk>/feedback-full.docx",
        feedback_form_in_full,
        name="retirees-death-form-full",
    ),
    path("deaths/<int:pk>/claims/", claim_create, name="retirees-claim-create"),
    path("claims/<int:pk>/advance/", claim_advance, name="retirees-claim-advance"),
    path("<int:pk>/death/", death_create, name="retirees-death-create"),
]
