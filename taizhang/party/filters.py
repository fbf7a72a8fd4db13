"""One FilterSet per Double Hundred list, serving the page, the export and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from taizhang.core.filters import FilterSet
from taizhang.lib.dates import MAX_YEAR, MIN_YEAR
from taizhang.party.models import Area, CandidateStatus, MeetingKind, OrgLevel, ProjectStatus

YEARS = {"min_value": MIN_YEAR, "max_value": MAX_YEAR}


class OrgFilter(FilterSet):
    q = django_filters.CharFilter(label=_("name"), field_name="name", lookup_expr="icontains")
    level = django_filters.ChoiceFilter(label=_("level"), choices=OrgLevel.choices)


class MeetingFilter(FilterSet):
    q = django_filters.CharFilter(label=_("organisation or topic"), method="search")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=MeetingKind.choices)
    year = django_filters.NumberFilter(label=_("year"), field_name="held_at__year", **YEARS)

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(org__name__icontains=value) | Q(topic__icontains=value))


class ProjectFilter(FilterSet):
    q = django_filters.CharFilter(label=_("title"), field_name="title", lookup_expr="icontains")
    year = django_filters.NumberFilter(label=_("year launched"), field_name="year", **YEARS)
    area = django_filters.ChoiceFilter(label=_("area"), choices=Area.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=ProjectStatus.choices)


class CandidateFilter(FilterSet):
    year = django_filters.NumberFilter(label=_("year"), field_name="year", **YEARS)
    status = django_filters.ChoiceFilter(label=_("status"), choices=CandidateStatus.choices)
