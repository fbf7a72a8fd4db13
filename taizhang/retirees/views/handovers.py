"""The handover ledger (移交台账): batches, one batch with its retirees, adding a retiree to a
batch and recording a later check."""

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
from taizhang.core.views.records import record_context
from taizhang.retirees.forms import HandoverBatchForm, HandoverItemForm
from taizhang.retirees.models import HandoverBatch, HandoverItem
from taizhang.retirees.services import handovers as services
from taizhang.retirees.views.common import PAGE_SIZE, form_page, page, refused


def batch_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    rows = (
        HandoverBatch.objects.for_user(request.user)
        .select_related("unit", "employer")
        .order_by("-received_on", "-pk")
    )
    return page(
        request,
        "retirees/handover_list.html",
        {"page": printing.page_of(request, rows, PAGE_SIZE)},
    )


def batch_create(request: AuthedRequest) -> HttpResponse:
    require(can_write(request.user))
    form = HandoverBatchForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.create_batch(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refused(request, form, error)
        else:
            messages.success(request, _("Handover batch recorded."))
            return redirect(batch)
    return form_page(
        request, form, title=_("Record a handover batch"), cancel=reverse("retirees-handovers")
    )


def batch_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    batch = access_record(HandoverBatch, pk, request.user)
    items = batch.items.select_related("retiree__person")
    return page(
        request,
        "retirees/handover_detail.html",
        {
            "batch": batch,
            "items": items,
            "missing": sum(1 for item in items if not item.file_received),
            "item_form": HandoverItemForm(user=request.user, unit=batch.unit),
            **record_context(request, batch),
        },
    )


@require_POST
def item_create(request: AuthedRequest, pk: int) -> HttpResponse:
    batch = access_record(HandoverBatch, pk, request.user, write=True)
    form = HandoverItemForm(request.POST, user=request.user, unit=batch.unit)
    if form.is_valid():
        data = dict(form.cleaned_data)
        retiree = data.pop("retiree")
        try:
            services.add_item(batch, retiree, by=request.user, **data)
        except ValidationError as error:
            refused(request, form, error)
        else:
            messages.success(request, _("Retiree added to the batch."))
    else:
        messages.error(request, _("Choose a retiree of the receiving unit."))
    return redirect(batch)


def item_check(request: AuthedRequest, pk: int) -> HttpResponse:
    item = access_record(HandoverItem, pk, request.user, write=True)
    initial = {
        "file_received": item.file_received,
        "missing_note": item.missing_note,
        "party_transferred": item.party_transferred,
        "checked_by": item.checked_by,
        "checked_on": item.checked_on,
    }
    form = HandoverItemForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_item(item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refused(request, form, error)
        else:
            messages.success(request, _("Check recorded."))
            return redirect(item.batch)
    return form_page(
        request,
        form,
        title=_("Check %(name)s's handover") % {"name": item.retiree.person.name},
        cancel=item.batch.get_absolute_url(),
    )


urlpatterns = [
    path("handovers/", batch_list, name="retirees-handovers"),
    path("handovers/new/", batch_create, name="retirees-handover-create"),
    path("handovers/<int:pk>/", batch_detail, name="retirees-handover"),
    path("handovers/<int:pk>/items/", item_create, name="retirees-handover-item-create"),
    path("handovers/items/<int:pk>/", item_check, name="retirees-handover-item-check"),
]
