"""The land pages under /land/: parcels, contracts (a list paginated in the database, a
contract with its parcels, schedule and payments; the forms to make one and to record its
filing, an inspection or its termination, each calling the service the API calls), payments
due with the payment form, the collective's income ledger and the dashboard of a village or
subdistrict."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from taizhang.core import printing
from taizhang.core.access import access_record, can_write, reads_ledgers, require, writes_for
from taizhang.core.forms import show_refusal
from taizhang.core.requests import AuthedRequest
from taizhang.core.views.excel import ledger_links
from taizhang.core.views.records import record_context
from taizhang.land import queries, services
from taizhang.land.filters import ContractFilter, DueFilter, IncomeFilter, ParcelFilter
from taizhang.land.forms import (
    ContractForm,
    DividendForm,
    FiguresForm,
    FilingForm,
    IncomeForm,
    KindPriceForm,
    ObservationForm,
    PaymentForm,
    TerminationForm,
)
from taizhang.land.intake_draft import LandFiguresDraft
from taizhang.land.models import (
    CollectiveIncome,
    Contract,
    ContractParcel,
    DuePayment,
    KindPrice,
    Parcel,
    Payment,
    PublishedLandFigures,
)
from taizhang.lib import clock

NAV = "land"
PAGE_SIZE = 50


def parcel_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    parcels = ParcelFilter(
        request.GET, queryset=Parcel.objects.for_user(request.user), request=request
    )
    rows = parcels.qs.select_related("household__unit").order_by(
        "household__unit__code", "household__number", "code", "pk"
    )
    page = printing.page_of(request, rows, PAGE_SIZE)
    return render(
        request,
        "land/parcel_list.html",
        {
            "filter": parcels,
            "page": page,
            "excel": ledger_links(request, "land-parcels"),
            "active_nav": NAV,
        },
    )


def parcel_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    parcel = access_record(Parcel, pk, request.user)
    transfers = parcel.transfers.select_related("contract").order_by("-contract__starts_on")
    return render(
        request,
        "land/parcel_detail.html",
        {
            "parcel": parcel,
            "transfers": transfers,
            "active_nav": NAV,
            **record_context(request, parcel),
        },
    )


def contract_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    contracts = ContractFilter(
        request.GET, queryset=Contract.objects.for_user(request.user), request=request
    )
    rows = contracts.qs.select_related(
        "unit", "transferee_organisation", "transferee_person"
    ).order_by("unit__code", "number", "pk")
    page = printing.page_of(request, rows, PAGE_SIZE)
    # The area of the page's contracts in one query, not one per row.
    ids = [contract.pk for contract in page]
    areas = queries.areas_of(ids)
    for contract in page:
        contract.area_mu = areas.get(contract.pk)
    return render(
        request,
        "land/contract_list.html",
        {
            "filter": contracts,
            "page": page,
            "may_write": can_write(request.user),
            "active_nav": NAV,
        },
    )


def contract_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    contract = access_record(Contract, pk, request.user)
    shares = ContractParcel.objects.filter(contract=contract).select_related("parcel__household")
    dues = (
        DuePayment.objects.filter(contract=contract)
        .with_paid()
        .select_related("household")
        .prefetch_related(Prefetch("payments", queryset=Payment.objects.order_by("paid_on")))
        .order_by("due_on", "household__number")
    )
    today = clock.today()
    return render(
        request,
        "land/contract_detail.html",
        {
            "contract": contract,
            "shares": shares,
            "dues": dues,
            "today": today,
            "may_pay": writes_for(request.user, contract.unit),
            "subtransfers": contract.subtransfers.order_by("number"),
            "active_nav": NAV,
            **record_context(request, contract),
        },
    )


def _form_page(
    request: AuthedRequest, form: Form, *, title: str, cancel: str, intro: str = ""
) -> HttpResponse:
    return render(
        request,
        "land/form.html",
        {"form": form, "title": title, "intro": intro, "cancel": cancel, "active_nav": NAV},
    )


def contract_create(request: AuthedRequest) -> HttpResponse:
    """Make a transfer contract with its parcels; the service checks every rule and makes the
    schedule of payments."""
    require(can_write(request.user))
    form = ContractForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.create_contract(
                by=request.user,
                unit=form.cleaned_data["unit"],
                shares=form.cleaned_data["parcels"],
                **form.contract_fields(),
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The contract is recorded with its schedule."))
            return redirect(contract)
    return _form_page(
        request,
        form,
        title=_("New transfer contract"),
        intro=_("Every clause of 农村土地承包法 Art. 40 is required."),
        cancel=reverse("land-contract-list"),
    )


def _contract_action(
    request: AuthedRequest, pk: int, form_class: type[Form], title: str, done: str, act: Any
) -> HttpResponse:
    """A form that changes a contract through `act(contract, data)`, a service."""
    contract = access_record(Contract, pk, request.user, write=True)
    initial = {"use_changed": contract.use_changed, "abandoned": contract.abandoned}
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            act(contract, form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, done)
            return redirect(contract)
    return _form_page(
        request,
        form,
        title=f"{title} · {contract.number}",
        cancel=contract.get_absolute_url(),
    )


def contract_filing(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record the filing (备案) with the collective and the township."""
    return _contract_action(
        request,
        pk,
        FilingForm,
        _("Record the filing"),
        _("The filing is recorded."),
        lambda contract, data: services.file_contract(
            contract,
            by=request.user,
            collective_on=data["filed_with_collective_on"],
            township_on=data["filed_with_township_on"],
        ),
    )


def contract_observation(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record what an inspection found: the use changed, the land left idle."""
    return _contract_action(
        request,
        pk,
        ObservationForm,
        _("Record an inspection"),
        _("The inspection is recorded."),
        lambda contract, data: services.record_observation(contract, by=request.user, **data),
    )


def contract_termination(request: AuthedRequest, pk: int) -> HttpResponse:
    """End a contract early on a ground the law allows, with the reason."""
    return _contract_action(
        request,
        pk,
        TerminationForm,
        _("Terminate the contract"),
        _("The contract is terminated."),
        lambda contract, data: services.terminate_contract(
            contract,
            by=request.user,
            on=data["terminated_on"],
            ground=data["ground"],
            reason=data["reason"],
        ),
    )


def contract_dividend(request: AuthedRequest, pk: int) -> HttpResponse:
    """Declare the year's dividend of a shares contract, paid within its floor and cap."""
    return _contract_action(
        request,
        pk,
        DividendForm,
        _("Declare the dividend"),
        _("The dividend is declared; what is due follows."),
        lambda contract, data: services.declare_dividend(contract, by=request.user, **data),
    )


def kind_prices(request: AuthedRequest) -> HttpResponse:
    """The yearly prices of goods paid in kind (实物折价), and setting one."""
    require(reads_ledgers(request.user))
    may_write = can_write(request.user)
    form = None
    if may_write:
        form = KindPriceForm(request.POST if request.method == "POST" else None, user=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                services.set_kind_price(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(request, _("The price is set; what is due follows."))
                return redirect("land-kind-prices")
    elif request.method == "POST":
        require(False)
    rows = KindPrice.objects.for_user(request.user).select_related("unit")
    page = printing.page_of(request, rows.order_by("-year", "goods", "pk"), PAGE_SIZE)
    return render(
        request,
        "land/kind_prices.html",
        {"page": page, "form": form, "active_nav": NAV},
    )


def due_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    dues = DueFilter(
        request.GET,
        queryset=DuePayment.objects.for_user(request.user).with_paid(),
        request=request,
    )
    rows = dues.qs.select_related("contract__unit", "household").order_by("due_on", "pk")
    page = printing.page_of(request, rows, PAGE_SIZE)
    return render(
        request,
        "land/due_list.html",
        {
            "filter": dues,
            "page": page,
            "today": clock.today(),
            "may_write": can_write(request.user),
            "active_nav": NAV,
        },
    )


def payment_create(request: AuthedRequest, due_pk: int) -> HttpResponse:
    """Record a payment to a household against what is due to it (from the workbench)."""
    due = access_record(DuePayment, due_pk, request.user, write=True)
    owed = due.amount_yuan - sum((p.amount_yuan for p in due.payments.all()), start=0)
    form = PaymentForm(
        request.POST or None,
        initial={"paid_on": clock.today(), "amount_yuan": max(owed, 0) or None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_payment(due, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The payment is recorded."))
            return redirect(due.contract.get_absolute_url())
    return render(
        request,
        "land/payment_form.html",
        {"form": form, "due": due, "owed": owed, "active_nav": NAV},
    )


def income_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    income = IncomeFilter(
        request.GET, queryset=CollectiveIncome.objects.for_user(request.user), request=request
    )
    rows = income.qs.select_related("unit").order_by("-received_on", "-pk")
    page = printing.page_of(request, rows, PAGE_SIZE)
    return render(
        request,
        "land/income_list.html",
        {
            "filter": income,
            "page": page,
            "totals": queries.income_by_year(income.qs),
            "may_write": can_write(request.user),
            "active_nav": NAV,
        },
    )


def income_create(request: AuthedRequest) -> HttpResponse:
    require(can_write(request.user))
    form = IncomeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_income(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The income is recorded."))
            return redirect("land-income-list")
    return render(request, "land/income_form.html", {"form": form, "active_nav": NAV})


def _map_data(parcel_map: queries.ParcelMap) -> dict[str, Any]:
    """The map's points and labels for the page's script (json_script: no inline script)."""
    return {
        "points": [
            {
                "name": f"{point['code']} {point['name']}",
                "value": [float(point["longitude"]), float(point["latitude"])],
                "state": point["state"],
                "village": point["household__unit__name"],
                "household": point["household__number"],
                "area_mu": str(point["registered_area_mu"]),
                "measured_mu": None
                if point["measured_area_mu"] is None
                else str(point["measured_area_mu"]),
                "transferee": point["transferee"] or "",
                "url": reverse("land-parcel", args=[point["pk"]]),
            }
            for point in parcel_map.points
        ],
        "labels": {
            "states": {
                queries.ParcelState.TRANSFERRED: _("Transferred under a contract in force"),
                queries.ParcelState.OVERDUE: _("With a payment overdue"),
                queries.ParcelState.NOT_TRANSFERRED: _("Not transferred"),
            },
            "household": _("household"),
            "area": _("registered area (mu)"),
            "measured": _("measured area (mu)"),
            "transferee": _("transferee"),
            "longitude": _("longitude"),
            "latitude": _("latitude"),
        },
    }


def dashboard(request: AuthedRequest) -> HttpResponse:
    """The year's figures of a village or subdistrict, per village, with charts; the map of
    its parcels that have coordinates, as they stand today."""
    require(reads_ledgers(request.user))
    data = request.GET.copy()
    data.setdefault("year", str(clock.today().year))
    form = FiguresForm(data, user=request.user)
    figures = rows = risks = parcel_map = map_data = None
    if form.is_valid():
        year, unit = form.cleaned_data["year"], form.cleaned_data["unit"]
        today = clock.today()
        figures = queries.figures(request.user, year=year, today=today, unit=unit)
        rows = queries.by_village(request.user, year=year, unit=unit)
        contracts = Contract.objects.for_user(request.user)
        if unit is not None:
            contracts = contracts.filter(unit__path__startswith=unit.path)
        risks = list(queries.risks(contracts, today=today).select_related("unit")[:50])
        parcel_map = queries.parcel_map(request.user, today=today, unit=unit)
        map_data = _map_data(parcel_map)
    return render(
        request,
        "land/dashboard.html",
        {
            "form": form,
            "figures": figures,
            "rows": rows,
            "risks": risks,
            "parcel_map": parcel_map,
            "map_data": map_data,
            "query": data.urlencode(),
            "active_nav": NAV,
        },
    )


def published_list(request: AuthedRequest) -> HttpResponse:
    """Figures that reports published of villages' land transfer, confirmed from intake."""
    require(reads_ledgers(request.user))
    rows = PublishedLandFigures.objects.for_user(request.user).select_related(
        "unit", "source_report"
    )
    page = printing.page_of(request, rows, PAGE_SIZE)
    return render(request, "land/published_list.html", {"page": page, "active_nav": NAV})


def published_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Published figures beside the ledger's own, and the sentence they came from."""
    figures = access_record(PublishedLandFigures, pk, request.user)
    return render(
        request,
        "land/published_detail.html",
        {
            "figures": figures,
            "compare": LandFiguresDraft().compare_figures(figures, request.user),
            "sentence": figures.source_report.text[figures.source_start : figures.source_end],
            "active_nav": NAV,
            **record_context(request, figures),
        },
    )


urlpatterns: list[URLPattern] = [
    path("", contract_list, name="land-contract-list"),
    path("contracts/new/", contract_create, name="land-contract-create"),
    path("contracts/<int:pk>/", contract_detail, name="land-contract"),
    path("contracts/<int:pk>/filing/", contract_filing, name="land-contract-filing"),
    path("contracts/<int:pk>/inspection/", contract_observation, name="land-contract-inspection"),
    path("contracts/<int:pk>/termination/", contract_termination, name="land-contract-termination"),
    path("contracts/<int:pk>/dividend/", contract_dividend, name="land-contract-dividend"),
    path("kind-prices/", kind_prices, name="land-kind-prices"),
    path("parcels/", parcel_list, name="land-parcel-list"),
    path("parcels/<int:pk>/", parcel_detail, name="land-parcel"),
    path("dues/", due_list, name="land-due-list"),
    path("dues/<int:due_pk>/pay/", payment_create, name="land-payment-create"),
    path("income/", income_list, name="land-income-list"),
    path("income/new/", income_create, name="land-income-create"),
    path("dashboard/", dashboard, name="land-dashboard"),
    path("published/", published_list, name="land-published-list"),
    path("published/<int:pk>/", published_detail, name="land-published"),
]
