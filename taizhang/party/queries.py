"""Reads that feed the dashboard, the statistics and the showcase: the year's figures of the
Double Hundred programme as a user sees them, each computed in the database or from a fixed
number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from taizhang.party import compliance
from taizhang.party.models import (
    ActionProject,
    Area,
    Candidate,
    CandidateStatus,
    IndicatorValue,
    Milestone,
    OrgLevel,
    PartyOrg,
    ProjectStatus,
)


def as_of(year: int, today: datetime.date) -> datetime.date:
    """The day a year is looked at: today within it, the day after its end once past."""
    return min(today, datetime.date(year, 12, 31) + datetime.timedelta(days=1))


def projects_on_track(projects: QuerySet[ActionProject], day: datetime.date) -> QuerySet:
    """Running projects with no milestone overdue on `day` (按节点推进)."""
    overdue = Milestone.objects.filter(project=OuterRef("pk"), due_on__lt=day, done_on__isnull=True)
    return projects.exclude(status=ProjectStatus.DROPPED).exclude(Exists(overdue))


def indicator_completion(projects: QuerySet[ActionProject], year: int) -> float | None:
    """The mean share of its target each indicator had reached by the end of `year` (capped at
    1): one query for the latest value of each indicator."""
    latest = (
        IndicatorValue.objects.filter(
            indicator__project__in=projects.values("pk"), month__year__lte=year
        )
        .order_by("indicator_id", "-month")
        .values_list("indicator_id", "actual", "indicator__target")
    )
    seen: dict[int, float] = {}
    for indicator_id, actual, target in latest:
        if indicator_id not in seen:
            seen[indicator_id] = min(float(actual / target), 1.0) if target else 0.0
    return round(sum(seen.values()) / len(seen), 4) if seen else None


@dataclass
class Figures:
    year: int
    action_projects: int = 0
    action_projects_on_track: int = 0
    action_projects_finished: int = 0
    indicator_completion: float | None = None
    demonstration_orgs: int = 0
    candidates: int = 0
    meeting_compliance: float | None = None
    meetings_required: int = 0
    meetings_held: int = 0
    meetings_late: int = 0
    meetings_missed: int = 0
    meetings_without_quorum: int = 0
    by_area: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "action_projects": self.action_projects,
            "action_projects_on_track": self.action_projects_on_track,
            "action_projects_finished": self.action_projects_finished,
            "indicator_completion": self.indicator_completion,
            "demonstration_orgs": self.demonstration_orgs,
            "candidates": self.candidates,
            "meeting_compliance": self.meeting_compliance,
            "meetings": {
                "required": self.meetings_required,
                "held": self.meetings_held,
                "late": self.meetings_late,
                "missed": self.meetings_missed,
                "without_quorum": self.meetings_without_quorum,
            },
            "by_area": self.by_area,
        }


def figures(user: Any, *, year: int, today: datetime.date) -> Figures:
    """The year's figures of what `user` sees (everything for user None)."""
    day = as_of(year, today)
    projects = ActionProject.objects.all() if user is None else ActionProject.objects.for_user(user)
    running = projects.running_in(year)
    orgs = PartyOrg.objects.all() if user is None else PartyOrg.objects.for_user(user)
    candidates = Candidate.objects.filter(org__in=orgs.values("pk"))
    result = Figures(year=year)
    result.action_projects = running.count()
    result.action_projects_on_track = projects_on_track(running, day).count()
    result.action_projects_finished = running.filter(status=ProjectStatus.FINISHED).count()
    result.indicator_completion = indicator_completion(running, year)
    result.demonstration_orgs = candidates.filter(
        status=CandidateStatus.NAMED, year__lte=year
    ).count()
    result.candidates = candidates.filter(year=year).count()
    summary = compliance.overall(
        compliance.compliance(orgs.filter(level=OrgLevel.BRANCH), year, day).values()
    )
    result.meeting_compliance = summary.share
    result.meetings_required = summary.required
    result.meetings_held = summary.held
    result.meetings_late = summary.late
    result.meetings_missed = summary.missed
    result.meetings_without_quorum = summary.without_quorum
    labels = dict(Area.choices)
    counts = running.values("area").annotate(
        total=Count("pk"),
        finished=Count("pk", filter=Q(status=ProjectStatus.FINISHED)),
    )
    result.by_area = [
        {
            "area": row["area"],
            "label": str(labels.get(row["area"], row["area"])),
            "projects": row["total"],
            "finished": row["finished"],
        }
        for row in counts.order_by("area")
    ]
    return result


def compliance_by_org(user: Any, *, year: int, today: datetime.date, limit: int = 30) -> list:
    """The branches the user sees, worst compliance first: (org, summary)."""
    orgs = PartyOrg.objects.for_user(user).filter(level=OrgLevel.BRANCH)
    summaries = compliance.compliance(orgs, year, as_of(year, today))
    names = dict(orgs.filter(pk__in=list(summaries)).values_list("pk", "name"))
    rows = [(pk, names.get(pk, ""), summary) for pk, summary in summaries.items()]
    rows.sort(key=lambda row: (row[2].share if row[2].share is not None else 2, row[1]))
    return rows[:limit]


def scores(user: Any, *, year: int, limit: int = 30) -> list[Candidate]:
    return list(
        Candidate.objects.for_user(user)
        .filter(year=year)
        .select_related("org")
        .order_by("-total", "pk")[:limit]
    )
