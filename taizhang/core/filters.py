"""Filters of the list pages, shared by the page, the Excel export and the API."""

from collections.abc import Iterable
from typing import Any

import django_filters
from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import (
    AuditAction,
    AuditEntry,
    PersonalDataAccess,
    PersonalDataAccessKind,
    Unit,
    UnitKind,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"})
ANY = _("All")  # 全部: the option of a filter that leaves the list whole
DEFAULT_ORDER = _("Default order")


class LeanSelect(forms.Select):
    """A select whose options are written by one loop of one template (core/widgets/select.html)
    instead of Django's template per option: a filter of units or records lists tens to
    hundreds of options on every list page (issue 18). Options carry only `selected`."""

    template_name = "core/widgets/select.html"


class AnyBooleanSelect(forms.NullBooleanSelect):
    """是 / 否 with 全部 for "either": Django's own select calls that option 未知 (Unknown)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("", ANY), ("true", _("Yes")), ("false", _("No"))]

    # The parent gives a str; a select's options want the list every other select gives.
    def format_value(self, value: Any) -> list[str]:  # type: ignore[override]
        shown = super().format_value(value)
        return ["" if shown == "unknown" else shown]  # a list: a string would match by substring


def any_choices(choices: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """A select's choices with 全部 first, for filters that build their own select."""
    return [("", ANY), *choices]


class FilterSet(django_filters.FilterSet):
    """The base of every list's filters: whatever kind of filter makes a select, "any" reads
    全部 (All), sorting starts with the default order, and the select is a lean one."""

    @property
    def form(self) -> forms.Form:
        if not hasattr(self, "_form"):
            form = super().form
            for name, field in form.fields.items():
                if isinstance(field.widget, forms.NullBooleanSelect):
                    field.widget = AnyBooleanSelect(field.widget.attrs)
                elif getattr(field, "empty_label", None) is not None:
                    ordering = isinstance(self.filters.get(name), django_filters.OrderingFilter)
                    field.empty_label = DEFAULT_ORDER if ordering else ANY
                    field.widget.choices = field.choices  # the widget's copy read the old label
                if (
                    isinstance(field.widget, forms.Select)
                    and not field.widget.allow_multiple_selected
                ):
                    field.widget.template_name = LeanSelect.template_name
        return self._form


class UnitFilter(FilterSet):
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
            self.form.fields["within"].widget = LeanSelect(choices=any_choices(units))

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(name__icontains=value) | Q(code__icontains=value) | Q(address__icontains=value)
        )

    def within_unit(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        """Units in the subtree of unit `value` (which the queryset's scope already limits)."""
        root = Unit.objects.filter(pk=value).values_list("path", flat=True).first()
        return queryset.filter(path__startswith=root) if root else queryset.none()


def record_types() -> list[tuple[int, str]]:
    """Every kind of record the audit log may hold, by its name in the user's language: each
    installed model that is a ledger record or has audit entries (from the app registry and
    the entries themselves, never a list kept by hand)."""
    ledgers = [
        model
        for model in apps.get_models()
        if getattr(model, "is_ledger_record", False) and not getattr(model, "is_history", False)
    ]
    ledger_types = ContentType.objects.get_for_models(*ledgers, for_concrete_models=False)
    audited = Exists(AuditEntry.objects.filter(content_type=OuterRef("pk")))
    found = ContentType.objects.filter(Q(pk__in=[t.pk for t in ledger_types.values()]) | audited)
    return sorted(
        ((content_type.pk, str(content_type.name)) for content_type in found),
        key=lambda choice: choice[1],
    )


class AuditFilter(FilterSet):
    actor = django_filters.CharFilter(
        field_name="actor_name", lookup_expr="icontains", label=_("user")
    )
    action = django_filters.ChoiceFilter(choices=AuditAction.choices, label=_("action"))
    record = django_filters.CharFilter(
        field_name="object_repr", lookup_expr="icontains", label=_("record")
    )
    content_type = django_filters.ChoiceFilter(choices=record_types, label=_("record type"))
    since = django_filters.DateFilter(
        field_name="at", lookup_expr="date__gte", label=_("from"), widget=DATE_INPUT
    )
    until = django_filters.DateFilter(
        field_name="at", lookup_expr="date__lte", label=_("to"), widget=DATE_INPUT
    )

    class Meta:
        model = AuditEntry
        fields = ["actor", "action", "record", "content_type", "since", "until"]


class PersonalDataAccessFilter(FilterSet):
    """The filters of the personal data access log (page and API)."""

    user = django_filters.CharFilter(
        field_name="user_name", lookup_expr="icontains", label=_("user")
    )
    kind = django_filters.ChoiceFilter(choices=PersonalDataAccessKind.choices, label=_("kind"))
    since = django_filters.DateFilter(
        field_name="at", lookup_expr="date__gte", label=_("from"), widget=DATE_INPUT
    )
    until = django_filters.DateFilter(
        field_name="at", lookup_expr="date__lte", label=_("to"), widget=DATE_INPUT
    )

    class Meta:
        model = PersonalDataAccess
        fields = ["user", "kind", "since", "until"]
