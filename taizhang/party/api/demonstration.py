"""The demonstration workflow in the API (百家示范党组织): rubrics and the measures an item may
be scored from, nominating, scoring from the records and by assessors, the public notice
(公示), naming the list and the yearly review. Reads start from `.for_user()`; writes call
the services of `services/demonstration.py`, which check access again; a refused change
answers 400 naming the field, with nothing written."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Schema, Status

from taizhang.core import modules
from taizhang.core.access import is_district_writer, reads_ledgers, require
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import RequiredText, Year, with_errors
from taizhang.party.api.common import WRITE_ERRORS, router
from taizhang.party.models import (
    AutoSource,
    Candidate,
    CandidateStatus,
    PartyOrg,
    PublicNotice,
    Rubric,
    RubricItem,
    Score,
)
from taizhang.party.schemas import PartyCandidateOut
from taizhang.party.services import demonstration


class PartyRubricItemIn(Schema):
    title: RequiredText = Field(max_length=200)
    weight: Decimal = Field(gt=0, le=100, max_digits=6, decimal_places=2)
    evidence_needed: str = Field("", max_length=300)
    auto_source: AutoSource = AutoSource.NONE
    measure: str = Field("", max_length=40, description="For members_measure: the key.")
    target: Decimal | None = Field(None, gt=0, max_digits=8, decimal_places=2)


class PartyRubricIn(Schema):
    year: Year
    title: RequiredText = Field(max_length=200)
    pass_mark: Decimal = Field(Decimal(85), ge=0, le=100, max_digits=6, decimal_places=2)
    items: list[PartyRubricItemIn] = Field(min_length=1, max_length=50)


class PartyRubricUpdateIn(Schema):
    title: RequiredText = Field(max_length=200)
    pass_mark: Decimal | None = Field(None, ge=0, le=100, max_digits=6, decimal_places=2)
    items: list[PartyRubricItemIn] = Field(min_length=1, max_length=50)


class PartyRubricItemOut(Schema):
    id: int
    order: int
    title: str
    weight: Decimal
    evidence_needed: str
    auto_source: str
    measure: str
    target: Decimal | None


class PartyRubricOut(Schema):
    id: int
    year: int
    title: str
    pass_mark: Decimal
    items: list[PartyRubricItemOut]


class PartyMeasureOut(Schema):
    key: str
    label: str
    unit: str


class PartyNominateIn(Schema):
    org_id: int
    year: Year


class PartyScoreIn(Schema):
    item_id: int
    points: Decimal = Field(ge=0, max_digits=6, decimal_places=2)
    evidence: RequiredText = Field(max_length=5000)


class PartyScoresIn(Schema):
    scores: list[PartyScoreIn] = Field(min_length=1, max_length=50)


class PartyScoreOut(Schema):
    item_id: int
    item: str = Field(alias="item.title")
    weight: Decimal = Field(alias="item.weight")
    points: Decimal
    evidence: str
    automatic: bool
    given_by: str | None = Field(None, alias="given_by.username")
    given_at: datetime.datetime


class PartyWithdrawScoreIn(Schema):
    reason: RequiredText = Field(max_length=2000)


class PartyReviewOut(Schema):
    year: int
    stars_before: int
    stars_after: int
    reason: str


class PartyCandidateDetailOut(PartyCandidateOut):
    scores: list[PartyScoreOut]
    reviews: list[PartyReviewOut]


class PartyReviewIn(Schema):
    year: Year
    stars: int = Field(ge=0, le=5)
    reason: RequiredText = Field(max_length=2000)


class PartyNoticeIn(Schema):
    year: Year
    starts_on: datetime.date
    ends_on: datetime.date
    text: str = Field("", max_length=5000)
    contact: str = Field("", max_length=300, description="Where and how to object.")
    candidate_ids: list[int] = Field(min_length=1, max_length=500)


class PartyNameListIn(Schema):
    withdrawn_ids: list[int] = Field([], max_length=500)


class PartyNoticeOut(Schema):
    id: int
    year: int
    starts_on: datetime.date
    ends_on: datetime.date
    days: int
    text: str
    contact: str
    named_on: datetime.date | None


def _item(data: PartyRubricItemIn) -> demonstration.ItemIn:
    return demonstration.ItemIn(
        title=data.title,
        weight=data.weight,
        evidence_needed=data.evidence_needed,
        auto_source=data.auto_source,
        measure=data.measure,
        target=data.target,
    )


def _rubrics() -> Any:
    return Rubric.objects.prefetch_related("items").order_by("-year")


def _candidate(request: AuthedRequest, candidate_id: int) -> Candidate:
    return get_object_or_404(
        Candidate.objects.for_user(request.user).select_related("org"), pk=candidate_id
    )


def _detail(candidate: Candidate) -> Candidate:
    return (
        Candidate.objects.select_related("org")
        .prefetch_related("scores__item", "scores__given_by", "reviews")
        .get(pk=candidate.pk)
    )


@router.get("/party/measures", response=with_errors({200: list[PartyMeasureOut]}))
def list_measures(request: AuthedRequest) -> Any:
    """The measures of the members' records a rubric item may be scored from (those of the
    modules installed)."""
    require(reads_ledgers(request.user))
    return [
        {"key": key, "label": str(measure.label), "unit": str(measure.unit)}
        for key, measure in modules.people_measures().items()
    ]


@router.get("/party/rubrics", response=with_errors({200: list[PartyRubricOut]}))
def list_rubrics(request: AuthedRequest) -> Any:
    """Every year's rubric with its items (two queries)."""
    require(reads_ledgers(request.user))
    return _rubrics()


@router.get("/party/rubrics/{rubric_id}", response=with_errors({200: PartyRubricOut}, 404))
def get_rubric(request: AuthedRequest, rubric_id: int) -> Any:
    """One year's rubric with its items."""
    require(reads_ledgers(request.user))
    return get_object_or_404(_rubrics(), pk=rubric_id)


@router.post("/party/rubrics", response=with_errors({201: PartyRubricOut}, *WRITE_ERRORS))
def create_rubric(request: AuthedRequest, payload: PartyRubricIn) -> Any:
    """A year's rubric; the weights add up to 100."""
    rubric = demonstration.create_rubric(
        by=request.user,
        year=payload.year,
        title=payload.title,
        items=[_item(item) for item in payload.items],
        pass_mark=payload.pass_mark,
    )
    return Status(201, _rubrics().get(pk=rubric.pk))


@router.put(
    "/party/rubrics/{rubric_id}", response=with_errors({200: PartyRubricOut}, *WRITE_ERRORS)
)
def update_rubric(request: AuthedRequest, rubric_id: int, payload: PartyRubricUpdateIn) -> Any:
    """Rewrite a rubric's items, while no candidate has been scored with it."""
    require(is_district_writer(request.user))
    rubric = get_object_or_404(Rubric, pk=rubric_id)
    demonstration.update_rubric(
        rubric,
        by=request.user,
        title=payload.title,
        items=[_item(item) for item in payload.items],
        pass_mark=payload.pass_mark,
    )
    return _rubrics().get(pk=rubric.pk)


@router.post("/party/candidates", response=with_errors({201: PartyCandidateOut}, *WRITE_ERRORS))
def nominate(request: AuthedRequest, payload: PartyNominateIn) -> Any:
    """Recommend an organisation for a year's list: its superior organisation's unit."""
    org = get_object_or_404(PartyOrg.objects.for_user(request.user), pk=payload.org_id)
    candidate = demonstration.nominate(org, by=request.user, year=payload.year)
    return Status(201, candidate)


@router.get(
    "/party/candidates/{candidate_id}", response=with_errors({200: PartyCandidateDetailOut}, 404)
)
def get_candidate(request: AuthedRequest, candidate_id: int) -> Any:
    """A candidate with its scores (evidence, who gave them) and its yearly reviews."""
    return _detail(_candidate(request, candidate_id))


@router.post(
    "/party/candidates/{candidate_id}/auto-score",
    response=with_errors({200: PartyCandidateDetailOut}, *WRITE_ERRORS),
)
def auto_score(request: AuthedRequest, candidate_id: int) -> Any:
    """Score the items the records tell."""
    candidate = _candidate(request, candidate_id)
    demonstration.auto_score(candidate, by=request.user)
    return _detail(candidate)


@router.post(
    "/party/candidates/{candidate_id}/scores",
    response=with_errors({200: PartyCandidateDetailOut}, *WRITE_ERRORS),
)
def score(request: AuthedRequest, candidate_id: int, payload: PartyScoresIn) -> Any:
    """An assessor's scores of items scored by assessors (each within the item's weight, with
    its evidence); one refused refuses them all."""
    candidate = _candidate(request, candidate_id)
    require(is_district_writer(request.user))
    items = RubricItem.objects.filter(rubric__year=candidate.year).in_bulk(
        [entry.item_id for entry in payload.scores]
    )
    if any(entry.item_id not in items for entry in payload.scores):
        raise Http404
    demonstration.score_items(
        candidate,
        [(items[entry.item_id], entry.points, entry.evidence) for entry in payload.scores],
        by=request.user,
    )
    return _detail(candidate)


@router.post(
    "/party/candidates/{candidate_id}/scores/{item_id}/withdraw",
    response=with_errors({200: PartyCandidateDetailOut}, *WRITE_ERRORS),
)
def withdraw_score(
    request: AuthedRequest, candidate_id: int, item_id: int, payload: PartyWithdrawScoreIn
) -> Any:
    """An assessor clears a score they gave, with the reason, before the year's public
    notice starts (someone else's score, or one from the records: 403)."""
    candidate = _candidate(request, candidate_id)
    require(is_district_writer(request.user))
    score = get_object_or_404(Score, candidate=candidate, item_id=item_id)
    demonstration.withdraw_score(score, by=request.user, reason=payload.reason)
    return _detail(candidate)


@router.post(
    "/party/candidates/{candidate_id}/reviews",
    response=with_errors({201: PartyCandidateDetailOut}, *WRITE_ERRORS),
)
def review(request: AuthedRequest, candidate_id: int, payload: PartyReviewIn) -> Any:
    """The yearly review of a named organisation's stars, with the reason."""
    candidate = _candidate(request, candidate_id)
    demonstration.review_stars(
        candidate, by=request.user, year=payload.year, stars=payload.stars, reason=payload.reason
    )
    return Status(201, _detail(candidate))


@router.get("/party/notices", response=with_errors({200: list[PartyNoticeOut]}))
def list_notices(request: AuthedRequest) -> Any:
    """Every year's public notice (公示), newest first."""
    require(reads_ledgers(request.user))
    return PublicNotice.objects.order_by("-year")


@router.post("/party/notices", response=with_errors({201: PartyNoticeOut}, *WRITE_ERRORS))
def open_notice(request: AuthedRequest, payload: PartyNoticeIn) -> Any:
    """Open the year's public notice (at least five days) of the nominees chosen."""
    require(is_district_writer(request.user))
    candidates = Candidate.objects.select_related("org").in_bulk(payload.candidate_ids)
    if len(candidates) != len(set(payload.candidate_ids)):
        raise Http404
    notice = demonstration.open_notice(
        by=request.user,
        year=payload.year,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        candidates=list(candidates.values()),
        text=payload.text,
        contact=payload.contact,
    )
    return Status(201, notice)


@router.post(
    "/party/notices/{notice_id}/name", response=with_errors({200: PartyNoticeOut}, *WRITE_ERRORS)
)
def name_list(request: AuthedRequest, notice_id: int, payload: PartyNameListIn) -> Any:
    """Name the list once the notice is over, less those withdrawn after objections."""
    require(is_district_writer(request.user))
    notice = get_object_or_404(PublicNotice, pk=notice_id)
    withdrawn = Candidate.objects.filter(
        year=notice.year, status=CandidateStatus.PUBLICISED, pk__in=payload.withdrawn_ids
    )
    if withdrawn.count() != len(set(payload.withdrawn_ids)):
        raise Http404
    demonstration.name_list(notice, by=request.user, withdrawn=withdrawn)
    notice.refresh_from_db()
    return notice
