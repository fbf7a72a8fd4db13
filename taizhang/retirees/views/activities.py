"""Activities and outreach campaigns (宣传活动, 学习活动, 健康讲座, 生日慰问): the list, one
activity with its attendance and photos, and recording one with the attendance ticked from the
community's roster."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _

from taizhang.core import printing
from taizhang.core.access import access_record, can_write, reads_ledgers, require
from taizhang.core.models import Unit
from taizhang.core.requests import AuthedRequest
from taizhang.core.views.records import record_context
from taizhang.retirees.filters import ActivityFilter
from taizhang.retirees.forms import ActivityForm
from taizhang.retirees.models import Activity
from taizhang.retirees.services import activities as services
from taizhang.retirees.views.common import PAGE_SIZE, form_page, page, refused


def activity_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    activities = ActivityFilter(
        request.GET, queryset=Activity.objects.for_user(request.user), request=request
    )
    rows = (
        activities.qs.select_related("unit")
        .annotate(attending=Count("attendance"))
        .order_by("-held_on", "-pk")
    )
    return page(
        request,
        "retirees/activity_list.html",
        {"filter": activities, "page": printing.page_of(request, rows, PAGE_SIZE)},
    )


def activity_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    activity = access_record(Activity, pk, request.user)
    attendees = activity.attendees.select_related("person__unit").order_by("person__name")
    return page(
        request,
        "retirees/activity_detail.html",
        {"activity": activity, "attendees": attendees, **record_context(request, activity)},
    )


def activity_create(request: AuthedRequest) -> HttpResponse:
    require(can_write(request.user))
    unit = None
    if request.GET.get("unit", "").isdigit():
        unit = Unit.objects.for_user(request.user).filter(pk=request.GET["unit"]).first()
    form = ActivityForm(
        request.POST if request.method == "POST" else None,
        request.FILES or None,
        user=request.user,
        unit=unit,
        initial={"unit": unit.pk} if unit else {},
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.record_activity(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refused(request, form, error)
        else:
            messages.success(request, _("Activity recorded."))
            return redirect(activity)
    return form_page(
        request,
        form,
        title=_("Record an activity"),
        cancel=reverse("retirees-activities"),
        multipart=True,
    )


urlpatterns = [
    path("activities/", activity_list, name="retirees-activities"),
    path("activities/new/", activity_create, name="retirees-activity-create"),
    path("activities/<int:pk>/", activity_detail, name="retirees-activity"),
]
