"""Forms of the supervision pages. They validate input; the services do the writing."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from taizhang.core.access import writable_units
from taizhang.core.models import Unit
from taizhang.supervision import flows

DATE = forms.DateInput(attrs={"type": "date"})


class ItemForm(forms.Form):
    flow = forms.ChoiceField(label=_("flow"), choices=flows.flow_choices)
    title = forms.CharField(label=_("title"), max_length=200)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    supervisor_unit = forms.ModelChoiceField(
        label=_("supervising unit"), queryset=Unit.objects.none()
    )
    units = forms.ModelMultipleChoiceField(
        label=_("assigned units"),
        queryset=Unit.objects.none(),
        help_text=_("One or more units; each handles the item on its own."),
    )
    deadline = forms.DateField(label=_("deadline"), widget=DATE)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        visible = Unit.objects.for_user(user).filter(is_active=True)
        cast(forms.ModelMultipleChoiceField, self.fields["units"]).queryset = visible
        supervisor_unit = cast(forms.ModelChoiceField, self.fields["supervisor_unit"])
        supervisor_unit.queryset = writable_units(user, visible)
        self.fields["supervisor_unit"].initial = user.unit_id


class ActionForm(forms.Form):
    action = forms.CharField(max_length=32, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline = forms.DateField(label=_("new deadline"), required=False, widget=DATE)


class ExtensionForm(forms.Form):
    until = forms.DateField(label=_("requested deadline"), widget=DATE)
    reason = forms.CharField(label=_("reason"), max_length=500)


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("1", _("Approve")), ("0", _("Refuse"))], coerce=lambda value: value == "1"
    )
    note = forms.CharField(label=_("note"), max_length=500, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=500)


class AddUnitForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("unit"), queryset=Unit.objects.none())
    deadline = forms.DateField(label=_("deadline"), required=False, widget=DATE)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = cast(forms.ModelChoiceField, self.fields["unit"])
        unit.queryset = Unit.objects.for_user(user).filter(is_active=True)
