"""The retirees dashboard (看板) of a community or subdistrict: per community, the retirees, the
special lists, confirmations due this month and overdue, this month's visits done against
planned, and the year's activities with the people they reached; a chart fed by the API's
stats."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.access import reads_ledgers, require
from taizhang.core.models import Unit, UnitKind
from taizhang.core.requests import AuthedRequest
from taizhang.lib import clock
from taizhang.lib.dates import MAX_YEAR, MIN_YEAR
from taizhang.people.models import RESIDENCE_UNIT_KINDS, Group
from taizhang.retirees import queries
from taizhang.retirees.models import SPECIAL_GROUPS, Activity, Retiree
from taizhang.retirees.views.common import page

COUNTED = ("retirees", "due", "overdue", "visits_planned", "visits_done", "activities", "reached")


class DashboardForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("subdistrict or community"), queryset=Unit.objects.none(), required=False
    )
    year = forms.IntegerField(
        label=_("year of the activities"), min_value=MIN_YEAR, max_value=MAX_YEAR
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = self.fields["unit"]
        assert isinstance(units, forms.ModelChoiceField)
        units.queryset = Unit.objects.for_user(user).filter(
            kind__in=(UnitKind.SUBDISTRICT, *RESIDENCE_UNIT_KINDS)
        )


def dashboard(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    today = clock.today()
    data = request.GET.copy()
    data.setdefault("year", str(today.year))
    form = DashboardForm(data, user=request.user)
    context: dict[str, Any] = {"form": form, "today": today, "rows": None}
    if form.is_valid():
        unit, year = form.cleaned_data["unit"], form.cleaned_data["year"]
        retirees = Retiree.objects.for_user(request.user)
        activities = Activity.objects.for_user(request.user)
        if unit is not None:
            retirees = retirees.filter(person__unit__path__startswith=unit.path)
            activities = activities.filter(unit__path__startswith=unit.path)
        communities = {row["code"]: row for row in queries.community_figures(retirees, today)}
        lists = queries.special_list_figures(retirees, today)
        held = queries.activity_figures(activities, year)
        names = dict(Unit.objects.filter(code__in=held).values_list("code", "name"))
        groups = list(
            Group.objects.filter(code__in=SPECIAL_GROUPS)
            .order_by("name")
            .values_list("code", "name")
        )
        codes = ["elderly", *(code for code, _name in groups)]
        rows = []
        for code in sorted({*communities, *held}):
            row = communities.get(code) or {"unit": names.get(code, code), "code": code}
            row = {key: 0 for key in COUNTED} | row | held.get(code, {})
            row["lists"] = [lists.get(code, {}).get(key, 0) for key in codes]
            rows.append(row)
        totals = {key: sum(row[key] for row in rows) for key in COUNTED}
        totals["lists"] = [sum(row["lists"][i] for row in rows) for i in range(len(codes))]
        stats_url = reverse("api:retirees_stats") + (f"?unit={unit.pk}" if unit else "")
        context |= {
            "rows": rows,
            "totals": totals,
            "list_names": [_("Aged 80 and over"), *(name for _code, name in groups)],
            "year": year,
            "stats_url": stats_url,
        }
    return page(request, "retirees/dashboard.html", context)


urlpatterns = [path("dashboard/", dashboard, name="retirees-dashboard")]
