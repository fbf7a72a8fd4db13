"""Hand-out pages (实物发放), made for a clerk's phone at the distribution site: find the
household by name or the last digits of an ID number, confirm with a signature drawn on screen
or a one-time code, and watch the remaining stock and the not-yet-collected list refresh live
(htmx polls a partial). Stock received is entered on its own page.

A village clerk runs the hand-out of a cycle owned by the subdistrict above it: the cycle is
shown to whoever reads it or sees one of its entitlements, and every list starts from the
entitlements the user may see."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core import personal, printing
from taizhang.core.access import reads_ledgers, require, scope, writable_units, writes_for
from taizhang.core.models import Unit
from taizhang.core.requests import AuthedRequest
from taizhang.people.models import HouseholdMember
from taizhang.welfare.models import (
    BasketItem,
    Cycle,
    CycleStatus,
    Entitlement,
    Handout,
    ProgrammeKind,
    Stock,
)
from taizhang.welfare.services import handouts as services
from taizhang.welfare.views import visits

NAV = "welfare-handouts"
RESULTS = 20  # search hits shown on the phone
NOT_COLLECTED_PAGE = 50


# Access -----------------------------------------------------------------------------------


def cycle_for(request: AuthedRequest, pk: int) -> Cycle:
    require(reads_ledgers(request.user))
    cycle = services.visible_cycle(request.user, pk)
    if cycle is None:
        raise Http404
    return cycle


def entitlement_for(request: AuthedRequest, pk: int) -> Entitlement:
    require(reads_ledgers(request.user))
    entitlement = (
        scope(Entitlement.objects.all(), request.user)
        .filter(pk=pk, cycle__programme__kind=ProgrammeKind.IN_KIND)
        .select_related("cycle__programme", "person", "household", "unit")
        .first()
    )
    if entitlement is None:
        raise Http404
    return entitlement


# What the pages show ----------------------------------------------------------------------


def row_of(entitlement: Entitlement, user: Any) -> dict[str, Any]:
    """An entitlement as a line of the phone's lists: the ID number masked."""
    person = entitlement.person
    return {
        "entitlement": entitlement,
        "name": person.name,
        "id_number": personal.shown(person, "id_number", user) or "—",
        "household": entitlement.household.number if entitlement.household else "",
        "unit": entitlement.unit.name,
    }


def stock_rows(cycle: Cycle, user: Any) -> QuerySet[Stock]:
    return (
        scope(Stock.objects.filter(cycle=cycle), user)
        .select_related("unit", "item")
        .order_by("unit__code", "item_id")
    )


def status_context(request: AuthedRequest, cycle: Cycle) -> dict[str, Any]:
    seen = services.entitlements_for(request.user, cycle)
    counts = seen.aggregate(total=Count("pk"), done=Count("pk", filter=Q(handout__isnull=False)))
    waiting = services.not_collected(seen).select_related("person", "household", "unit")
    page = printing.page_of(request, waiting.order_by("unit__code", "household__number", "pk"), 10)
    return {
        "cycle": cycle,
        "stock": stock_rows(cycle, request.user),
        "total": counts["total"],
        "done": counts["done"],
        "waiting_page": page,
        "waiting": [row_of(e, request.user) for e in page],
    }


# Pages ------------------------------------------------------------------------------------


def handout_cycles(request: AuthedRequest) -> HttpResponse:
    """The in-kind cycles to hand out, with how many of the user's households have collected."""
    require(reads_ledgers(request.user))
    cycles = list(services.in_kind_cycles(request.user).order_by("-period", "pk")[:100])
    seen = scope(Entitlement.objects.filter(cycle__in=cycles), request.user)
    counts = {
        row["cycle_id"]: row
        for row in seen.values("cycle_id").annotate(
            total=Count("pk"), done=Count("pk", filter=Q(handout__isnull=False))
        )
    }
    rows = [(cycle, counts.get(cycle.pk, {"total": 0, "done": 0})) for cycle in cycles]
    return render(request, "welfare/handout_cycles.html", {"rows": rows, "active_nav": NAV})


def handout(request: AuthedRequest, pk: int) -> HttpResponse:
    """Search the cycle's households to hand out to (by name or the ID number's last digits)."""
    cycle = cycle_for(request, pk)
    query = request.GET.get("q", "").strip()[:50]
    results: list[dict[str, Any]] = []
    if query:
        found = services.search(request.user, cycle, query)
        rows = found.select_related("person", "household", "unit", "handout").order_by(
            "unit__code", "person__name", "pk"
        )[:RESULTS]
        results = [{**row_of(e, request.user), "collected": hasattr(e, "handout")} for e in rows]
    # A search answers with its hits alone; the stock and the not-collected list, which
    # count the whole cycle, come right after through htmx (and on the page without a query).
    status = {"cycle": cycle} if query else status_context(request, cycle)
    return render(
        request,
        "welfare/handout.html",
        {
            "query": query,
            "results": results,
            "basket": services.basket_of(cycle),
            "approved": cycle.status == CycleStatus.APPROVED,
            "active_nav": NAV,
            **status,
        },
    )


def handout_status(request: AuthedRequest, pk: int) -> HttpResponse:
    """The live part of the hand-out page: stock left and households not yet collected."""
    cycle = cycle_for(request, pk)
    return render(request, "welfare/_handout_status.html", status_context(request, cycle))


class ConfirmForm(forms.Form):
    received_by = forms.ChoiceField(label=gettext_lazy("collected by"))
    signature = forms.CharField(required=False, widget=forms.HiddenInput)
    code = forms.CharField(
        label=gettext_lazy("code from the recipient's phone"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def __init__(self, *args: Any, entitlement: Entitlement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = [entitlement.person.name]
        if entitlement.household_id:
            members = HouseholdMember.objects.filter(household_id=entitlement.household_id)
            names += [n for n in members.values_list("person__name", flat=True) if n not in names]
        field = self.fields["received_by"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(name, name) for name in names]


def handout_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    """Confirm one hand-out: the basket, who collects, a signature or a one-time code."""
    entitlement = entitlement_for(request, pk)
    cycle = entitlement.cycle
    back = reverse("welfare-handout", args=[cycle.pk])
    form = ConfirmForm(request.POST or None, entitlement=entitlement)
    done = Handout.objects.filter(entitlement=entitlement).select_related("recorded_by").first()
    if request.method == "POST":
        require(writes_for(request.user, entitlement.unit))
        action = request.POST.get("action", "")
        try:
            if action == "send_code":
                row = services.issue_code(entitlement, by=request.user)
                messages.success(
                    request, _("A code was sent to %(phone)s.") % {"phone": row.sent_to}
                )
                return redirect("welfare-handout-confirm", pk=entitlement.pk)
            if form.is_valid():
                data = form.cleaned_data
                services.record_handout(
                    entitlement,
                    by=request.user,
                    received_by=data["received_by"],
                    signature=data["signature"] if action == "sign" else "",
                    code=data["code"] if action == "code" else "",
                )
                messages.success(
                    request,
                    _("Handed out to household %(household)s (%(name)s).")
                    % {
                        "household": entitlement.household.number if entitlement.household else "—",
                        "name": data["received_by"],
                    },
                )
                return redirect(back)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("welfare-handout-confirm", pk=entitlement.pk)
    return render(
        request,
        "welfare/handout_confirm.html",
        {
            "cycle": cycle,
            "row": row_of(entitlement, request.user),
            "basket": services.basket_of(cycle),
            "form": form,
            "done": done,
            "writes": writes_for(request.user, entitlement.unit),
            "approved": cycle.status == CycleStatus.APPROVED,
            "has_phone": bool(entitlement.person.phone),
            "back": back,
            "active_nav": NAV,
        },
    )


class StockForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("village"), queryset=Unit.objects.none())
    item = forms.ModelChoiceField(label=gettext_lazy("item"), queryset=BasketItem.objects.none())
    quantity = forms.DecimalField(
        label=gettext_lazy("quantity"), max_digits=12, decimal_places=2, min_value=Decimal("0")
    )
    correction = forms.BooleanField(
        label=gettext_lazy("correction: this is the whole quantity received"), required=False
    )
    reason = forms.CharField(label=gettext_lazy("reason"), required=False, max_length=200)

    def __init__(self, *args: Any, cycle: Cycle, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        villages = Unit.objects.filter(
            Q(path__startswith=cycle.programme.owner.path)
            | Q(pk__in=cycle.entitlements.values("unit_id")),
            kind__in=("village", "community"),
        )
        unit_field = self.fields["unit"]
        item_field = self.fields["item"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        assert isinstance(item_field, forms.ModelChoiceField)
        unit_field.queryset = writable_units(user, villages).order_by("code")
        item_field.queryset = cycle.programme.basket.all()
        if unit_field.queryset.count() == 1:
            unit_field.initial = unit_field.queryset.first()


def stock(request: AuthedRequest, pk: int) -> HttpResponse:
    """The stock of the cycle per village and item, and goods received (入库)."""
    cycle = cycle_for(request, pk)
    form = StockForm(request.POST or None, cycle=cycle, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.receive_stock(
                    cycle,
                    by=request.user,
                    unit=data["unit"],
                    item=data["item"],
                    quantity=data["quantity"],
                    correction=data["correction"],
                    reason=data["reason"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Stock saved."))
                return redirect("welfare-stock", pk=cycle.pk)
        else:
            messages.error(request, _("Check the quantity, the village and the item."))
    return render(
        request,
        "welfare/stock.html",
        {"cycle": cycle, "stock": stock_rows(cycle, request.user), "form": form, "active_nav": NAV},
    )


class VillageFilter(forms.Form):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("village"), queryset=Unit.objects.none(), required=False
    )


def not_collected(request: AuthedRequest, pk: int) -> HttpResponse:
    """Households of the cycle that have not collected yet, by village."""
    cycle = cycle_for(request, pk)
    seen = services.entitlements_for(request.user, cycle)
    villages = VillageFilter(request.GET)
    field = villages.fields["unit"]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = Unit.objects.filter(pk__in=seen.values("unit_id")).order_by("code")
    waiting = services.not_collected(seen)
    if villages.is_valid() and villages.cleaned_data["unit"]:
        waiting = waiting.filter(unit=villages.cleaned_data["unit"])
    rows = waiting.select_related("person", "household", "unit").order_by(
        "unit__code", "household__number", "pk"
    )
    page = printing.page_of(request, rows, NOT_COLLECTED_PAGE)
    return render(
        request,
        "welfare/not_collected.html",
        {
            "cycle": cycle,
            "villages": villages,
            "page": page,
            "rows": [row_of(e, request.user) for e in page],
            "active_nav": NAV,
        },
    )


urlpatterns = [
    path("handouts/", handout_cycles, name="welfare-handout-cycles"),
    path("cycles/<int:pk>/handout/", handout, name="welfare-handout"),
    path("cycles/<int:pk>/handout/status/", handout_status, name="welfare-handout-status"),
    path("cycles/<int:pk>/stock/", stock, name="welfare-stock"),
    path("cycles/<int:pk>/not-collected/", not_collected, name="welfare-not-collected"),
    path("entitlements/<int:pk>/handout/", handout_confirm, name="welfare-handout-confirm"),
    *visits.urlpatterns,
]
