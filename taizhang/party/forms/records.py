"""Forms of the records: a meeting record with its attendance taken from the
roster, a milestone met, the dashboard's year."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from taizhang.lib.dates import MAX_YEAR, MIN_YEAR
from taizhang.party.models import MeetingKind
from taizhang.party.services.meetings import RosterEntry

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class MeetingForm(forms.Form):
    """A meeting of an organisation: the roster's members are offered as present (ticked) or
    absent with a reason, one field each."""

    kind = forms.ChoiceField(label=_("kind"), choices=MeetingKind.choices)
    topic = forms.CharField(label=_("topic"), max_length=200)
    held_at = forms.DateTimeField(
        label=_("held at"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("place"), max_length=200)
    chair = forms.TypedChoiceField(label=_("chair"), coerce=int)
    recorder = forms.TypedChoiceField(label=_("recorder"), coerce=int)
    lecturer = forms.TypedChoiceField(
        label=_("lecturer"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Who gave a party lecture (党课); the chair if no one is named."),
    )
    present = forms.TypedMultipleChoiceField(
        label=_("present"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    agenda = forms.CharField(label=_("agenda"), widget=forms.Textarea(attrs={"rows": 3}))
    decision = forms.CharField(
        label=_("decision"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    decision_passed = forms.BooleanField(label=_("the decision passed"), required=False)
    signed_by_chair = forms.BooleanField(label=_("signed by the chair"), required=False)
    signed_by_recorder = forms.BooleanField(label=_("signed by the recorder"), required=False)
    uploads = MultipleFileField(
        label=_("sign-in sheet and photos"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )

    def __init__(self, *args: Any, roster: list[RosterEntry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.roster = roster
        people = [(entry.person.pk, entry.person.name) for entry in roster]
        for name in ("chair", "recorder", "present"):
            self.fields[name].choices = people  # type: ignore[attr-defined]
        self.fields["lecturer"].choices = [("", "—"), *people]  # type: ignore[attr-defined]
        for entry in roster:
            self.fields[f"reason_{entry.person.pk}"] = forms.CharField(
                label=_("reason %(name)s is absent") % {"name": entry.person.name},
                max_length=200,
                required=False,
            )

    def reason_fields(self) -> list[Any]:
        return [self[f"reason_{entry.person.pk}"] for entry in self.roster]

    def main_fields(self) -> list[Any]:
        return [field for field in self if not field.name.startswith("reason_")]


class MilestoneForm(forms.Form):
    done_on = forms.DateField(label=_("met on"), widget=DATE_INPUT)
    evidence = forms.CharField(label=_("evidence"), widget=forms.Textarea(attrs={"rows": 3}))


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
