"""The land module's forms: a transfer contract with its parcels, its filing, an inspection and
a termination; a payment to a household, an income of the collective. The forms check the
shape of what is typed; the services check the rules."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from taizhang.core.access import writable_units
from taizhang.core.models import Unit, UnitKind
from taizhang.land import queries
from taizhang.land.models import (
    CompensationRecipient,
    Contract,
    ContractKind,
    IncomeSource,
    PaymentMethod,
    PriceBasis,
    TerminationGround,
)
from taizhang.land.services import Share
from taizhang.lib.dates import MAX_YEAR, MIN_YEAR
from taizhang.people.models import RESIDENCE_UNIT_KINDS, Organisation

RESIDENCE_KINDS = (UnitKind.SUBDISTRICT, *RESIDENCE_UNIT_KINDS)
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# A line of the parcels box: household number, parcel code, area, split by spaces, tabs (pasted
# from Excel) or commas.
SEPARATORS = re.compile(r"[\s,，;；、]+")


def village_choices(user: Any) -> Any:
    return writable_units(user, Unit.objects.filter(kind__in=RESIDENCE_UNIT_KINDS)).order_by("code")


class ContractForm(forms.Form):
    """A transfer contract as a clerk types it from the signed paper: the eight clauses of
    农村土地承包法 Art. 40, the parcels one per line, and for a sub-transfer the contract it
    passes on and the transferors' written consent."""

    unit = forms.ModelChoiceField(label=_("village"), queryset=Unit.objects.none())
    number = forms.CharField(label=_("contract number"), max_length=40)
    kind = forms.ChoiceField(label=_("way of transfer"), choices=ContractKind.choices)
    via_collective = forms.BooleanField(label=_("through the village collective"), required=False)
    transferee = forms.CharField(
        label=_("transferee"),
        max_length=200,
        help_text=_(
            "An organisation's name or unified social credit code, or a person's citizen ID "
            "number, as in the registry."
        ),
    )
    parcels = forms.CharField(
        label=_("parcels"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One parcel a line: household number, parcel code, area transferred in mu "
            "(e.g. “XG-001 XG-001-1 12.5”; columns pasted from Excel work too)."
        ),
    )
    use = forms.CharField(label=_("use of the land"), max_length=200)
    signed_on = forms.DateField(label=_("signed on"), widget=DATE_INPUT)
    starts_on = forms.DateField(label=_("starts on"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("ends on"), widget=DATE_INPUT)
    price_per_mu_yuan = forms.DecimalField(
        label=_("price per mu per year (yuan)"), max_digits=12, decimal_places=2, min_value=0
    )
    price_basis = forms.ChoiceField(
        label=_("price basis"), choices=PriceBasis.choices, initial=PriceBasis.CASH
    )
    kind_goods = forms.CharField(label=_("goods paid in kind"), max_length=40, required=False)
    kind_kg_per_mu = forms.DecimalField(
        label=_("kg per mu per year"),
        max_digits=10,
        decimal_places=2,
        min_value=0.01,
        required=False,
        help_text=_("In kind: the price above is its value when signed, until the year's price."),
    )
    dividend_floor_yuan = forms.DecimalField(
        label=_("dividend floor per mu (yuan)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
    )
    dividend_cap_yuan = forms.DecimalField(
        label=_("dividend cap per mu (yuan)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
    )
    step_every_years = forms.IntegerField(
        label=_("price rises every (years)"), min_value=0, max_value=30, initial=0
    )
    step_percent = forms.DecimalField(
        label=_("rise (percent)"),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        initial=0,
    )
    payment_month = forms.IntegerField(
        label=_("yearly payment month"), min_value=1, max_value=12, initial=12
    )
    payment_day = forms.IntegerField(
        label=_("yearly payment day"), min_value=1, max_value=31, initial=31
    )
    rights_and_duties = forms.CharField(
        label=_("rights and duties of the parties"), widget=forms.Textarea(attrs={"rows": 3})
    )
    compensation_recipient = forms.ChoiceField(
        label=_("compensation on expropriation goes to"), choices=CompensationRecipient.choices
    )
    breach_clauses = forms.CharField(
        label=_("liability for breach"), widget=forms.Textarea(attrs={"rows": 3})
    )
    parent = forms.CharField(
        label=_("sub-transfer of (contract number)"), max_length=40, required=False
    )
    consent = forms.CharField(
        label=_("written consent of the transferors"), max_length=200, required=False
    )
    consent_on = forms.DateField(label=_("consent given on"), widget=DATE_INPUT, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        units = self.fields["unit"]
        assert isinstance(units, forms.ModelChoiceField)
        units.queryset = village_choices(user)

    def clean_transferee(self) -> Any:
        try:
            return queries.transferee_named(self.user, self.cleaned_data["transferee"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error

    def _lines(self) -> list[tuple[int, str, str, Decimal]]:
        lines, errors = [], []
        for number, line in enumerate(self.cleaned_data["parcels"].splitlines(), start=1):
            cells = [cell for cell in SEPARATORS.split(line.strip()) if cell]
            if not cells:
                continue
            try:
                if len(cells) != 3:
                    raise InvalidOperation
                area = Decimal(cells[2])
                if not area.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                errors.append(
                    gettext(
                        "Line %(line)d: give the household number, the parcel code and the area."
                    )
                    % {"line": number}
                )
                continue
            lines.append((number, cells[0], cells[1], area))
        if errors:
            raise forms.ValidationError(errors)
        return lines

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        unit = data.get("unit")
        if unit is None or "parcels" not in data:
            return data
        try:
            lines = self._lines()
        except forms.ValidationError as error:
            self.add_error("parcels", error)
            return data
        found = queries.parcels_named(self.user, unit, [(h, c) for _n, h, c, _a in lines])
        shares, missing = [], []
        for number, household, code, area in lines:
            parcel = found.get((household, code))
            if parcel is None:
                missing.append(
                    gettext(
                        "Line %(line)d: %(village)s has no parcel %(code)s of household "
                        "%(household)s."
                    )
                    % {"line": number, "village": unit.name, "code": code, "household": household}
                )
            else:
                shares.append(Share(parcel, area))
        if missing:
            self.add_error("parcels", missing)
        data["parcels"] = shares
        parent = (data.get("parent") or "").strip()
        if parent:
            data["parent"] = (
                Contract.objects.for_user(self.user).filter(unit=unit, number=parent).first()
            )
            if data["parent"] is None:
                self.add_error("parent", gettext("No contract of this number in the village."))
        else:
            data["parent"] = None
        return data

    def contract_fields(self) -> dict[str, Any]:
        """What the service takes, beside the unit and the shares."""
        data = dict(self.cleaned_data)
        del data["unit"], data["parcels"]
        transferee = data.pop("transferee")
        is_organisation = isinstance(transferee, Organisation)
        data["transferee_organisation"] = transferee if is_organisation else None
        data["transferee_person"] = None if is_organisation else transferee
        return data


class FilingForm(forms.Form):
    filed_with_collective_on = forms.DateField(
        label=_("filed with the collective on"), widget=DATE_INPUT, required=False
    )
    filed_with_township_on = forms.DateField(
        label=_("filed with the township on"), widget=DATE_INPUT, required=False
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not (data.get("filed_with_collective_on") or data.get("filed_with_township_on")):
            raise forms.ValidationError(gettext("Give the day of at least one filing."))
        return data


class ObservationForm(forms.Form):
    use_changed = forms.BooleanField(
        label=_("use changed"),
        required=False,
        help_text=_("Found farming something else, or building."),
    )
    abandoned = forms.BooleanField(label=_("land left idle"), required=False)
    note = forms.CharField(label=_("what the inspection found"), max_length=500, required=False)


class TerminationForm(forms.Form):
    terminated_on = forms.DateField(label=_("terminated on"), widget=DATE_INPUT)
    ground = forms.ChoiceField(label=_("ground of termination"), choices=TerminationGround.choices)
    reason = forms.CharField(
        label=_("reason of termination"), widget=forms.Textarea(attrs={"rows": 3})
    )


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
        units.queryset = village_choices(user)


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


class DividendForm(forms.Form):
    year = forms.IntegerField(
        label=_("contract years starting in"), min_value=MIN_YEAR, max_value=MAX_YEAR
    )
    yuan_per_mu = forms.DecimalField(
        label=_("dividend declared per mu (yuan)"), max_digits=12, decimal_places=2, min_value=0
    )


class KindPriceForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("subdistrict or village"), queryset=Unit.objects.none())
    goods = forms.CharField(label=_("goods"), max_length=40)
    year = forms.IntegerField(label=_("year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    yuan_per_kg = forms.DecimalField(
        label=_("yuan per kg"), max_digits=10, decimal_places=4, min_value=0.0001
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = self.fields["unit"]
        assert isinstance(units, forms.ModelChoiceField)
        units.queryset = writable_units(
            user, Unit.objects.filter(kind__in=RESIDENCE_KINDS)
        ).order_by("code")
