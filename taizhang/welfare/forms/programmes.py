"""Forms of the programme and enrolment pages. They validate input and say which service
arguments they give; services/programmes.py and services/enrolments.py check access and the
rules, and write.

Tiers and the basket are typed one per line, as a clerk writes them on paper ("60-70 100",
"80+ 200"; "大米 10 kg"), rather than as rows of a formset: a page that works without
JavaScript and reads like the programme's notice."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from taizhang.core import access, versions
from taizhang.core.models import Unit
from taizhang.lib import clock
from taizhang.people.models import Group
from taizhang.welfare.models import Programme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 3})
TIER_LINE = re.compile(r"^\s*(\d+)\s*(?:[-–~至到]\s*(\d+)|\+|以上)?\s+(\S+)\s*$")
ITEM_LINE = re.compile(r"^\s*(.+?)\s+(-?[\d.]+)\s*(\S+)\s*$")


def _amount(text: str) -> Decimal:
    try:
        return Decimal(text.removesuffix("元"))
    except InvalidOperation as error:
        raise forms.ValidationError(_("%(text)s is not an amount.") % {"text": text}) from error


def parse_tiers(text: str) -> list[dict[str, Any]]:
    """ "60-70 100" → aged 60 to under 70, 100 yuan; "80+ 200" → 80 and over."""
    tiers = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = TIER_LINE.match(line)
        if match is None:
            raise forms.ValidationError(
                _("Line %(line)s: write an age band and an amount, like 60-70 100 or 80+ 200.")
                % {"line": number}
            )
        low, high, amount = match.groups()
        tiers.append(
            {
                "min_age": int(low),
                "max_age": int(high) if high else None,
                "amount_yuan": _amount(amount),
            }
        )
    return tiers


def parse_basket(text: str) -> list[dict[str, Any]]:
    """ "大米 10 kg" → item 大米, quantity 10, unit kg."""
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = ITEM_LINE.match(line)
        if match is None:
            raise forms.ValidationError(
                _("Line %(line)s: write an item, a quantity and a unit, like 大米 10 kg.")
                % {"line": number}
            )
        name, quantity, unit = match.groups()
        try:
            amount = Decimal(quantity)
        except InvalidOperation as error:
            raise forms.ValidationError(
                _("Line %(line)s: %(text)s is not a quantity.") % {"line": number, "text": quantity}
            ) from error
        items.append({"name": name.strip(), "quantity": amount, "unit_of_measure": unit})
    return items


def tiers_text(programme: Programme | None) -> str:
    if programme is None:
        return ""
    return "\n".join(
        f"{tier.min_age}-{tier.max_age} {tier.amount_yuan}"
        if tier.max_age is not None
        else f"{tier.min_age}+ {tier.amount_yuan}"
        for tier in programme.tiers.all()
    )


def basket_text(programme: Programme | None) -> str:
    if programme is None:
        return ""
    return "\n".join(
        f"{item.name} {item.quantity.normalize():f} {item.unit_of_measure}"
        for item in programme.basket.all()
    )


class ProgrammeForm(forms.ModelForm):
    """A programme with its rules; the owner is fixed once it exists."""

    tiers = forms.CharField(
        label=_("age tiers"),
        required=False,
        widget=TEXTAREA,
        help_text=_("One band per line: 60-70 100, 70-80 150, 80+ 200 (yuan)."),
    )
    basket = forms.CharField(
        label=_("basket"),
        required=False,
        widget=TEXTAREA,
        help_text=_("One item per line: 大米 10 kg."),
    )

    class Meta:
        model = Programme
        fields = [
            "name", "owner", "kind", "benefit_unit", "amount_yuan", "funding_source",
            "starts_on", "ends_on", "excludes", "residence_units", "min_age", "max_age",
            "groups", "min_household_size", "max_household_size", "income_standard_yuan",
            "registered_only", "needs_application", "deciding_unit", "review_months",
            "notice_days",
        ]  # fmt: skip
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "excludes": forms.SelectMultiple(attrs={"size": 4}),
            "residence_units": forms.SelectMultiple(attrs={"size": 6}),
            "groups": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, user: Any, programme: Programme | None = None, **kwargs: Any):
        self.user = user
        kwargs["instance"] = programme
        super().__init__(*args, **kwargs)
        units: QuerySet[Unit] = Unit.objects.all()
        writable = access.writable_units(user, units)
        fields = self.fields
        if programme is None:
            fields["owner"].queryset = writable  # type: ignore[attr-defined]
            fields["owner"].label = _("programme owner")
            fields["starts_on"].initial = clock.today()
        else:
            del fields["owner"]
            fields["tiers"].initial = tiers_text(programme)
            fields["basket"].initial = basket_text(programme)
        fields["residence_units"].queryset = writable.filter(  # type: ignore[attr-defined]
            kind__in=("village", "community", "subdistrict")
        )
        others = Programme.objects.for_user(user).filter(is_active=True)
        if programme is not None:
            others = others.exclude(pk=programme.pk)
        fields["excludes"].queryset = others  # type: ignore[attr-defined]
        fields["groups"].queryset = Group.objects.filter(is_active=True)  # type: ignore[attr-defined]
        fields["groups"].label = _("groups of people")
        fields["deciding_unit"].queryset = units.for_user(user)  # type: ignore[attr-defined]
        versions.add_version_field(self, programme)

    def clean_tiers(self) -> list[dict[str, Any]]:
        return parse_tiers(self.cleaned_data.get("tiers") or "")

    def clean_basket(self) -> list[dict[str, Any]]:
        return parse_basket(self.cleaned_data.get("basket") or "")

    def _post_clean(self) -> None:
        """The service validates the programme (full_clean with its tiers and access)."""

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        plain = {
            name: data[name]
            for name in self.Meta.fields
            if name not in ("owner", "excludes", "residence_units", "groups") and name in data
        }
        return {
            **plain,
            "tiers": data["tiers"],
            "basket": data["basket"],
            "excludes": list(data["excludes"]),
            "residence_units": list(data["residence_units"]),
            "groups": list(data["groups"]),
        }


class DeactivateForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=TEXTAREA, max_length=500)


class CandidateDayForm(forms.Form):
    on = forms.DateField(label=_("on"), widget=DATE, required=False)


class StopForm(forms.Form):
    ended_on = forms.DateField(label=_("last day of benefit"), widget=DATE)
    reason = forms.CharField(label=_("reason for stopping"), widget=TEXTAREA, max_length=200)


class AmountForm(forms.Form):
    amount_yuan = forms.DecimalField(
        label=_("amount (yuan)"),
        required=False,
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Empty: the programme's tiers decide."),
    )
    reason = forms.CharField(label=_("reason"), widget=TEXTAREA, max_length=500)
