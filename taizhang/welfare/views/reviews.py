"""Periodic reviews (定期复核): the list of enrolments due (or overdue) for review, and the page
of one enrolment's review with its outcome and written reason."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from taizhang.core import printing
from taizhang.core.access import access_record, can_write, reads_ledgers, require, writes_for
from taizhang.core.requests import AuthedRequest
from taizhang.lib import clock
from taizhang.welfare.filters import ReviewDueFilter
from taizhang.welfare.forms.applications import ReviewForm
from taizhang.welfare.models import Enrolment, EnrolmentStatus
from taizhang.welfare.services import reviews as services

NAV = "welfare"
PAGE_SIZE = 50


def review_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    found = ReviewDueFilter(
        request.GET, queryset=Enrolment.objects.for_user(request.user), request=request
    )
    rows = services.due(found.qs).select_related("programme", "person__unit")
    return render(
        request,
        "welfare/review_list.html",
        {
            "filter": found,
            "page": printing.page_of(request, rows, PAGE_SIZE),
            "today": clock.today(),
            "active_nav": NAV,
            "may_write": can_write(request.user),
        },
    )


def review_record(request: AuthedRequest, pk: int) -> HttpResponse:
    enrolment = access_record(Enrolment, pk, request.user)
    may = enrolment.status == EnrolmentStatus.ACTIVE and writes_for(
        request.user, enrolment.person.unit
    )
    form = ReviewForm(
        request.POST or None,
        initial={"reviewed_on": clock.today(), "income_unstable": enrolment.income_unstable},
    )
    if request.method == "POST":
        require(may)
        if form.is_valid():
            try:
                services.record_review(enrolment, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                for field, errors in (
                    error.message_dict.items()
                    if hasattr(error, "error_dict")
                    else [(None, error.messages)]
                ):
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Review recorded."))
                return redirect("welfare-review-list")
    return render(
        request,
        "welfare/review_form.html",
        {
            "enrolment": enrolment,
            "form": form,
            "may": may,
            "reviews": enrolment.reviews.select_related("reviewed_by"),
            "active_nav": NAV,
            "may_write": can_write(request.user),
        },
    )


urlpatterns = [
    path("reviews/", review_list, name="welfare-review-list"),
    path("reviews/<int:pk>/", review_record, name="welfare-review"),
]
