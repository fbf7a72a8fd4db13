"""One FilterSet per welfare list, serving the page, the Excel export and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from taizhang.core.access import reads_everything, reads_ledgers
from taizhang.core.filters import FilterSet
from taizhang.core.models import Unit
from taizhang.lib import clock
from taizhang.lib.dates import MAX_YEAR, MIN_YEAR
from taizhang.people.filters import active_groups, residence_units, search_people, within
from taizhang.people.models import GroupMembership
from taizhang.welfare.models import (
    Application,
    ApplicationStatus,
    Cycle,
    Enrolment,
    EnrolmentStatus,
    Entitlement,
    Handout,
    PaymentStatus,
    Programme,
    ProgrammeKind,
    Visit,
)
from taizhang.welfare.models.applications import OPEN_APPLICATION_STATUSES
from taizhang.welfare.queries import enrolled_in
from taizhang.welfare.services import handouts
from taizhang.welfare.services.visits import pickable_programmes

# The years a date of the ledgers may fall in: a filter outside them is a clear error.
YEARS = {"min_value": MIN_YEAR, "max_value": MAX_YEAR}
YES_NO = (("yes", _("Yes")), ("no", _("No")))


def visible_units(request: Any) -> QuerySet[Unit]:
    units = Unit.objects.all()
    return units if request is None else units.for_user(request.user)


def visible_programmes(request: Any) -> QuerySet[Programme]:
    programmes = Programme.objects.all()
    return programmes if request is None else programmes.for_user(request.user)


def visible_cycles(request: Any) -> QuerySet:
    cycles = Cycle.objects.select_related("programme")
    return cycles if request is None else cycles.for_user(request.user)


class ProgrammeFilter(FilterSet):
    q = django_filters.CharFilter(label=_("name"), method="search")
    owner = django_filters.ModelChoiceFilter(
        label=_("programme owner"), queryset=visible_units, method="by_owner"
    )
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=ProgrammeKind.choices)
    is_active = django_filters.BooleanFilter(label=_("active"))

    class Meta:
        model = Programme
        fields = ["q", "owner", "kind", "is_active"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        text = value.strip()
        return queryset.filter(name__contains=text) if text else queryset

    def by_owner(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        return within(queryset, value, "owner")


class EnrolmentFilter(FilterSet):
    q = django_filters.CharFilter(
        label=_("name or ID number"),
        method="search",
        help_text=_("A name, a whole ID number or its last 4 characters"),
    )
    programme = django_filters.ModelChoiceFilter(label=_("programme"), queryset=visible_programmes)
    unit = django_filters.ModelChoiceFilter(
        label=_("village or community"), queryset=visible_units, method="by_unit"
    )
    status = django_filters.ChoiceFilter(label=_("status"), choices=EnrolmentStatus.choices)
    review_due = django_filters.ChoiceFilter(
        label=_("review due"), choices=YES_NO, method="by_review_due"
    )
    year = django_filters.NumberFilter(
        label=_("enrolled in the year"),
        method="by_year",
        **YEARS,
    )

    class Meta:
        model = Enrolment
        fields = ["q", "programme", "unit", "status", "review_due", "year"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_people(queryset, value)

    def by_unit(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        return within(queryset, value, "person__unit")

    def by_year(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        """Enrolments that held on some day of the year (what the dashboard counts)."""
        return enrolled_in(queryset, int(value))

    def by_review_due(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        due = Q(status=EnrolmentStatus.ACTIVE, next_review_on__lte=clock.today())
        if value == "yes":
            return queryset.filter(due)
        if value == "no":
            return queryset.exclude(due)
        return queryset


class EntitlementFilter(FilterSet):
    """Entitlements (待遇) by programme, cycle, village (and the units below), year, payment
    status, whether the hand-out is collected, and a name or the last 4 of an ID number."""

    q = django_filters.CharFilter(
        label=_("name or ID number"),
        method="search",
        help_text=_("A name, a whole ID number or its last 4 characters"),
    )
    programme = django_filters.ModelChoiceFilter(label=_("programme"), queryset=visible_programmes)
    cycle = django_filters.ModelChoiceFilter(label=_("cycle"), queryset=visible_cycles)
    unit = django_filters.ModelChoiceFilter(
        label=_("village or community"), queryset=residence_units, method="by_unit"
    )
    year = django_filters.NumberFilter(
        label=_("year"), field_name="cycle__period", lookup_expr="year", **YEARS
    )
    payment_status = django_filters.ChoiceFilter(
        label=_("payment"),
        choices=[(value, label) for value, label in PaymentStatus.choices if value],
    )
    kind = django_filters.ChoiceFilter(
        label=_("kind"), field_name="programme__kind", choices=ProgrammeKind.choices
    )
    collected = django_filters.ChoiceFilter(
        label=_("collected"), choices=YES_NO, method="by_collected"
    )

    class Meta:
        model = Entitlement
        fields = ["q", "programme", "cycle", "unit", "year", "payment_status", "kind", "collected"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_people(queryset, value)

    def by_unit(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return within(queryset, value)

    def by_collected(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "yes":
            return queryset.filter(handout__isnull=False)
        if value == "no":
            return queryset.filter(handout__isnull=True)
        return queryset


# Visits and hand-outs -------------------------------------------------------------------


def visit_programmes(request: Any) -> QuerySet[Programme]:
    if request is None:
        return Programme.objects.all()
    return pickable_programmes(request.user)


def in_kind_cycles(request: Any) -> QuerySet[Cycle]:
    cycles = Cycle.objects.filter(programme__kind=ProgrammeKind.IN_KIND)
    if request is None:
        return cycles
    return handouts.in_kind_cycles(request.user)


class VisitFilter(FilterSet):
    programme = django_filters.ModelChoiceFilter(label=_("programme"), queryset=visit_programmes)
    unit = django_filters.ModelChoiceFilter(
        label=_("village or community"), queryset=residence_units, method="by_unit"
    )
    year = django_filters.NumberFilter(
        label=_("year"), field_name="visited_on", lookup_expr="year", **YEARS
    )
    group = django_filters.ModelChoiceFilter(
        label=_("group"), queryset=active_groups, method="by_group"
    )

    class Meta:
        model = Visit
        fields = ["programme", "unit", "year", "group"]

    def by_unit(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        return within(queryset, value, "person__unit")

    def by_group(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        """Visits to people who were members of the group on the day of the visit."""
        if not value:
            return queryset
        members = GroupMembership.objects.filter(group=value)
        return queryset.filter(person__in=members.values("person_id"))


class HandoutFilter(FilterSet):
    cycle = django_filters.ModelChoiceFilter(
        label=_("cycle"), queryset=in_kind_cycles, field_name="entitlement__cycle"
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("village or community"), queryset=residence_units, method="by_unit"
    )
    year = django_filters.NumberFilter(
        label=_("year"), field_name="handed_at", lookup_expr="year", **YEARS
    )
    method = django_filters.ChoiceFilter(
        label=_("confirmed by"),
        field_name="method",
        choices=Handout._meta.get_field("method").choices,
    )

    class Meta:
        model = Handout
        fields = ["cycle", "unit", "year", "method"]

    def by_unit(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        return within(queryset, value, "entitlement__unit")


# Applications and periodic reviews ---------------------------------------------------------------


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
