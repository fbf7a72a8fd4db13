"""Welfare pages: cycles (发放批次) and entitlements (待遇).

The list of cycles, a cycle's page (counts and amounts, who generation refused and why, the
review's buttons, the bank's payment list and the import of its results), the form that
creates and generates a cycle, the small POST actions, and the entitlement list with the
ledger's filters. Every write calls services/cycles.py or services/payments.py; a refusal
becomes a message on the cycle's page, nothing changed."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from typing import Any

import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.http import FileResponse, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from taizhang.core import personal, printing
from taizhang.core.access import access_record, can_write, reads_ledgers, require
from taizhang.core.models import PersonalDataAccessKind
from taizhang.core.requests import AuthedRequest
from taizhang.core.tables import PlainCellsTable
from taizhang.core.views.excel import XLSX, FullExportForm, ledger_links
from taizhang.core.views.records import record_context
from taizhang.welfare.access import may_manage_programme
from taizhang.welfare.filters import EntitlementFilter
from taizhang.welfare.models import Cycle, CycleStatus, Entitlement, Handout, Programme
from taizhang.welfare.services import cycles, payments

NAV = "welfare-cycles"
PAGE_SIZE = 50
DATE_INPUT = forms.DateInput(attrs={"type": "date"})


def managed_programmes(user: Any) -> QuerySet[Programme]:
    """The active programmes whose cycles `user` runs (their owner line's officers)."""
    programmes = Programme.objects.for_user(user).filter(is_active=True).select_related("owner")
    return programmes.filter(pk__in=[p.pk for p in programmes if may_manage_programme(user, p)])


class CycleForm(forms.Form):
    programme = forms.ModelChoiceField(label=gettext_lazy("programme"), queryset=Programme.objects)
    period = forms.DateField(
        label=gettext_lazy("period"),
        widget=DATE_INPUT,
        help_text=gettext_lazy("Any day of the month for a monthly allowance; else the date."),
    )
    label = forms.CharField(label=gettext_lazy("label"), max_length=100, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = managed_programmes(user)  # type: ignore[attr-defined]


class CycleTable(PlainCellsTable):
    programme = tables.Column(verbose_name=gettext_lazy("programme"), order_by=("programme__name",))
    label = tables.Column(verbose_name=gettext_lazy("label"), linkify=True, empty_values=())
    period = tables.DateColumn(format="Y-m-d")
    status = tables.Column()
    count = tables.Column(verbose_name=gettext_lazy("entitlements"))
    amount = tables.Column(verbose_name=gettext_lazy("amount (yuan)"), default="—")
    paid = tables.Column(verbose_name=gettext_lazy("paid"))

    class Meta:
        model = Cycle
        fields = ("programme", "label", "period", "status", "count", "amount", "paid")
        order_by = ("-period",)
        attrs = {"class": "striped"}
        empty_text = gettext_lazy("No cycles.")

    def render_label(self, record: Cycle) -> str:
        return record.label or str(record.period)


class EntitlementTable(PlainCellsTable):
    person = tables.Column(verbose_name=gettext_lazy("name"), order_by=("person__name",))
    id_number = tables.Column(
        verbose_name=gettext_lazy("citizen ID number"), empty_values=(), orderable=False
    )
    unit = tables.Column(
        verbose_name=gettext_lazy("village or community"), order_by=("unit__code",)
    )
    cycle = tables.Column(
        verbose_name=gettext_lazy("cycle"), linkify=True, order_by=("cycle__period",)
    )
    amount_yuan = tables.Column(default="—")
    payment_status = tables.Column()
    paid_on = tables.DateColumn(format="Y-m-d", default="—")
    collected = tables.BooleanColumn(verbose_name=gettext_lazy("collected"), orderable=False)

    class Meta:
        model = Entitlement
        fields = (
            "person", "id_number", "unit", "cycle", "amount_yuan", "payment_status", "paid_on",
            "collected",
        )  # fmt: skip
        order_by = ("unit", "person")
        attrs = {"class": "striped"}
        empty_text = gettext_lazy("No entitlements match.")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def render_id_number(self, record: Entitlement) -> Any:
        return personal.shown(record, "id_number", self.user) or "—"

    def render_unit(self, record: Entitlement) -> str:
        return record.unit.name

    def render_payment_status(self, record: Entitlement) -> str:
        return record.get_payment_status_display()


def _menu() -> dict[str, Any]:
    return {"active_nav": NAV}


def cycle_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    rows = (
        Cycle.objects.for_user(request.user)
        .select_related("programme")
        .annotate(
            count=Count("entitlements"),
            amount=Sum("entitlements__amount_yuan"),
            paid=Count("entitlements", filter=Q(entitlements__payment_status="paid")),
        )
    )
    status = request.GET.get("status", "")
    if status in CycleStatus.values:
        rows = rows.filter(status=status)
    table = CycleTable(rows)
    printing.paginate_table(request, table, per_page=PAGE_SIZE)
    return render(
        request,
        "welfare/cycle_list.html",
        {
            "table": table,
            "statuses": CycleStatus.choices,
            "status": status,
            "may_create": bool(can_write(request.user)),
            **_menu(),
        },
    )


def cycle_create(request: AuthedRequest) -> HttpResponse:
    require(can_write(request.user))
    form = CycleForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cycle, refused = cycles.create_cycle(
                data["programme"], by=request.user, period=data["period"], label=data["label"]
            )
        except ValidationError as error:
            for field, errors in getattr(
                error, "error_dict", {"__all__": error.error_list}
            ).items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            _generated(request, cycle, refused)
            return redirect(cycle)
    return render(request, "welfare/cycle_form.html", {"form": form, **_menu()})


def _generated(request: AuthedRequest, cycle: Cycle, refused: list[cycles.Refusal]) -> None:
    count = cycle.entitlements.count()
    messages.success(
        request,
        _("%(count)d entitlements generated, %(refused)d refused.")
        % {"count": count, "refused": len(refused)},
    )


def cycle_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    cycle = access_record(Cycle, pk, request.user)
    user = request.user
    manages = may_manage_programme(user, cycle.programme)
    editable = cycle.status in cycles.EDITABLE
    context = {
        "cycle": cycle,
        "totals": cycles.totals(Cycle.objects.filter(pk=cycle.pk)),
        "refused": cycles.refusals(cycle) if editable and manages else [],
        "failing": cycles.recheck(cycle) if cycle.status == CycleStatus.SUBMITTED else [],
        "may_generate": manages and editable,
        "may_submit": manages and editable,
        "may_decide": cycles.can_decide(cycle, user),
        "may_bank_list": cycle.status == CycleStatus.APPROVED
        and cycle.programme.pays_cash
        and payments.may_export_bank_list(user, cycle),
        "entitlements_url": reverse("welfare-entitlement-list") + f"?cycle={cycle.pk}",
        "excel": ledger_links(request, "welfare-entitlements", _query(cycle)),
        **_menu(),
        **record_context(request, cycle),
    }
    return render(request, "welfare/cycle_detail.html", context)


def _query(cycle: Cycle) -> QueryDict:
    """The entitlement ledger's filter for one cycle (its Excel links)."""
    query = QueryDict(mutable=True)
    query["cycle"] = str(cycle.pk)
    return query


def _act(request: AuthedRequest, pk: int, action: Callable[[Cycle], Any], ok: str) -> HttpResponse:
    cycle = access_record(Cycle, pk, request.user)
    try:
        action(cycle)
    except (ValidationError, PermissionDenied) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text or _("You may not do this."))
    else:
        messages.success(request, ok)
    return redirect(cycle)


@require_POST
def cycle_generate(request: AuthedRequest, pk: int) -> HttpResponse:
    def generate(cycle: Cycle) -> None:
        _generated(request, cycle, cycles.generate_entitlements(cycle, by=request.user))

    return _act(request, pk, generate, _("The cycle was generated again."))


@require_POST
def cycle_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    note = request.POST.get("note", "")
    return _act(
        request,
        pk,
        lambda cycle: cycles.submit_cycle(cycle, by=request.user, note=note),
        _("Submitted for approval by a second person."),
    )


@require_POST
def cycle_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    note = request.POST.get("note", "")
    return _act(
        request,
        pk,
        lambda cycle: cycles.approve_cycle(cycle, by=request.user, note=note),
        _("Cycle approved."),
    )


@require_POST
def cycle_return(request: AuthedRequest, pk: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _act(
        request,
        pk,
        lambda cycle: cycles.return_cycle(cycle, by=request.user, reason=reason),
        _("Cycle returned."),
    )


def cycle_bank_list(request: AuthedRequest, pk: int) -> HttpResponse | FileResponse:
    """The approved cycle's payment list for the bank, ID numbers in full: GET asks why,
    POST writes the file and records the export."""
    cycle = access_record(Cycle, pk, request.user)
    require(payments.may_export_bank_list(request.user, cycle))
    form = FullExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        spool = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it)
        try:
            payments.bank_list(
                cycle,
                spool,
                by=request.user,
                reason=form.cleaned_data["reason"],
                kind=PersonalDataAccessKind.EXPORT,
                request=request,
            )
        except ValidationError as error:
            spool.close()
            form.add_error(None, error)
        else:
            spool.seek(0)
            name = _("Payment list %(cycle)s") % {"cycle": cycle}
            download = FileResponse(
                spool,
                as_attachment=True,
                filename=f"{name}-{timezone.localdate():%Y%m%d}.xlsx",
                content_type=XLSX,
            )
            download["Cache-Control"] = "no-store"
            return download
    response = render(
        request,
        "welfare/cycle_bank_list.html",
        {"cycle": cycle, "form": form, **_menu()},
        status=400 if form.errors else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


def entitlements_for_list(rows: QuerySet[Entitlement]) -> QuerySet[Entitlement]:
    """What the entitlement table reads, in a fixed number of queries whatever the page."""
    return rows.select_related("person", "unit", "cycle__programme").annotate(
        collected=Exists(Handout.objects.filter(entitlement=OuterRef("pk")))
    )


def entitlement_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    found = EntitlementFilter(
        request.GET, queryset=Entitlement.objects.for_user(request.user), request=request
    )
    table = EntitlementTable(entitlements_for_list(found.qs), user=request.user)
    printing.paginate_table(request, table, per_page=PAGE_SIZE)
    return render(
        request,
        "welfare/entitlement_list.html",
        {
            "filter": found,
            "table": table,
            "excel": ledger_links(request, "welfare-entitlements"),
            "active_nav": "welfare-entitlements",
        },
    )


urlpatterns: list[URLPattern] = [
    path("cycles/", cycle_list, name="welfare-cycle-list"),
    path("cycles/new/", cycle_create, name="welfare-cycle-create"),
    path("cycles/<int:pk>/", cycle_detail, name="welfare-cycle"),
    path("cycles/<int:pk>/generate/", cycle_generate, name="welfare-cycle-generate"),
    path("cycles/<int:pk>/submit/", cycle_submit, name="welfare-cycle-submit"),
    path("cycles/<int:pk>/approve/", cycle_approve, name="welfare-cycle-approve"),
    path("cycles/<int:pk>/return/", cycle_return, name="welfare-cycle-return"),
    path("cycles/<int:pk>/bank-list/", cycle_bank_list, name="welfare-cycle-bank-list"),
    path("entitlements/", entitlement_list, name="welfare-entitlement-list"),
]
