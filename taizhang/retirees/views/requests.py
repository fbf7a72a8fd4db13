"""Service requests of retirees (服务诉求): the list, recording one (referred to a department
as a supervised item, or handled by the community), one request, and closing one the
community handled."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _

from taizhang.core import printing
from taizhang.core.access import access_record, can_write, reads_ledgers, require, writes_for
from taizhang.core.requests import AuthedRequest
from taizhang.core.views.records import record_context
from taizhang.lib import clock
from taizhang.retirees.forms import CloseRequestForm, ServiceRequestForm
from taizhang.retirees.models import ServiceRequest
from taizhang.retirees.services import requests as services
from taizhang.retirees.views.common import PAGE_SIZE, form_page, page, refused


def request_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    rows = (
        ServiceRequest.objects.for_user(request.user)
        .select_related("retiree__person__unit", "department", "item")
        .order_by("-received_on", "-pk")
    )
    if request.GET.get("open"):
        rows = rows.filter(closed_on__isnull=True, item__closed_at__isnull=True)
    return page(
        request,
        "retirees/request_list.html",
        {"page": printing.page_of(request, rows, PAGE_SIZE)},
    )


def request_create(request: AuthedRequest) -> HttpResponse:
    require(can_write(request.user))
    initial = {}
    if request.method == "GET" and request.GET.get("retiree", "").isdigit():
        initial["retiree"] = request.GET["retiree"]
    form = ServiceRequestForm(
        request.POST if request.method == "POST" else None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        retiree = data.pop("retiree")
        try:
            record = services.record_request(retiree, by=request.user, **data)
        except ValidationError as error:
            refused(request, form, error)
        else:
            messages.success(request, _("Request recorded."))
            return redirect(record)
    return form_page(
        request, form, title=_("Record a service request"), cancel=reverse("retirees-requests")
    )


def request_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    record = access_record(ServiceRequest, pk, request.user)
    may_close = (
        record.item_id is None
        and record.closed_on is None
        and writes_for(request.user, record.retiree.person.unit)
    )
    return page(
        request,
        "retirees/request_detail.html",
        {
            "record": record,
            "close_form": CloseRequestForm(initial={"closed_on": clock.today()})
            if may_close
            else None,
            **record_context(request, record),
        },
    )


def request_close(request: AuthedRequest, pk: int) -> HttpResponse:
    record = access_record(ServiceRequest, pk, request.user, write=True)
    form = CloseRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_request(record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refused(request, form, error)
        else:
            messages.success(request, _("Request closed."))
            return redirect(record)
    return form_page(request, form, title=_("Close the request"), cancel=record.get_absolute_url())


urlpatterns = [
    path("requests/", request_list, name="retirees-requests"),
    path("requests/new/", request_create, name="retirees-request-create"),
    path("requests/<int:pk>/", request_detail, name="retirees-request"),
    path("requests/<int:pk>/close/", request_close, name="retirees-request-close"),
]
