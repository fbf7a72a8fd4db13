"""Filters of the monthly-report and warning lists, shared by their pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from taizhang.core.filters import FilterSet
from taizhang.projects.filters.projects import YearPlanFilter
from taizhang.projects.models import MonthlyReport, ReportStatus, WarningLevel


class ReportFilter(FilterSet):
    project = django_filters.NumberFilter(field_name="project_id", label=_("project"))
    year = django_filters.NumberFilter(field_name="year", label=_("year"))
    month = django_filters.NumberFilter(field_name="month", label=_("month"))
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("status"))
    late = django_filters.BooleanFilter(field_name="is_late", label=_("late"))
    q = django_filters.CharFilter(
        field_name="project__name", lookup_expr="icontains", label=_("Search")
    )

    class Meta:
        model = MonthlyReport
        fields = ["project", "year", "month", "status", "late", "q"]


class WarningFilter(YearPlanFilter):
    """The year plan's filters and the warning level, on rows that `annotate_warnings` has
    annotated."""

    level = django_filters.ChoiceFilter(
        choices=WarningLevel.choices, method="at_level", label=_("warning level")
    )

    class Meta(YearPlanFilter.Meta):
        fields = [*YearPlanFilter.Meta.fields, "level"]

    def at_level(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(warning_level=value)
