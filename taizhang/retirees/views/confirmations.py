"""Pension eligibility confirmations (领取养老金资格认证): the lists due this month and overdue,
recording a confirmation, marking pensions overdue past the grace period to be suspended, and
the pension changes for the social insurance agency (exported through the ledger
"retirees-pension-changes")."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taizhang.core import printing
from taizhang.core.access import access_record, can_write, reads_ledgers, require
from taizhang.core.requests import AuthedRequest
from taizhang.lib import clock
from taizhang.retirees.filters import PensionEventFilter
from taizhang.retirees.forms import ConfirmationForm
from taizhang.retirees.models import PensionEvent, Retiree
from taizhang.retirees.services import confirmations as services
from taizhang.retirees.views.common import PAGE_SIZE, form_page, page, refused

STATES = ("overdue", "due")


def confirmation_list(request: AuthedRequest) -> HttpResponse:
    """Retirees whose confirmation is overdue (the default) or due this month."""
    require(reads_ledgers(request.user))
    state = request.GET.get("state") if request.GET.get("state") in STATES else "overdue"
    today = clock.today()
    retirees = Retiree.objects.for_user(request.user)
    rows = (
        (retirees.due(today) if state == "due" else retirees.overdue(today))
        .select_related("person__unit")
        .order_by("next_due_on", "person__name", "pk")
    )
    return page(
        request,
        "retirees/confirmation_list.html",
        {
            "state": state,
            "page": printing.page_of(request, rows, PAGE_SIZE),
            "today": today,
            "grace_months": services.grace_months(),
        },
    )


def confirmation_create(request: AuthedRequest, pk: int) -> HttpResponse:
    retiree = access_record(Retiree, pk, request.user, write=True)
    form = ConfirmationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_confirmation(retiree, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refused(request, form, error)
        else:
            messages.success(request, _("Confirmation recorded."))
            return redirect(retiree)
    return form_page(
        request,
        form,
        title=_("Record the confirmation of %(name)s") % {"name": retiree.person.name},
        cancel=retiree.get_absolute_url(),
    )


@require_POST
def mark_suspensions(request: AuthedRequest) -> HttpResponse:
    require(can_write(request.user))
    events = services.mark_suspensions(by=request.user)
    messages.success(
        request, _("%(count)d pensions marked to be suspended.") % {"count": len(events)}
    )
    return redirect(reverse("retirees-pension-changes") + "?open=true")


@require_POST
def mark_resumed(request: AuthedRequest, pk: int) -> HttpResponse:
    retiree = access_record(Retiree, pk, request.user, write=True)
    try:
        services.mark_resumed(retiree, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Pension marked as resumed."))
    return redirect(retiree)


def pension_changes(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    changes = PensionEventFilter(
        request.GET, queryset=PensionEvent.objects.for_user(request.user), request=request
    )
    rows = changes.qs.select_related("retiree__person__unit").order_by("-on", "-pk")
    return page(
        request,
        "retirees/pension_changes.html",
        {
            "filter": changes,
            "page": printing.page_of(request, rows, PAGE_SIZE),
            "query": request.GET.urlencode(),
        },
    )


urlpatterns = [
    path("confirmations/", confirmation_list, name="retirees-confirmations"),
    path("confirmations/suspend/", mark_suspensions, name="retirees-mark-suspensions"),
    path("pension-changes/", pension_changes, name="retirees-pension-changes"),
    path("<int:pk>/confirm/", confirmation_create, name="retirees-confirmation-create"),
    path("<int:pk>/resumed/", mark_resumed, name="retirees-resumed"),
]
