"""Filters of the project bank's lists. The same FilterSet feeds the list page, its Excel
export, the API and the statistics, so a figure and the list behind it always agree."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taizhang.core.filters import FilterSet
from taizhang.core.models import Unit, UnitKind
from taizhang.projects.models import (
    ONE_BILLION_WAN,
    Category,
    Nature,
    Project,
    Stage,
    StageEvent,
    YearPlan,
)


def _units(kinds: tuple[str, ...]):
    def queryset(request: Any) -> QuerySet[Unit]:
        units = Unit.objects.filter(kind__in=kinds)
        return units.for_user(request.user) if request is not None else units

    return queryset


SUBDISTRICTS = (UnitKind.SUBDISTRICT,)
DEPARTMENTS = (UnitKind.DEPARTMENT, UnitKind.AGENCY, UnitKind.PARTY_ORG)


def _within(field: str):
    """Filter records whose `field` unit is the chosen unit or below it."""

    def method(queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        return queryset.filter(**{f"{field}__path__startswith": value.path})

    return method


def over_billion(queryset: QuerySet, name: str, value: bool) -> QuerySet:
    """Total investment of 10亿元 and more (or, with False, less)."""
    condition = Q(total_investment_wan__gte=ONE_BILLION_WAN)
    return queryset.filter(condition if value else ~condition)


class ProjectFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    stage = django_filters.MultipleChoiceFilter(choices=Stage.choices, label=_("stage"))
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("category"))
    subdistrict = django_filters.ModelChoiceFilter(
        queryset=_units(SUBDISTRICTS), method=_within("subdistrict"), label=_("subdistrict")
    )
    unit = django_filters.ModelChoiceFilter(
        queryset=_units(tuple(UnitKind.values)),
        method=_within("unit"),
        label=_("responsible unit"),
    )
    department = django_filters.ModelChoiceFilter(
        queryset=_units(DEPARTMENTS), method="involving", label=_("department")
    )
    review = django_filters.CharFilter(field_name="review", label=_("review"))
    over_1bn = django_filters.BooleanFilter(method=over_billion, label=_("10亿元 and more"))
    ordering = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("total_investment_wan", "investment"),
            ("planned_start", "start"),
            ("created_at", "created"),
        ),
        label=_("Sort"),
    )

    class Meta:
        model = Project
        fields = ["q", "stage", "category", "subdistrict", "unit", "department", "review"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(name__icontains=value)
            | Q(code__icontains=value)
            | Q(content__icontains=value)
            | Q(owner_name__icontains=value)
        )

    def involving(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        """Projects a department leads or joins (多部门联动)."""
        return queryset.filter(
            Q(lead_department=value)
            | Q(pk__in=Project.objects.filter(co_departments=value).values("pk"))
        )


class YearPlanFilter(FilterSet):
    """A year's plan rows: the projects behind every figure of the statistics and bulletin."""

    year = django_filters.NumberFilter(field_name="year", label=_("year"))
    nature = django_filters.ChoiceFilter(choices=Nature.choices, label=_("nature"))
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("category"))
    is_key = django_filters.BooleanFilter(field_name="is_key", label=_("key project"))
    over_1bn = django_filters.BooleanFilter(method=over_billion, label=_("10亿元 and more"))
    subdistrict = django_filters.ModelChoiceFilter(
        queryset=_units(SUBDISTRICTS), method=_within("subdistrict"), label=_("subdistrict")
    )
    unit = django_filters.ModelChoiceFilter(
        queryset=_units(tuple(UnitKind.values)),
        method=_within("unit"),
        label=_("responsible unit"),
    )
    department = django_filters.ModelChoiceFilter(
        queryset=_units(DEPARTMENTS), field_name="lead_department", label=_("lead department")
    )
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))
    # The drill-downs of the statistics: planned and actual starts, completions and
    # conversions from the reserve within a period (dates inclusive).
    planned_start_after = django_filters.DateFilter(
        field_name="planned_start", lookup_expr="gte", label=_("planned start from")
    )
    planned_start_before = django_filters.DateFilter(
        field_name="planned_start", lookup_expr="lte", label=_("planned start to")
    )
    started_after = django_filters.DateFilter(
        field_name="project__actual_start", lookup_expr="gte", label=_("started from")
    )
    started_before = django_filters.DateFilter(
        field_name="project__actual_start", lookup_expr="lte", label=_("started to")
    )
    finished_after = django_filters.DateFilter(
        field_name="project__actual_finish", lookup_expr="gte", label=_("finished from")
    )
    finished_before = django_filters.DateFilter(
        field_name="project__actual_finish", lookup_expr="lte", label=_("finished to")
    )
    left_reserve_after = django_filters.DateFilter(
        method="left_reserve", label=_("left the reserve from")
    )
    left_reserve_before = django_filters.DateFilter(
        method="left_reserve", label=_("left the reserve to")
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("total_investment_wan", "investment"),
            ("planned_investment_wan", "planned"),
        ),
        label=_("Sort"),
    )

    class Meta:
        model = YearPlan
        fields = ["year", "nature", "category", "is_key", "subdistrict", "unit", "department"]

    def left_reserve(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        """Rows whose project left the reserve (储备 → 年度建设 or 重点) on or after / on or
        before the date, as its stage timeline records it."""
        return queryset.filter(Exists(left_reserve_events(name, value)))


def local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def left_reserve_events(name: str, day: datetime.date) -> QuerySet:
    """The stage events by which a plan row's project left the reserve, bounded by `day`."""
    return reserve_exits(name, day).filter(project=OuterRef("project_id"))


def reserve_exits(name: str, day: datetime.date) -> QuerySet:
    """The stage events by which any project left the reserve, bounded by `day`: the set the
    statistics test plan rows against at once, rather than a subquery per row."""
    events = StageEvent.objects.filter(
        action__in=(StageEvent.Action.APPROVE, StageEvent.Action.MOVE),
        from_stage=Stage.RESERVE,
        to_stage__in=(Stage.ANNUAL, Stage.KEY),
    )
    if name.endswith("_after"):
        return events.filter(at__gte=local_midnight(day))
    return events.filter(at__lt=local_midnight(day + datetime.timedelta(days=1)))
