"""The pages of responsibility letters (责任书): the campaigns with their computed completion
rates, a campaign's target list (and its reminder list of pending targets) with rates by
community and team, a target to mark signed (with the photo or scan) or refused; and the
dashboard of the module."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from taizhang.core import printing
from taizhang.core.access import access_record, can_write, reads_ledgers, require
from taizhang.core.forms import show_refusal
from taizhang.core.requests import AuthedRequest
from taizhang.core.views.records import record_context
from taizhang.lib import clock
from taizhang.volunteers import queries, services
from taizhang.volunteers.filters import TargetFilter
from taizhang.volunteers.forms import LetterCampaignForm, RefuseForm, SignForm, TargetForm
from taizhang.volunteers.models import LetterCampaign, LetterTarget, TargetState
from taizhang.volunteers.views.campaigns import NAV, PAGE_SIZE, _form_page


def _year(request: AuthedRequest) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return clock.today().year


def letters_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    year = _year(request)
    return render(
        request,
        "volunteers/letters_list.html",
        {
            "rows": queries.letter_rows(request.user, year=year),
            "year": year,
            "may_write": can_write(request.user),
            "active_nav": NAV,
        },
    )


def letters_create(request: AuthedRequest) -> HttpResponse:
    require(can_write(request.user))
    form = LetterCampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            letters = services.create_letter_campaign(
                by=request.user, unit=data.pop("unit"), places=list(data.pop("places")), **data
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The letter campaign is open."))
            return redirect(letters.get_absolute_url())
    return _form_page(request, form, _("New letter campaign"), "volunteers-letters-list")


def letters_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    letters = access_record(LetterCampaign, pk, request.user)
    found = TargetFilter(
        request.GET,
        queryset=LetterTarget.objects.for_user(request.user).filter(letter_campaign=letters),
        request=request,
    )
    targets = found.qs.select_related(
        "community", "organisation", "household", "team", "volunteer__person"
    ).order_by("community__code", "team__name", "pk")
    page = printing.page_of(request, targets, PAGE_SIZE)
    rows = queries.letter_rows(request.user, year=letters.starts_on.year)
    row = next((r for r in rows if r.pk == letters.pk), None)
    return render(
        request,
        "volunteers/letters_detail.html",
        {
            "letters": letters,
            "row": row,
            "page": page,
            "filter": found,
            "pending_only": request.GET.get("state") == TargetState.PENDING,
            "by_community": queries.letter_rates_by(request.user, letters, "community__name"),
            "by_team": queries.letter_rates_by(request.user, letters, "team__name"),
            "may_write": can_write(request.user),
            "active_nav": NAV,
            **record_context(request, letters),
        },
    )


def target_create(request: AuthedRequest, pk: int) -> HttpResponse:
    letters = access_record(LetterCampaign, pk, request.user)
    require(can_write(request.user))
    form = TargetForm(request.POST or None, letters=letters, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_target(letters, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The target is added."))
            return redirect(letters.get_absolute_url())
    return _form_page(request, form, _("New target"), "volunteers-letters", letters.pk)


def target_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """A target: its state, and the forms to mark it signed (date, who signed, the photo or
    scan) or refused (the reason)."""
    target = access_record(LetterTarget, pk, request.user)
    sign_form = SignForm(
        request.POST if request.POST.get("action") == "sign" else None,
        request.FILES or None,
        initial={"signed_on": clock.today()},
    )
    refuse_form = RefuseForm(request.POST if request.POST.get("action") == "refuse" else None)
    if request.method == "POST":
        require(can_write(request.user))
        try:
            if request.POST.get("action") == "sign" and sign_form.is_valid():
                services.sign_target(target, by=request.user, **sign_form.cleaned_data)
                messages.success(request, _("The letter is recorded as signed."))
                return redirect(target.letter_campaign.get_absolute_url())
            if request.POST.get("action") == "refuse" and refuse_form.is_valid():
                services.refuse_target(
                    target, by=request.user, reason=refuse_form.cleaned_data["refusal_reason"]
                )
                messages.success(request, _("The refusal is recorded."))
                return redirect(target.letter_campaign.get_absolute_url())
        except ValidationError as error:
            show_refusal(sign_form if request.POST.get("action") == "sign" else refuse_form, error)
    return render(
        request,
        "volunteers/target_detail.html",
        {
            "target": target,
            "letters": target.letter_campaign,
            "sign_form": sign_form,
            "refuse_form": refuse_form,
            "signed": target.state == TargetState.SIGNED,
            "active_nav": NAV,
            **record_context(request, target),
        },
    )


def dashboard(request: AuthedRequest) -> HttpResponse:
    """The year's volunteers, hours, shifts filled, letters signed by community and the
    ranking by hours; each figure opens its list."""
    require(reads_ledgers(request.user))
    year = _year(request)
    figures = queries.figures(request.user, year=year)
    communities = queries.letters_by_community(request.user, year=year)
    ranking = queries.ranking(request.user, year=year)
    return render(
        request,
        "volunteers/dashboard.html",
        {
            "year": year,
            "figures": figures,
            "communities": communities,
            "ranking": ranking,
            "letters": queries.letter_rows(request.user, year=year),
            "active_nav": NAV,
        },
    )
