"""Demonstration party organisations (百家示范党组织): the year's rubric as data, candidates,
scores from the records and from assessors, the 5-day public notice (公示), naming and the
yearly review of stars."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import (
    SYSTEM,
    is_district_writer,
    require_person_or_system,
    writes_for,
)
from taizhang.core.models import User
from taizhang.lib import clock
from taizhang.party import compliance
from taizhang.party.models import (
    AutoSource,
    Candidate,
    CandidateStatus,
    Milestone,
    PartyOrg,
    PublicNotice,
    Rubric,
    RubricItem,
    Score,
    StarReview,
)

CENT = Decimal("0.01")


@dataclass(frozen=True)
class ItemIn:
    title: str
    weight: Decimal
    evidence_needed: str = ""
    auto_source: str = AutoSource.NONE


# The default rubric: 100 points, two items scored from the records.
DEFAULT_ITEMS: tuple[ItemIn, ...] = (
    ItemIn("组织生活规范", Decimal(25), "三会一课、主题党日记录", AutoSource.MEETING_COMPLIANCE),
    ItemIn("百项行动节点完成", Decimal(20), "节点佐证材料", AutoSource.MILESTONES_MET),
    ItemIn("班子队伍建设", Decimal(15), "班子名单、述职报告"),
    ItemIn("理论学习（1+1+1 学习模式）", Decimal(15), "学习记录、心得体会"),
    ItemIn("服务群众与志愿服务", Decimal(15), "服务台账、照片"),
    ItemIn("阵地建设与群众满意度", Decimal(10), "测评表"),
)  # fmt: skip
# Stars a named organisation starts with, by total score (highest first).
STARS_BY_TOTAL = ((Decimal(95), 5), (Decimal(90), 4), (Decimal(85), 3), (Decimal(0), 2))


@transaction.atomic
def create_rubric(
    *, by: User | None, year: int, title: str, items: Sequence[ItemIn] = DEFAULT_ITEMS
) -> Rubric:
    """The year's rubric: its items' weights add up to 100 points."""
    require_person_or_system(by, is_district_writer(by))
    total = sum((item.weight for item in items), Decimal(0))
    if total != 100:
        raise ValidationError({"items": _("The weights add up to %(total)s, not 100.") % {
            "total": total}})  # fmt: skip
    rubric = Rubric(year=year, title=title.strip())
    rubric.full_clean()
    rubric.save()
    for order, item in enumerate(items, start=1):
        record = RubricItem(
            rubric=rubric,
            order=order,
            title=item.title,
            weight=item.weight,
            evidence_needed=item.evidence_needed,
            auto_source=item.auto_source,
        )
        record.full_clean()
        record.save()
    audit.record_create(rubric, by=by)
    return rubric


@transaction.atomic
def nominate(org: PartyOrg, *, by: User | None, year: int, is_demo: bool = False) -> Candidate:
    """Nominate an organisation for the year's list (推荐): its own or a superior unit's
    writers."""
    require_person_or_system(by, writes_for(by, org.unit))
    candidate = Candidate(year=year, org=org, is_demo=is_demo)
    candidate.full_clean()
    candidate.save()
    audit.record_create(candidate, by=by)
    return candidate


def _orgs_below(org: PartyOrg) -> list[int]:
    """The organisation and every one below it (by the units they serve and their parents)."""
    ids = {org.pk}
    frontier = [org.pk]
    while frontier:
        frontier = list(
            PartyOrg.objects.filter(parent__in=frontier)
            .exclude(pk__in=ids)
            .values_list("pk", flat=True)
        )
        ids.update(frontier)
    return sorted(ids)


def _points(weight: Decimal, share: float | None) -> Decimal:
    return (weight * Decimal(str(share or 0))).quantize(CENT, rounding=ROUND_HALF_UP)


def auto_evidence(
    item: RubricItem, candidate: Candidate, today: datetime.date
) -> tuple[Decimal, str]:
    """The points and evidence the records give an item: the share of required meetings
    held in the year by the organisation and those below it, or the share of the year's
    milestones of their action projects met by their due day."""
    orgs = _orgs_below(candidate.org)
    year = candidate.year
    if item.auto_source == AutoSource.MEETING_COMPLIANCE:
        summary = compliance.overall(
            compliance.compliance(PartyOrg.objects.filter(pk__in=orgs), year, today).values()
        )
        evidence = _(
            "%(done)d of %(required)d required meetings held (%(late)d late, %(missed)d "
            "missed, %(quorum)d without quorum)."
        ) % {
            "done": summary.held + summary.late,
            "required": summary.required,
            "late": summary.late,
            "missed": summary.missed,
            "quorum": summary.without_quorum,
        }
        return _points(item.weight, summary.share), evidence
    due = Milestone.objects.filter(project__party_org__in=orgs, due_on__year=year, due_on__lt=today)
    total = due.count()
    met = due.filter(done_on__isnull=False, done_on__lte=F("due_on")).count()
    evidence = _("%(met)d of %(total)d milestones due met on time.") % {
        "met": met,
        "total": total,
    }
    return _points(item.weight, met / total if total else 0), evidence


def _set_score(
    candidate: Candidate,
    item: RubricItem,
    *,
    by: User | None,
    points: Decimal,
    evidence: str,
    automatic: bool,
    retotal: bool = True,
) -> Score:
    score = Score.objects.filter(candidate=candidate, item=item).first()
    before = audit.snapshot(score) if score else None
    score = score or Score(candidate=candidate, item=item)
    score.points = points
    score.evidence = evidence.strip()
    score.automatic = automatic
    score.given_by = None if automatic else by
    score.given_at = clock.now()
    score.full_clean()
    score.save()
    if before is None:
        audit.record_create(score, by=by)
    else:
        audit.record_update(score, before, by=by)
    if retotal:
        _retotal(candidate, by=by)
    return score


def _retotal(candidate: Candidate, *, by: User | None) -> None:
    before = audit.snapshot(candidate)
    candidate.total = candidate.scores.aggregate(total=Sum("points"))["total"] or Decimal(0)
    candidate.save(update_fields=["total"])
    audit.record_update(candidate, before, by=by)


def _rubric_of(candidate: Candidate) -> Rubric:
    rubric = Rubric.objects.filter(year=candidate.year).first()
    if rubric is None:
        raise ValidationError(_("No rubric for %(year)s yet.") % {"year": candidate.year})
    return rubric


def _open_for_scoring(candidate: Candidate) -> None:
    if candidate.status != CandidateStatus.NOMINATED:
        raise ValidationError(_("The candidate is past scoring (%(status)s).") % {
            "status": candidate.get_status_display()})  # fmt: skip


@transaction.atomic
def auto_score(candidate: Candidate, *, by: User | None = SYSTEM) -> list[Score]:
    """Score the items of the year's rubric that the records tell (自动评分)."""
    require_person_or_system(by, is_district_writer(by))
    _open_for_scoring(candidate)
    today = min(clock.today(), datetime.date(candidate.year, 12, 31) + datetime.timedelta(days=1))
    scores = []
    for item in _rubric_of(candidate).items.exclude(auto_source=AutoSource.NONE):
        points, evidence = auto_evidence(item, candidate, today)
        scores.append(
            _set_score(
                candidate, item, by=by, points=points, evidence=evidence, automatic=True,
                retotal=False,
            )
        )  # fmt: skip
    _retotal(candidate, by=by)
    return scores


@transaction.atomic
def score_item(
    candidate: Candidate, item: RubricItem, *, by: User | None, points: Decimal, evidence: str
) -> Score:
    """An assessor's score of an item (评分): within the item's weight, with the evidence."""
    return score_items(candidate, [(item, points, evidence)], by=by)[0]


@transaction.atomic
def score_items(
    candidate: Candidate,
    scores: Sequence[tuple[RubricItem, Decimal, str]],
    *,
    by: User | None,
) -> list[Score]:
    """An assessor's scores of several items of a candidate at once, the total counted once;
    one refused score refuses them all."""
    require_person_or_system(by, is_district_writer(by))
    _open_for_scoring(candidate)
    made = [
        _check_and_score(candidate, item, by=by, points=points, evidence=evidence)
        for item, points, evidence in scores
    ]
    _retotal(candidate, by=by)
    return made


def _check_and_score(
    candidate: Candidate, item: RubricItem, *, by: User | None, points: Decimal, evidence: str
) -> Score:
    if item.rubric.year != candidate.year:
        raise ValidationError({"item": _("The item is not of this year's rubric.")})
    if item.auto_source:
        raise ValidationError({"item": _("This item is scored from the records.")})
    if not evidence.strip():
        raise ValidationError({"evidence": _("Give the evidence for the score.")})
    return _set_score(
        candidate, item, by=by, points=points, evidence=evidence, automatic=False, retotal=False
    )


@transaction.atomic
def open_notice(
    *,
    by: User | None,
    year: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    candidates: Iterable[Candidate],
    text: str = "",
) -> PublicNotice:
    """Publish the year's list for public notice (公示) of at least five days."""
    require_person_or_system(by, is_district_writer(by))
    notice = PublicNotice(year=year, starts_on=starts_on, ends_on=ends_on, text=text.strip())
    notice.full_clean()
    candidates = list(candidates)
    if not candidates:
        raise ValidationError({"candidates": _("Choose the organisations to publish.")})
    for candidate in candidates:
        if candidate.year != year or candidate.status != CandidateStatus.NOMINATED:
            raise ValidationError({"candidates": _("%(org)s is not a nominee of %(year)s.") % {
                "org": candidate.org.name, "year": year}})  # fmt: skip
    notice.save()
    audit.record_create(notice, by=by)
    for candidate in candidates:
        before = audit.snapshot(candidate)
        candidate.status = CandidateStatus.PUBLICISED
        candidate.save(update_fields=["status"])
        audit.record_update(candidate, before, by=by)
    return notice


def stars_for(total: Decimal) -> int:
    return next(stars for floor, stars in STARS_BY_TOTAL if total >= floor)


@transaction.atomic
def name_list(
    notice: PublicNotice, *, by: User | None, withdrawn: Iterable[Candidate] = ()
) -> list[Candidate]:
    """Once the notice is over, name the publicised organisations (命名), but those withdrawn
    after objections; the others of the year are not named."""
    require_person_or_system(by, is_district_writer(by))
    today = clock.today()
    if today <= notice.ends_on:
        raise ValidationError(_("The public notice runs until %(day)s.") % {
            "day": notice.ends_on.isoformat()})  # fmt: skip
    if notice.named_on is not None:
        raise ValidationError(_("The list of %(year)s is named already.") % {"year": notice.year})
    withdrawn_ids = {candidate.pk for candidate in withdrawn}
    named = []
    for candidate in Candidate.objects.filter(year=notice.year).select_for_update():
        before = audit.snapshot(candidate)
        if candidate.status == CandidateStatus.PUBLICISED and candidate.pk not in withdrawn_ids:
            candidate.status = CandidateStatus.NAMED
            candidate.stars = stars_for(candidate.total)
            named.append(candidate)
        else:
            candidate.status = CandidateStatus.NOT_NAMED
        candidate.save(update_fields=["status", "stars"])
        audit.record_update(candidate, before, by=by)
    before = audit.snapshot(notice)
    notice.named_on = today
    notice.save(update_fields=["named_on"])
    audit.record_update(notice, before, by=by)
    return named


@transaction.atomic
def review_stars(
    candidate: Candidate, *, by: User | None, year: int, stars: int, reason: str
) -> StarReview:
    """The yearly review of a named organisation: stars raised, kept or lowered (0: the title
    withdrawn)."""
    require_person_or_system(by, is_district_writer(by))
    if candidate.status != CandidateStatus.NAMED:
        raise ValidationError(_("Only a named organisation is reviewed."))
    if year <= candidate.year:
        raise ValidationError({"year": _("A review comes in a year after the naming.")})
    if not 0 <= stars <= 5:
        raise ValidationError({"stars": _("Between 0 and 5 stars.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why.")})
    review = StarReview(
        candidate=candidate,
        year=year,
        stars_before=candidate.stars,
        stars_after=stars,
        reason=reason.strip(),
        reviewed_by=by,
    )
    review.full_clean()
    review.save()
    audit.record_create(review, by=by)
    before = audit.snapshot(candidate)
    candidate.stars = stars
    candidate.save(update_fields=["stars"])
    audit.record_update(candidate, before, by=by)
    return review


def named_in(year: int) -> Q:
    """Candidates that stand named in `year`: named that year or before."""
    return Q(status=CandidateStatus.NAMED, year__lte=year)
