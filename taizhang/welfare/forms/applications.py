"""Forms of the application pages and of periodic reviews: each step is a small form on the
application's page; the services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from taizhang.core.access import officers_of
from taizhang.core.models import Unit, User
from taizhang.welfare.filters import programmes_in_line
from taizhang.welfare.models import Application, Programme, ReviewOutcome

DATE = forms.DateInput(attrs={"type": "date"})
YES_NO = [("1", _("Passed")), ("0", _("Not passed"))]
TRUE_FALSE = [("1", _("True: sustained")), ("0", _("Not true: dismissed"))]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several photos in one field (Django's documented recipe); the service checks each."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(item, initial) for item in data]
        return [one(data, initial)] if data else []


class ApplicationForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("programme"), queryset=Programme.objects.none())
    id_number = forms.CharField(
        label=_("applicant's ID number"),
        max_length=18,
        help_text=_("The applicant must be a registered resident of the village."),
    )
    received_on = forms.DateField(label=_("received on"), widget=DATE)
    household_size = forms.IntegerField(
        label=_("household members"), min_value=1, required=False,
        help_text=_("Empty: the registered members of the household."),
    )  # fmt: skip
    monthly_income_yuan = forms.DecimalField(
        label=_("household income per month (yuan)"), min_value=0, decimal_places=2,
        required=False,
    )  # fmt: skip
    reason = forms.CharField(label=_("reason for applying"), widget=forms.Textarea, required=False)
    is_staff_relative = forms.BooleanField(
        label=_("relative of staff or a village cadre"), required=False
    )
    staff_relative_note = forms.CharField(
        label=_("relation declared"), max_length=200, required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["programme"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = programmes_in_line(user).filter(needs_application=True, is_active=True)


def staff_of(unit: Unit) -> Any:
    """The active staff who write for a village as their own or from above it."""
    paths = [unit.path[:end] for end in range(unit.steplen, len(unit.path) + 1, unit.steplen)]
    return officers_of(Unit.objects.filter(path__in=paths)).order_by("unit__depth", "username")


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.get_username()
        return f"{name} · {obj.unit.name}" if obj.unit_id else name


class InvestigationForm(forms.Form):
    investigated_on = forms.DateField(label=_("investigated on"), widget=DATE)
    first_investigator = StaffChoiceField(label=_("investigator"), queryset=User.objects.none())
    second_investigator = StaffChoiceField(
        label=_("second investigator"), queryset=User.objects.none()
    )
    findings = forms.CharField(label=_("findings"), widget=forms.Textarea)
    verified_income_yuan = forms.DecimalField(
        label=_("verified household income per month (yuan)"), min_value=0, decimal_places=2,
        required=False,
    )  # fmt: skip
    photos = MultipleFileField(
        label=_("photos"), required=False, widget=MultipleFileInput(attrs={"accept": "image/*"})
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = staff_of(application.unit).select_related("unit")
        for name in ("first_investigator", "second_investigator"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = staff


class PreliminaryForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("outcome"), choices=YES_NO, coerce=lambda v: v == "1", widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("opinion (reasons if not passed)"), widget=forms.Textarea)
    notice_starts_on = forms.DateField(label=_("notice from"), widget=DATE, required=False)
    notice_days = forms.IntegerField(label=_("notice days"), min_value=1, required=False)


class ObjectionForm(forms.Form):
    received_on = forms.DateField(label=_("received on"), widget=DATE, required=False)
    raised_by = forms.CharField(label=_("raised by"), max_length=100, required=False)
    content = forms.CharField(label=_("objection"), widget=forms.Textarea)


class ObjectionCheckForm(forms.Form):
    sustained = forms.TypedChoiceField(
        label=_("finding"), choices=TRUE_FALSE, coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )  # fmt: skip
    handling = forms.CharField(label=_("how it was checked"), widget=forms.Textarea)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("note"), required=False)


class ApproveForm(forms.Form):
    enrol_from = forms.DateField(label=_("enrolled from"), widget=DATE)
    amount_yuan = forms.DecimalField(
        label=_("approved amount (yuan)"), min_value=0, decimal_places=2, required=False,
        help_text=_("Empty: the programme's amount or tiers."),
    )  # fmt: skip
    income_unstable = forms.BooleanField(label=_("income unstable"), required=False)
    note = forms.CharField(label=_("decision in writing"), required=False)


class ReasonsForm(forms.Form):
    reasons = forms.CharField(label=_("reasons of the refusal"), widget=forms.Textarea)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea)


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("outcome"), choices=ReviewOutcome.choices)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea)
    reviewed_on = forms.DateField(label=_("reviewed on"), widget=DATE, required=False)
    new_amount_yuan = forms.DecimalField(
        label=_("new amount (yuan)"), min_value=0, decimal_places=2, required=False
    )
    income_unstable = forms.BooleanField(label=_("income unstable"), required=False)
