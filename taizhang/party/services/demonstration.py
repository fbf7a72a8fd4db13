"""Demonstration party organisations (百家示范党组织): the year's rubric as data, candidates,
scores from the records and from assessors, the 5-day public notice (公示), naming and the
yearly review of stars."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils.translation import gettext as _

from taizhang.core import audit, modules
from taizhang.core.access import (
    SYSTEM,
    is_district_writer,
    require,
    require_person_or_system,
    writes_for,
)
from taizhang.core.attachments import add_attachment, remove_attachment
from taizhang.core.models import Attachment, User
from taizhang.lib import clock
from taizhang.party import compliance
from taizhang.party.models import (
    AutoSource,
    Candidate,
    CandidateStatus,
    Membership,
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
    measure: str = ""  # the key of a members' measure (core.modules.people_measures())
    target: Decimal | None = None  # the measure per member that gives the full points


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


def _check_items(items: Sequence[ItemIn]) -> None:
    if not items:
        raise ValidationError({"items": _("A rubric has at least one item.")})
    total = sum((item.weight for item in items), Decimal(0))
    if total != 100:
        raise ValidationError({"items": _("The weights add up to %(total)s, not 100.") % {
            "total": total}})  # fmt: skip
    offered = modules.people_measures()
    for item in items:
        if item.auto_source == AutoSource.MEMBERS_MEASURE and item.measure not in offered:
            raise ValidationError({"items": _("%(item)s: no measure %(measure)s is offered.") % {
                "item": item.title, "measure": item.measure or "—"}})  # fmt: skip


def _add_items(rubric: Rubric, items: Sequence[ItemIn], *, by: User | None) -> None:
    for order, item in enumerate(items, start=1):
        record = RubricItem(
            rubric=rubric,
            order=order,
            title=item.title.strip(),
            weight=item.weight,
            evidence_needed=item.evidence_needed.strip(),
            auto_source=item.auto_source,
            measure=item.measure if item.auto_source == AutoSource.MEMBERS_MEASURE else "",
            target=item.target if item.auto_source == AutoSource.MEMBERS_MEASURE else None,
        )
        try:
            record.full_clean(exclude=["rubric"])
        except ValidationError as error:
            raise ValidationError(
                {"items": [f"{order}. {item.title}: {message}" for message in error.messages]}
            ) from error
        record.save()
        audit.record_create(record, by=by)


@transaction.atomic
def create_rubric(
    *,
    by: User | None,
    year: int,
    title: str,
    items: Sequence[ItemIn] = DEFAULT_ITEMS,
    pass_mark: Decimal = Decimal(85),
) -> Rubric:
    """The year's rubric: its items' weights add up to 100 points; an item scored from a
    measure of the members' records names a measure a module offers and its target."""
    require_person_or_system(by, is_district_writer(by))
    _check_items(items)
    rubric = Rubric(year=year, title=title.strip(), pass_mark=pass_mark)
    rubric.full_clean()
    rubric.save()
    audit.record_create(rubric, by=by)
    _add_items(rubric, items, by=by)
    return rubric


def is_in_use(rubric: Rubric) -> bool:
    """Whether a candidate has been scored with the rubric (its items are then fixed)."""
    return Score.objects.filter(item__rubric=rubric).exists()


@transaction.atomic
def update_rubric(
    rubric: Rubric,
    *,
    by: User | None,
    title: str,
    items: Sequence[ItemIn],
    pass_mark: Decimal | None = None,
) -> Rubric:
    """Rewrite a rubric's title and items, while no candidate has been scored with it."""
    require_person_or_system(by, is_district_writer(by))
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    if is_in_use(rubric):
        raise ValidationError(
            {"items": _("Candidates have been scored with this rubric; its items are fixed.")}
        )
    _check_items(items)
    before = audit.snapshot(rubric)
    rubric.title = title.strip()
    if pass_mark is not None:
        rubric.pass_mark = pass_mark
    rubric.full_clean()
    rubric.save(update_fields=["title", "pass_mark"])
    audit.record_update(rubric, before, by=by)
    for old in rubric.items.all():
        audit.record_delete(old, by=by)
        old.delete()
    _add_items(rubric, items, by=by)
    return rubric


def may_nominate(user: User | None, org: PartyOrg) -> bool:
    """Whether `user` recommends `org` (推荐): the writers of the unit its superior
    organisation serves (the district's writers for an organisation without one)."""
    if org.parent_id is None:
        return is_district_writer(user)
    return writes_for(user, org.parent.unit)  # type: ignore[union-attr]


@transaction.atomic
def nominate(org: PartyOrg, *, by: User | None, year: int, is_demo: bool = False) -> Candidate:
    """Nominate an organisation for the year's list (推荐): by its superior organisation's
    unit (an organisation does not recommend itself)."""
    require_person_or_system(by, may_nominate(by, org))
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
    held in the year by the organisation and those below it, the share of the year's
    milestones of their action projects met by their due day, or a measure of what their
    members did (volunteer hours, visits …) per member against the item's target."""
    orgs = _orgs_below(candidate.org)
    year = candidate.year
    if item.auto_source == AutoSource.MEMBERS_MEASURE:
        return _measure_evidence(item, orgs, year, today)
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


def _measure_evidence(
    item: RubricItem, orgs: list[int], year: int, today: datetime.date
) -> tuple[Decimal, str]:
    measure = modules.people_measures().get(item.measure)
    if measure is None:
        return Decimal(0), _("The measure %(measure)s is not offered on this platform.") % {
            "measure": item.measure}  # fmt: skip
    day = min(today, datetime.date(year, 12, 31))
    members = set(
        Membership.objects.filter(org__in=orgs).on(day).values_list("person_id", flat=True)
    )
    value = measure.measure(members, year)
    per_member = (value / len(members)).quantize(CENT) if members else Decimal(0)
    target = item.target or Decimal(1)
    evidence = _(
        "%(label)s: %(value)s %(unit)s by %(members)d members, %(per)s per member "
        "(%(target)s for the full points)."
    ) % {
        "label": measure.label,
        "value": value,
        "unit": measure.unit,
        "members": len(members),
        "per": per_member,
        "target": target,
    }
    return _points(item.weight, float(min(per_member / target, Decimal(1)))), evidence


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
    attachments: Mapping[int, UploadedFile] | None = None,
) -> list[Score]:
    """An assessor's scores of several items of a candidate at once, the total counted once;
    one refused score refuses them all. `attachments`: a file of evidence per item id."""
    require_person_or_system(by, is_district_writer(by))
    _open_for_scoring(candidate)
    made = [
        _check_and_score(candidate, item, by=by, points=points, evidence=evidence)
        for item, points, evidence in scores
    ]
    for score in made:
        upload = (attachments or {}).get(score.item_id)
        if upload is not None:
            add_attachment(score, upload, by=by, caption=score.item.title)
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


def notice_started(year: int, today: datetime.date) -> bool:
    """Whether the public notice of `year` has started by `today` (or is over)."""
    return PublicNotice.objects.filter(year=year, starts_on__lte=today).exists()


def gave(user: User | None, score: Score) -> bool:
    """Whether `user` gave `score` as an assessor (SYSTEM: a score no one is named for)."""
    if user is not SYSTEM and not getattr(user, "is_authenticated", False):
        return False
    return not score.automatic and score.given_by_id == getattr(user, "pk", None)


@transaction.atomic
def withdraw_score(score: Score, *, by: User | None, reason: str) -> Candidate:
    """An assessor clears a score they gave (撤回评分), with the reason, before the year's
    public notice starts: the item is unscored again, its files of evidence are taken off and
    the candidate's total is counted again. Someone else's score, one from the records, or
    one of a candidate already publicised or past is refused."""
    require_person_or_system(by, is_district_writer(by))
    score = (
        Score.objects.select_for_update().select_related("candidate__org", "item").get(pk=score.pk)
    )
    candidate = score.candidate
    require(gave(by, score))  # someone else's score, or one from the records
    _open_for_scoring(candidate)
    if notice_started(candidate.year, clock.today()):
        raise ValidationError(
            _("The public notice of %(year)s has started; its scores stand.") % {
                "year": candidate.year}
        )  # fmt: skip
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the score is withdrawn.")})
    content_type = ContentType.objects.get_for_model(Score)
    for attachment in Attachment.objects.filter(
        content_type=content_type, object_id=str(score.pk), removed_at__isnull=True
    ):
        remove_attachment(attachment, by=by, reason=reason.strip())
    audit.record_delete(score, by=by, reason=reason.strip())
    score.delete()
    _retotal(candidate, by=by)
    return candidate


@transaction.atomic
def open_notice(
    *,
    by: User | None,
    year: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    candidates: Iterable[Candidate],
    text: str = "",
    contact: str = "",
) -> PublicNotice:
    """Publish the year's list for public notice (公示) of at least five days; `contact`
    says where and how anyone may object. While it runs, anyone reads the list on the public
    page (views/showcase.py)."""
    require_person_or_system(by, is_district_writer(by))
    notice = PublicNotice(
        year=year, starts_on=starts_on, ends_on=ends_on, text=text.strip(), contact=contact.strip()
    )
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
