"""The land module's forms: a payment to a household, an income of the collective."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from taizhang.core.access import writable_units
from taizhang.core.models import Unit, UnitKind
from taizhang.land.models import IncomeSource, PaymentMethod
from taizhang.lib.dates import MAX_YEAR, MIN_YEAR
from taizhang.people.models import RESIDENCE_UNIT_KINDS

RESIDENCE_KINDS = (UnitKind.SUBDISTRICT, *RESIDENCE_UNIT_KINDS)
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("paid on"), widget=DATE_INPUT)
    amount_yuan = forms.DecimalField(
        label=_("amount (yuan)"), max_digits=12, decimal_places=2, min_value=0.01
    )
    method = forms.ChoiceField(label=_("method"), choices=PaymentMethod.choices)
    receipt = forms.CharField(label=_("receipt number"), max_length=60, required=False)
    note = forms.CharField(
        label=_("note"),
        max_length=200,
        required=False,
        help_text=_("Needed for a payment above what is still due."),
    )


class IncomeForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("village"), queryset=Unit.objects.none())
    source = forms.ChoiceField(label=_("source"), choices=IncomeSource.choices)
    amount_yuan = forms.DecimalField(
        label=_("amount (yuan)"), max_digits=12, decimal_places=2, min_value=0.01
    )
    received_on = forms.DateField(label=_("received on"), widget=DATE_INPUT)
    description = forms.CharField(label=_("description"), max_length=200, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = self.fields["unit"]
        assert isinstance(units, forms.ModelChoiceField)
        units.queryset = writable_units(
            user, Unit.objects.filter(kind__in=RESIDENCE_UNIT_KINDS)
        ).order_by("code")


class FiguresForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    unit = forms.ModelChoiceField(
        label=_("subdistrict or village"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = self.fields["unit"]
        assert isinstance(units, forms.ModelChoiceField)
        units.queryset = Unit.objects.for_user(user).filter(kind__in=RESIDENCE_KINDS)
