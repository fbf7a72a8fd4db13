"""Forms of the year-plan, monthly-report and warning pages. They validate input; the
services do the writing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from taizhang.lib.money import parse_money
from taizhang.projects.models import WarningRule


class MoneyField(forms.Field):
    """An amount in 万元; "1.2亿元" and "12,345.6" are accepted too. Text in, Decimal out."""

    def to_python(self, value: Any) -> Decimal | None:
        text = "" if value in self.empty_values else str(value).strip()
        if not text:
            return None
        try:
            amount = parse_money(text)
        except ValueError as error:
            raise ValidationError(str(error)) from error
        if amount < 0:
            raise ValidationError(_("The amount cannot be negative."))
        return amount

    def prepare_value(self, value: Any) -> Any:
        return f"{value:.2f}" if isinstance(value, Decimal) else value


class PlanRowForm(forms.Form):
    planned_investment_wan = MoneyField(label=_("annual planned investment (10k yuan)"))
    is_key = forms.BooleanField(label=_("key project"), required=False)
    reason = forms.CharField(label=_("reason"), max_length=500, required=False)


class ReportForm(forms.Form):
    completed_wan = MoneyField(label=_("investment completed this month (10k yuan)"))
    progress_text = forms.CharField(
        label=_("image progress"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    started_on = forms.DateField(
        label=_("started on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    finished_on = forms.DateField(
        label=_("finished on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    problems = forms.CharField(
        label=_("problems"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=500)


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("month"), min_value=1, max_value=12)


class WarningRuleForm(forms.ModelForm):
    class Meta:
        model = WarningRule
        fields = ["yellow_from", "red_from", "is_active"]
