"""The audit log (审计日志): every change the user may read, filterable, read-only."""

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import AuditAction, AuditEntry


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
    since = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label=_("from"))
    until = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("to"))

    class Meta:
        model = AuditEntry
        fields = ["actor", "action", "record", "content_type", "since", "until"]


def audit_log(request: HttpRequest) -> HttpResponse:
    entries = AuditFilter(
        request.GET,
        queryset=AuditEntry.objects.for_user(request.user).select_related("content_type"),
    )
    page = Paginator(entries.qs, 50).get_page(request.GET.get("page"))
    return render(
        request, "core/audit_log.html", {"filter": entries, "page": page, "active_nav": "audit"}
    )
