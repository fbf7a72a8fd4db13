"""Visit pages (走访慰问): the list with its filters, one visit with its photos, and recording
a visit to a resident found by name or the last digits of their ID number."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core import personal, printing
from taizhang.core.access import access_record, can_write, reads_ledgers, require, writes_for
from taizhang.core.requests import AuthedRequest
from taizhang.core.views.records import record_context
from taizhang.lib import clock
from taizhang.people.models import Person
from taizhang.people.search import id_number_condition
from taizhang.welfare.filters import VisitFilter
from taizhang.welfare.models import Programme, Visit
from taizhang.welfare.services import visits as services

NAV = "welfare-visits"
PAGE_SIZE = 50
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def visit_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    visits = VisitFilter(
        request.GET, queryset=Visit.objects.for_user(request.user), request=request
    )
    rows = visits.qs.select_related("person__unit", "programme", "household").order_by(
        "-visited_on", "-pk"
    )
    page = printing.page_of(request, rows, PAGE_SIZE)
    return render(
        request,
        "welfare/visit_list.html",
        {
            "filter": visits,
            "page": page,
            "may_write": can_write(request.user),
            "active_nav": NAV,
        },
    )


def visit_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    visit = access_record(Visit, pk, request.user)
    return render(
        request,
        "welfare/visit_detail.html",
        {
            "visit": visit,
            "id_number": personal.shown(visit.person, "id_number", request.user),
            "active_nav": NAV,
            **record_context(request, visit),
        },
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several photos from one picker (Django's documented recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class VisitForm(forms.Form):
    person_query = forms.CharField(
        label=gettext_lazy("resident visited"),
        max_length=50,
        help_text=gettext_lazy("A name, or the last 4 or more characters of the ID number."),
    )
    visited_on = forms.DateField(label=gettext_lazy("visited on"), widget=DATE_INPUT)
    visitors = forms.CharField(label=gettext_lazy("visitors"), max_length=200)
    gifts = forms.CharField(label=gettext_lazy("what was given"), max_length=200, required=False)
    amount_yuan = forms.DecimalField(
        label=gettext_lazy("cash given (yuan)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
    )
    programme = forms.ModelChoiceField(
        label=gettext_lazy("programme"), queryset=Programme.objects.none(), required=False
    )
    notes = forms.CharField(label=gettext_lazy("notes"), required=False, widget=forms.Textarea)
    photos = MultipleFileField(label=gettext_lazy("photos"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["programme"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = services.pickable_programmes(user).order_by("name")
        self.fields["visited_on"].initial = clock.today()

    def clean_person_query(self) -> Person:
        text = " ".join(self.cleaned_data["person_query"].split())
        by_number = id_number_condition(text)
        people = Person.objects.for_user(self.user).filter(
            by_number if by_number is not None else Q(name__startswith=text)
        )
        found = list(people.select_related("unit")[:2])
        if not found:
            raise ValidationError(_("No resident you may see is found by this."))
        if len(found) > 1:
            raise ValidationError(
                _("Several residents are found: give more of the name or of the ID number.")
            )
        person = found[0]
        if not writes_for(self.user, person.unit):
            raise ValidationError(_("You may not record visits in %(unit)s.") % {
                "unit": person.unit.name})  # fmt: skip
        return person


def visit_create(request: AuthedRequest) -> HttpResponse:
    require(can_write(request.user))
    form = VisitForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.record_visit(
                data["person_query"],
                by=request.user,
                visited_on=data["visited_on"],
                visitors=data["visitors"],
                gifts=data["gifts"],
                amount_yuan=data["amount_yuan"],
                notes=data["notes"],
                programme=data["programme"],
                photos=data["photos"] or [],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Visit recorded."))
            return redirect(visit)
    return render(request, "welfare/visit_form.html", {"form": form, "active_nav": NAV})


urlpatterns = [
    path("visits/", visit_list, name="welfare-visit-list"),
    path("visits/new/", visit_create, name="welfare-visit-create"),
    path("visits/<int:pk>/", visit_detail, name="welfare-visit"),
]
