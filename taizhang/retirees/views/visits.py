"""Monthly visits (走访): the plan of the month (who on a visited list is due, who overdue, per
community), the visits recorded, and recording one with its photos."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _

from taizhang.core import printing
from taizhang.core.access import access_record, can_write, reads_ledgers, require
from taizhang.core.requests import AuthedRequest
from taizhang.core.views.records import record_context
from taizhang.lib import clock
from taizhang.retirees import queries
from taizhang.retirees.filters import VisitFilter
from taizhang.retirees.forms import VisitForm
from taizhang.retirees.models import Retiree, RetireeVisit
from taizhang.retirees.services import visits as services
from taizhang.retirees.views.common import PAGE_SIZE, form_page, page, refused


def visit_plan(request: AuthedRequest) -> HttpResponse:
    """This month's visits: members of 特困, 孤寡, 重病 not yet visited (overdue first)."""
    require(reads_ledgers(request.user))
    today = clock.today()
    retirees = Retiree.objects.for_user(request.user)
    rows = (
        queries.visits_due(retirees, today)
        .select_related("person__unit")
        .order_by("-listed_last_month", "visited_last_month", "person__unit__code", "person__name")
    )
    return page(
        request,
        "retirees/visit_plan.html",
        {
            "page": printing.page_of(request, rows, PAGE_SIZE),
            "communities": queries.community_figures(retirees, today),
            "today": today,
        },
    )


def visit_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    visits = VisitFilter(
        request.GET, queryset=RetireeVisit.objects.for_user(request.user), request=request
    )
    rows = visits.qs.select_related("retiree__person__unit").order_by("-visited_on", "-pk")
    return page(
        request,
        "retirees/visit_list.html",
        {"filter": visits, "page": printing.page_of(request, rows, PAGE_SIZE)},
    )


def visit_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    visit = access_record(RetireeVisit, pk, request.user)
    return page(
        request, "retirees/visit_detail.html", {"visit": visit, **record_context(request, visit)}
    )


def visit_create(request: AuthedRequest) -> HttpResponse:
    require(can_write(request.user))
    initial = {}
    if request.method == "GET" and request.GET.get("retiree", "").isdigit():
        initial["retiree"] = request.GET["retiree"]
    form = VisitForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        retiree = data.pop("retiree")
        try:
            visit = services.record_visit(retiree, by=request.user, **data)
        except ValidationError as error:
            refused(request, form, error)
        else:
            messages.success(request, _("Visit recorded."))
            return redirect(visit)
    return form_page(
        request,
        form,
        title=_("Record a visit"),
        cancel=reverse("retirees-visit-plan"),
        multipart=True,
    )


urlpatterns = [
    path("visits/", visit_list, name="retirees-visits"),
    path("visits/plan/", visit_plan, name="retirees-visit-plan"),
    path("visits/new/", visit_create, name="retirees-visit-create"),
    path("visits/<int:pk>/", visit_detail, name="retirees-visit"),
]
