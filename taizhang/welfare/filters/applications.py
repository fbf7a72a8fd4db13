"""Filters of the application list and of the list of periodic reviews due (one FilterSet each
for the page and the API)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from taizhang.core.access import reads_everything, reads_ledgers
from taizhang.core.filters import FilterSet
from taizhang.lib import clock
from taizhang.people.filters import residence_units, within
from taizhang.welfare.models import Application, ApplicationStatus, Enrolment, Programme
from taizhang.welfare.models.applications import OPEN_APPLICATION_STATUSES


def programmes_in_line(user: Any) -> QuerySet[Programme]:
    """The programmes a user works with: those they may read, and those of the units above
    theirs (a village receives applications to the district's 低保)."""
    found = Programme.objects.all()
    if reads_everything(user):
        return found
    unit = getattr(user, "unit", None) if getattr(user, "unit_id", None) else None
    if unit is None or not reads_ledgers(user):
        return found.none()
    above = [unit.path[:end] for end in range(unit.steplen, len(unit.path), unit.steplen)]
    readable = found.for_user(user).values("pk")
    return found.filter(Q(pk__in=readable) | Q(owner__path__in=above))


def programmes(request: Any) -> QuerySet:
    return Programme.objects.all() if request is None else programmes_in_line(request.user)


def programmes_by_application(request: Any) -> QuerySet:
    return programmes(request).filter(needs_application=True)


class ApplicationFilter(FilterSet):
    q = django_filters.CharFilter(label=_("number or name"), method="search")
    programme = django_filters.ModelChoiceFilter(
        label=_("programme"), queryset=programmes_by_application
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("village or community"), queryset=residence_units, method="by_unit"
    )
    status = django_filters.ChoiceFilter(label=_("status"), choices=ApplicationStatus.choices)
    overdue = django_filters.BooleanFilter(label=_("overdue"), method="by_overdue")
    flagged = django_filters.BooleanFilter(
        label=_("relative of staff"), field_name="is_staff_relative"
    )

    class Meta:
        model = Application
        fields = ["q", "programme", "unit", "status", "overdue", "flagged"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(Q(number__icontains=text) | Q(applicant__name__contains=text))

    def by_unit(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return within(queryset, value)

    def by_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        late = Q(status__in=OPEN_APPLICATION_STATUSES, deadline__lt=clock.today())
        return queryset.filter(late) if value else queryset.exclude(late)


class ReviewDueFilter(FilterSet):
    programme = django_filters.ModelChoiceFilter(label=_("programme"), queryset=programmes)
    unit = django_filters.ModelChoiceFilter(
        label=_("village or community"), queryset=residence_units, method="by_unit"
    )
    overdue = django_filters.BooleanFilter(label=_("overdue"), method="by_overdue")

    class Meta:
        model = Enrolment
        fields = ["programme", "unit", "overdue"]

    def by_unit(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return within(queryset, value, "person__unit")

    def by_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        late = Q(next_review_on__lt=clock.today())
        return queryset.filter(late) if value else queryset.exclude(late)
