"""The filters of the supervision list: the same FilterSet serves the page and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from taizhang.core.filters import FilterSet, LeanSelect, any_choices
from taizhang.core.models import Unit
from taizhang.supervision import flows, queries
from taizhang.supervision.models import Assignment, SupervisionItem


def state_choices() -> list[tuple[str, str]]:
    """Every state of every flow, once per code."""
    labels: dict[str, str] = {}
    for flow in flows.FLOWS.values():
        for state in flow.states:
            labels.setdefault(state.code, str(state.label))
    return list(labels.items())


LIGHT_CHOICES = [(light.value, label) for light, label in flows.LIGHT_LABELS.items() if light]


class SupervisionItemFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    flow = django_filters.ChoiceFilter(choices=flows.flow_choices, label=_("flow"))
    state = django_filters.ChoiceFilter(
        choices=state_choices, method="with_state", label=_("state")
    )
    unit = django_filters.NumberFilter(method="assigned_to", label=_("assigned unit"))
    overdue = django_filters.BooleanFilter(method="with_overdue", label=_("overdue"))
    light = django_filters.ChoiceFilter(
        choices=LIGHT_CHOICES, method="with_light", label=_("light")
    )
    is_open = django_filters.BooleanFilter(
        field_name="closed_at", lookup_expr="isnull", label=_("open")
    )

    class Meta:
        model = SupervisionItem
        fields = ["q", "flow", "state", "unit", "overdue", "light", "is_open"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.request is not None:  # on the page, pick the unit by name among visible ones
            units = Unit.objects.for_user(self.request.user).values_list("pk", "name")
            self.form.fields["unit"].widget = LeanSelect(choices=any_choices(units))

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(subject_repr__icontains=value)
        )

    def _having(self, queryset: QuerySet, condition: Q) -> QuerySet:
        return queryset.filter(Exists(Assignment.objects.filter(condition, item=OuterRef("pk"))))

    def with_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return self._having(queryset, Q(state=value))

    def assigned_to(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        """Items assigned to unit `value` or a unit below it."""
        root = Unit.objects.filter(pk=value).values_list("path", flat=True).first()
        if root is None:
            return queryset.none()
        return self._having(queryset, Q(unit__path__startswith=root))

    def with_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        overdue = Exists(Assignment.objects.overdue().filter(item=OuterRef("pk")))
        return queryset.filter(overdue if value else ~overdue)

    def with_light(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queries.items_with_light(queryset, value)
