"""Welfare pages: the dashboard (福利看板) of a year per programme, village and subdistrict,
each figure a link to the list it counts; charts drawn from the API's feed."""

from __future__ import annotations

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from taizhang.core.access import reads_ledgers, require
from taizhang.core.models import Unit, UnitKind
from taizhang.core.requests import AuthedRequest
from taizhang.lib import clock
from taizhang.lib.dates import MAX_YEAR, MIN_YEAR
from taizhang.welfare.aggregates import overview_for
from taizhang.welfare.links import with_links


class FiguresForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    unit = forms.ModelChoiceField(
        label=_("subdistrict or village"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args: object, user: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        kinds = (UnitKind.SUBDISTRICT, UnitKind.VILLAGE, UnitKind.COMMUNITY)
        units = self.fields["unit"]
        assert isinstance(units, forms.ModelChoiceField)
        units.queryset = Unit.objects.for_user(user).filter(kind__in=kinds)


def dashboard(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    data = request.GET.copy()
    data.setdefault("year", str(clock.today().year))
    form = FiguresForm(data, user=request.user)
    figures = None
    if form.is_valid():
        year, unit = form.cleaned_data["year"], form.cleaned_data["unit"]
        figures = with_links(overview_for(request.user, year=year, unit=unit))
    groups = (
        [
            (_("By programme"), figures["programmes"], True),
            (_("By subdistrict"), figures["subdistricts"], False),
            (_("By village"), figures["villages"], False),
        ]
        if figures
        else []
    )
    return render(
        request,
        "welfare/dashboard.html",
        {
            "form": form,
            "figures": figures,
            "groups": groups,
            "query": data.urlencode(),
            "active_nav": "welfare",
        },
    )


urlpatterns: list[URLPattern] = [
    path("dashboard/", dashboard, name="welfare-dashboard"),
]
