"""One FilterSet per volunteer list (volunteers, campaigns, a letter campaign's targets),
serving the page and the API. Each filters a queryset the caller's scope has already cut."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from taizhang.core.filters import DATE_INPUT, FilterSet
from taizhang.core.models import Unit
from taizhang.lib import clock
from taizhang.people.filters import residence_units, search_people, within
from taizhang.people.models import OrganisationKind
from taizhang.volunteers.models import Campaign, LetterTarget, TargetState, Volunteer


def visible_units(request: Any) -> QuerySet[Unit]:
    units = Unit.objects.filter(is_active=True)
    return units if request is None else units.for_user(request.user)


class VolunteerFilter(FilterSet):
    """Volunteers by name, ID number or volunteer number, skill, school (or students at all),
    the organisation they serve with, and where they live (a community and the units below)."""

    q = django_filters.CharFilter(
        label=_("name, ID or volunteer number"),
        method="search",
        help_text=_("A name, a whole ID number or its last 4 characters, a volunteer number"),
    )
    skill = django_filters.CharFilter(
        label=_("skills"), field_name="skills", lookup_expr="contains"
    )
    student = django_filters.BooleanFilter(label=_("student"), method="by_student")
    school = django_filters.CharFilter(
        label=_("school"), field_name="school", lookup_expr="contains"
    )
    organisation = django_filters.CharFilter(
        label=_("serves with"), field_name="organisation", lookup_expr="contains"
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("village or community"), queryset=residence_units, method="by_unit"
    )

    class Meta:
        model = Volunteer
        fields = ["q", "skill", "student", "school", "organisation", "unit"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        text = value.strip()
        if not text:
            return queryset
        return search_people(queryset, text) | queryset.filter(number=text)

    def by_student(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        """Students (在校大学生) are the volunteers with a school."""
        if value is None:
            return queryset
        return queryset.exclude(school="") if value else queryset.filter(school="")

    def by_unit(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        return within(queryset, value, "person__unit")


class CampaignStatus(models.TextChoices):
    """Where a campaign stands today: taking sign-ups, sign-up closed early, or over."""

    OPEN = "open", _("Open for sign-up")  # 报名中
    CLOSED = "closed", _("Sign-up closed")  # 已截止报名
    ENDED = "ended", _("Ended")  # 已结束


class CampaignFilter(FilterSet):
    """Campaigns by title, organiser (and the units below it), status today, and a period they
    overlap."""

    q = django_filters.CharFilter(label=_("title"), field_name="title", lookup_expr="contains")
    organiser = django_filters.ModelChoiceFilter(
        label=_("organiser"), queryset=visible_units, method="by_organiser"
    )
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=CampaignStatus.choices, method="by_status"
    )
    since = django_filters.DateFilter(
        label=_("from"), field_name="ends_on", lookup_expr="gte", widget=DATE_INPUT
    )
    until = django_filters.DateFilter(
        label=_("to"), field_name="starts_on", lookup_expr="lte", widget=DATE_INPUT
    )

    class Meta:
        model = Campaign
        fields = ["q", "organiser", "status", "since", "until"]

    def by_organiser(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        return within(queryset, value)

    def by_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        today = clock.today()
        if value == CampaignStatus.ENDED:
            return queryset.filter(ends_on__lt=today)
        return queryset.filter(ends_on__gte=today, is_open=value == CampaignStatus.OPEN)


HOUSEHOLD = "household"
COUNTERPARTY_KINDS = [*OrganisationKind.choices, (HOUSEHOLD, _("Household"))]


class TargetFilter(FilterSet):
    """A letter campaign's targets by state (signed, pending: the reminder list, refused), the
    kind of counterparty (a kind of organisation, or a household), the community, and a name."""

    q = django_filters.CharFilter(label=_("name or address"), method="search")
    state = django_filters.ChoiceFilter(label=_("state"), choices=TargetState.choices)
    kind = django_filters.ChoiceFilter(
        label=_("kind of counterparty"), choices=COUNTERPARTY_KINDS, method="by_kind"
    )
    community = django_filters.ModelChoiceFilter(
        label=_("village or community"), queryset=residence_units, method="by_community"
    )

    class Meta:
        model = LetterTarget
        fields = ["q", "state", "kind", "community"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(
            Q(organisation__name__contains=text)
            | Q(organisation__address__contains=text)
            | Q(household__number=text)
            | Q(household__address__contains=text)
        )

    def by_kind(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == HOUSEHOLD:
            return queryset.filter(household__isnull=False)
        return queryset.filter(organisation__kind=value)

    def by_community(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        return within(queryset, value, "community")
