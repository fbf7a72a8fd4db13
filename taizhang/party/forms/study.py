"""Forms of the study programmes: a new programme with its first steps, its name, a step."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from taizhang.party.models import StepKind
from taizhang.party.services.showcase import StepIn

# Step rows offered when a programme is created; more are added on its page.
NEW_STEPS = 3


class StepForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=StepKind.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    materials = forms.CharField(
        label=_("materials"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    participants = forms.CharField(label=_("participants"), max_length=200, required=False)
    notes = forms.CharField(
        label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def step(self) -> StepIn:
        return StepIn(**self.cleaned_data)


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProgrammeCreateForm(ProgrammeForm):
    """A programme and the first steps of its cycle (kind and title each; blank rows are
    left out)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = [StepKind.THEORY, StepKind.PRACTICE, StepKind.REPORT_BACK]
        for number in range(1, NEW_STEPS + 1):
            self.fields[f"step_{number}_kind"] = forms.ChoiceField(
                label=_("step %(number)d: kind") % {"number": number},
                choices=StepKind.choices,
                initial=kinds[(number - 1) % len(kinds)],
            )
            self.fields[f"step_{number}_title"] = forms.CharField(
                label=_("step %(number)d: title") % {"number": number},
                max_length=200,
                required=False,
            )

    def steps(self) -> list[StepIn]:
        data = self.cleaned_data
        return [
            StepIn(kind=data[f"step_{n}_kind"], title=data[f"step_{n}_title"])
            for n in range(1, NEW_STEPS + 1)
            if data[f"step_{n}_title"].strip()
        ]
