"""The demonstration workflow's pages (百家示范党组织): rubrics and their items, nominating a
candidate, scoring it from the records and by assessors, the public notice (公示), naming
the list once it is over and the yearly review of stars. Every write calls a service of
`services/demonstration.py`, which checks access again."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taizhang.core.access import (
    access_record,
    is_district_writer,
    reads_ledgers,
    require,
    writable_units,
)
from taizhang.core.forms import show_refusal
from taizhang.core.models import Attachment, Unit, User
from taizhang.core.requests import AuthedRequest
from taizhang.lib import clock
from taizhang.party.forms.demonstration import (
    NameListForm,
    NominateForm,
    NoticeForm,
    ReviewForm,
    RubricForm,
    ScoreForm,
    WithdrawScoreForm,
    item_initial,
)
from taizhang.party.models import (
    MIN_NOTICE_DAYS,
    AutoSource,
    Candidate,
    CandidateStatus,
    PartyOrg,
    PublicNotice,
    Rubric,
    Score,
)
from taizhang.party.services import demonstration
from taizhang.party.views.common import form_page

NAV = "party"


def rubric_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    rubrics = Rubric.objects.prefetch_related("items").order_by("-year")
    return render(
        request,
        "party/rubric_list.html",
        {
            "rubrics": rubrics,
            "may_write": is_district_writer(request.user),
            "active_nav": NAV,
        },
    )


def rubric_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(reads_ledgers(request.user))
    rubric = get_object_or_404(Rubric, pk=pk)
    return render(
        request,
        "party/rubric_detail.html",
        {
            "rubric": rubric,
            "items": rubric.items.order_by("order", "pk"),
            "in_use": demonstration.is_in_use(rubric),
            "may_write": is_district_writer(request.user),
            "active_nav": NAV,
        },
    )


def rubric_create(request: AuthedRequest) -> HttpResponse:
    """A year's rubric, offered with the default items to change."""
    require(is_district_writer(request.user))
    year = clock.today().year
    form = RubricForm(
        request.POST or None,
        items=[item_initial(item) for item in demonstration.DEFAULT_ITEMS],
        fixed_year=False,
        initial={
            "year": year,
            "title": _("%(year)s demonstration party organisations: scoring rubric")
            % {"year": year},
            "pass_mark": 85,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rubric = demonstration.create_rubric(
                by=request.user,
                year=data["year"],
                title=data["title"],
                items=data["items"],
                pass_mark=data["pass_mark"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The rubric is saved."))
            return redirect("party-rubric", rubric.pk)
    return render(
        request,
        "party/rubric_form.html",
        {"form": form, "rubric": None, "active_nav": NAV},
    )


def rubric_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Rewrite a rubric's items while no candidate has been scored with it."""
    require(is_district_writer(request.user))
    rubric = get_object_or_404(Rubric, pk=pk)
    in_use = demonstration.is_in_use(rubric)
    form = RubricForm(
        request.POST or None,
        items=[item_initial(item) for item in rubric.items.order_by("order", "pk")],
        fixed_year=True,
        initial={"year": rubric.year, "title": rubric.title, "pass_mark": rubric.pass_mark},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            demonstration.update_rubric(
                rubric,
                by=request.user,
                title=data["title"],
                items=data["items"],
                pass_mark=data["pass_mark"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The rubric is saved."))
            return redirect("party-rubric", rubric.pk)
    return render(
        request,
        "party/rubric_form.html",
        {"form": form, "rubric": rubric, "in_use": in_use, "active_nav": NAV},
    )


def nominable_orgs(user: User) -> QuerySet[PartyOrg]:
    """The organisations `user` may recommend: those whose superior serves a unit the user
    writes for (any organisation without a superior, for the district's writers)."""
    units = writable_units(user, Unit.objects.all())
    orgs = PartyOrg.objects.filter(parent__unit__in=units)
    if is_district_writer(user):
        orgs = PartyOrg.objects.all()
    return orgs.select_related("unit").order_by("unit__path", "name", "pk")


def candidate_nominate(request: AuthedRequest) -> HttpResponse:
    """Recommend an organisation for a year's list (推荐), by its superior organisation."""
    require(reads_ledgers(request.user))
    orgs = nominable_orgs(request.user)
    require(orgs.exists())
    form = NominateForm(
        request.POST or None,
        orgs=orgs,
        initial={"year": clock.today().year, "org": request.GET.get("org")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            candidate = demonstration.nominate(
                form.cleaned_data["org"], by=request.user, year=form.cleaned_data["year"]
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The organisation is nominated."))
            return redirect(candidate)
    return render(request, "party/candidate_form.html", {"form": form, "active_nav": NAV})


@require_POST
def candidate_auto_score(request: AuthedRequest, pk: int) -> HttpResponse:
    """Score the items the records tell (自动评分), again if need be while it is open."""
    candidate = access_record(Candidate, pk, request.user)
    require(is_district_writer(request.user))
    try:
        demonstration.auto_score(candidate, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The items scored from the records are scored."))
    return redirect(candidate)


def candidate_score(request: AuthedRequest, pk: int) -> HttpResponse:
    """An assessor scores the items the records do not tell, with evidence and a file."""
    candidate = access_record(Candidate, pk, request.user)
    require(is_district_writer(request.user))
    rubric = Rubric.objects.filter(year=candidate.year).first()
    items = (
        list(rubric.items.filter(auto_source=AutoSource.NONE).order_by("order", "pk"))
        if rubric
        else []
    )
    scores = {score.item_id: score for score in candidate.scores.all()}
    form = ScoreForm(request.POST or None, request.FILES or None, items=items, scores=scores)
    if request.method == "POST" and form.is_valid():
        try:
            demonstration.score_items(
                candidate, form.scored(), by=request.user, attachments=form.evidence_files()
            )
        except ValidationError as error:
            _score_errors(form, error, form.scored())
        else:
            messages.success(request, _("The scores are saved."))
            return redirect(candidate)
    return render(
        request,
        "party/score_form.html",
        {
            "candidate": candidate,
            "form": form,
            "rubric": rubric,
            "open": candidate.status == CandidateStatus.NOMINATED,
            "active_nav": NAV,
        },
    )


def score_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    """An assessor clears a score they gave (撤回评分), with the reason, before the year's
    public notice starts; the item is then unscored and may be scored again."""
    score = access_record(Score, pk, request.user)
    require(is_district_writer(request.user) and demonstration.gave(request.user, score))
    candidate = score.candidate
    form = WithdrawScoreForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            demonstration.withdraw_score(score, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The score is withdrawn."))
            return redirect(candidate)
    return form_page(
        request,
        form,
        title=_("Withdraw a score"),
        subtitle=f"{candidate.org.name} · {score.item.title}: {score.points} / {score.item.weight}",
        cancel=candidate.get_absolute_url(),
    )


def _score_errors(form: ScoreForm, error: ValidationError, scored: list[Any]) -> None:
    """A refused score's message beside the item's points when it names the points."""
    messages_by_field = error.message_dict if hasattr(error, "error_dict") else {}
    for field, errors in messages_by_field.items():
        named = [
            f"{field}_{item.pk}"
            for item, _points, _evidence in scored
            if any(item.title in message for message in errors)
        ]
        target = named[0] if named and named[0] in form.fields else None
        form.add_error(target, errors)
    if not messages_by_field:
        form.add_error(None, error)


def score_files(candidate: Candidate) -> dict[int, list[Attachment]]:
    """The files of evidence of a candidate's scores, by score (one query)."""
    files: dict[int, list[Attachment]] = defaultdict(list)
    ids = [str(pk) for pk in candidate.scores.values_list("pk", flat=True)]
    for attachment in Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(Score),
        object_id__in=ids,
        removed_at__isnull=True,
    ).order_by("pk"):
        files[int(attachment.object_id)].append(attachment)
    return files


def candidate_context(request: AuthedRequest, candidate: Candidate) -> dict[str, Any]:
    """What the candidate page adds for the workflow: its scores with their files of evidence
    and what the user may do next."""
    assessor = is_district_writer(request.user)
    files = score_files(candidate)
    scores = list(candidate.scores.select_related("item", "given_by").order_by("item__order", "pk"))
    withdrawable = (
        assessor
        and candidate.status == CandidateStatus.NOMINATED
        and not demonstration.notice_started(candidate.year, clock.today())
    )
    for score in scores:
        score.files = files.get(score.pk, [])  # type: ignore[attr-defined]
        score.may_withdraw = withdrawable and demonstration.gave(request.user, score)  # type: ignore[attr-defined]
    return {
        "scores": scores,
        "may_score": assessor and candidate.status == CandidateStatus.NOMINATED,
        "may_review": assessor and candidate.status == CandidateStatus.NAMED,
    }


def candidate_review(request: AuthedRequest, pk: int) -> HttpResponse:
    """The yearly review of a named organisation: stars raised, kept or lowered."""
    candidate = access_record(Candidate, pk, request.user)
    require(is_district_writer(request.user))
    form = ReviewForm(
        request.POST or None,
        initial={"year": clock.today().year, "stars": candidate.stars},
    )
    if request.method == "POST" and form.is_valid():
        try:
            demonstration.review_stars(candidate, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The review is recorded."))
            return redirect(candidate)
    return render(
        request,
        "party/review_form.html",
        {"candidate": candidate, "form": form, "active_nav": NAV},
    )


def notice_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    return render(
        request,
        "party/notice_list.html",
        {
            "notices": PublicNotice.objects.order_by("-year"),
            "may_write": is_district_writer(request.user),
            "active_nav": NAV,
        },
    )


def _nominees(year: int) -> QuerySet[Candidate]:
    return (
        Candidate.objects.filter(year=year, status=CandidateStatus.NOMINATED)
        .select_related("org")
        .order_by("-total", "pk")
    )


def notice_create(request: AuthedRequest) -> HttpResponse:
    """Open the year's public notice (公示) of at least five days, with the organisations
    on the list."""
    require(is_district_writer(request.user))
    try:
        year = int(request.GET.get("year") or clock.today().year)
    except ValueError:
        year = clock.today().year
    today = clock.today()
    form = NoticeForm(
        request.POST or None,
        candidates=_nominees(year),
        initial={
            "starts_on": today,
            "ends_on": today + datetime.timedelta(days=MIN_NOTICE_DAYS + 1),
            "text": _("%(year)s demonstration party organisations: the list for public notice")
            % {"year": year},
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice = demonstration.open_notice(
                by=request.user,
                year=year,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                candidates=data["candidates"],
                text=data["text"],
                contact=data["contact"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The public notice is open."))
            return redirect("party-notice", notice.pk)
    return render(
        request,
        "party/notice_form.html",
        {"form": form, "year": year, "active_nav": NAV},
    )


def notice_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(reads_ledgers(request.user))
    notice = get_object_or_404(PublicNotice, pk=pk)
    listed = (
        Candidate.objects.for_user(request.user)
        .filter(year=notice.year)
        .exclude(status=CandidateStatus.NOMINATED)
        .select_related("org__unit")
        .order_by("-total", "pk")
    )
    publicised = Candidate.objects.filter(
        year=notice.year, status=CandidateStatus.PUBLICISED
    ).select_related("org")
    may_name = is_district_writer(request.user) and notice.named_on is None
    return render(
        request,
        "party/notice_detail.html",
        {
            "notice": notice,
            "listed": listed,
            "form": NameListForm(candidates=publicised) if may_name else None,
            "is_over": clock.today() > notice.ends_on,
            "is_running": notice.is_running(clock.today()),
            "active_nav": NAV,
        },
    )


@require_POST
def notice_name(request: AuthedRequest, pk: int) -> HttpResponse:
    """Name the list once the notice is over (命名), less those withdrawn."""
    require(is_district_writer(request.user))
    notice = get_object_or_404(PublicNotice, pk=pk)
    publicised = Candidate.objects.filter(year=notice.year, status=CandidateStatus.PUBLICISED)
    form = NameListForm(request.POST, candidates=publicised)
    if form.is_valid():
        try:
            named = demonstration.name_list(
                notice, by=request.user, withdrawn=form.cleaned_data["withdrawn"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(count)d organisations are named.") % {"count": len(named)}
            )
    else:
        messages.error(request, _("Choose the organisations withdrawn from the list."))
    return redirect(reverse("party-notice", args=[notice.pk]))


urlpatterns: list[URLPattern] = [
    path("rubrics/", rubric_list, name="party-rubric-list"),
    path("rubrics/new/", rubric_create, name="party-rubric-create"),
    path("rubrics/<int:pk>/", rubric_detail, name="party-rubric"),
    path("rubrics/<int:pk>/edit/", rubric_edit, name="party-rubric-edit"),
    path("candidates/new/", candidate_nominate, name="party-candidate-nominate"),
    path("candidates/<int:pk>/auto-score/", candidate_auto_score, name="party-candidate-auto"),
    path("candidates/<int:pk>/score/", candidate_score, name="party-candidate-score"),
    path("candidates/<int:pk>/review/", candidate_review, name="party-candidate-review"),
    path("scores/<int:pk>/withdraw/", score_withdraw, name="party-score-withdraw"),
    path("notices/", notice_list, name="party-notice-list"),
    path("notices/new/", notice_create, name="party-notice-create"),
    path("notices/<int:pk>/", notice_detail, name="party-notice"),
    path("notices/<int:pk>/name/", notice_name, name="party-notice-name"),
]
