"""Filters of the list pages, shared by the page, the Excel export and the API."""

from typing import Any

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import AuditAction, AuditEntry, Unit, UnitKind

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices, label=_("kind"))
    within = django_filters.NumberFilter(method="within_unit", label=_("Within unit"))
    is_demo = django_filters.BooleanFilter(label=_("demo"))
    ordering = django_filters.OrderingFilter(
        fields=(("path", "tree"), ("code", "code"), ("name", "name"), ("kind", "kind")),
        field_labels={
            "path": _("tree order"),
            "code": _("code"),
            "name": _("name"),
            "kind": _("kind"),
        },
        label=_("Sort"),
    )

    class Meta:
        model = Unit
        fields = ["q", "kind", "within", "is_demo"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.request is not None:  # on the page, pick the unit by name among visible ones
            units = Unit.objects.for_user(self.request.user).values_list("pk", "name")
            self.form.fields["within"].widget = forms.Select(choices=[("", "---------"), *units])

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(name__icontains=value) | Q(code__icontains=value) | Q(address__icontains=value)
        )

    def within_unit(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        """Units in the subtree of unit `value` (which the queryset's scope already limits)."""
        root = Unit.objects.filter(pk=value).values_list("path", flat=True).first()
        return queryset.filter(path__startswith=root) if root else queryset.none()


class AuditFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(
        field_name="actor_name", lookup_expr="icontains", label=_("user")
    )
    action = django_filters.ChoiceFilter(choices=AuditAction.choices, label=_("action"))
    record = django_filters.CharFilter(
        field_name="object_repr", lookup_expr="icontains", label=_("record")
    )
    content_type = django_filters.ModelChoiceFilter(
        queryset=ContentType.objects.filter(app_label="core").order_by("model"),
        label=_("record type"),
    )
    since = django_filters.DateFilter(
        field_name="at", lookup_expr="date__gte", label=_("from"), widget=DATE_INPUT
    )
    until = django_filters.DateFilter(
        field_name="at", lookup_expr="date__lte", label=_("to"), widget=DATE_INPUT
    )

    class Meta:
        model = AuditEntry
        fields = ["actor", "action", "record", "content_type", "since", "until"]
