"""The forms of the retirees pages. Checks of the record live in the services; a form only
reads what a person typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.access import writable_units, writes_for
from taizhang.core.forms import PersonalFieldsMixin
from taizhang.core.models import Unit, UnitKind
from taizhang.lib import clock
from taizhang.people.models import RESIDENCE_UNIT_KINDS, Organisation, Person
from taizhang.people.search import id_number_condition
from taizhang.retirees.models import (
    ActivityKind,
    ClaimKind,
    ClaimStatus,
    ConfirmationMethod,
    DeathSource,
    Retiree,
    ServiceKind,
)
from taizhang.retirees.services.handovers import RECEIVING_KINDS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal on the form: by field where the form has it, else on the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one picker (Django's documented recipe)."""

    def __init__(self, *args: Any, accept: str = "image/*", **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


def find_person(user: Any, text: str) -> Person:
    """The one resident the user writes for found by a name or the last characters of the ID
    number."""
    text = " ".join(text.split())
    by_number = id_number_condition(text)
    people = Person.objects.for_user(user).filter(
        by_number if by_number is not None else Q(name__startswith=text)
    )
    found = list(people.select_related("unit")[:2])
    if not found:
        raise ValidationError(_("No resident you may see is found by this."))
    if len(found) > 1:
        raise ValidationError(
            _("Several residents are found: give more of the name or of the ID number.")
        )
    if not writes_for(user, found[0].unit):
        raise ValidationError(_("You may not write for %(unit)s.") % {"unit": found[0].unit.name})
    return found[0]


class RetireeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.person.name}（{obj.person.unit.name}）"


class RetireeForm(PersonalFieldsMixin, forms.ModelForm):
    """Registering a resident on the roster (with `person_query`) or changing the record."""

    person_query = forms.CharField(
        label=gettext_lazy("resident"),
        max_length=50,
        help_text=gettext_lazy("A name, or the last 4 or more characters of the ID number."),
    )

    class Meta:
        model = Retiree
        fields = [
            "employer", "employer_name", "retired_on", "handed_over_on", "pension_kind",
            "social_insurance_number", "health", "skills", "spouse", "emergency_contact",
            "emergency_phone", "is_party_member", "party_transfer", "notes",
        ]  # fmt: skip
        widgets = {
            "retired_on": DATE_INPUT,
            "handed_over_on": DATE_INPUT,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        employer = self.fields["employer"]
        assert isinstance(employer, forms.ModelChoiceField)
        employer.queryset = Organisation.objects.for_user(user).order_by("name")
        if self.instance.pk:
            del self.fields["person_query"]

    def clean_person_query(self) -> Person:
        return find_person(self.user, self.cleaned_data["person_query"])

    def _post_clean(self) -> None:
        """The record is checked by the service."""

    def retiree_fields(self) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in self._meta.fields  # type: ignore[operator]
        }


class ConfirmationForm(forms.Form):
    confirmed_on = forms.DateField(label=gettext_lazy("confirmed on"), widget=DATE_INPUT)
    method = forms.ChoiceField(label=gettext_lazy("method"), choices=ConfirmationMethod.choices)
    confirmed_by = forms.CharField(label=gettext_lazy("confirmed by"), max_length=50)
    notes = forms.CharField(label=gettext_lazy("notes"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirmed_on"].initial = clock.today()


class VisitForm(forms.Form):
    retiree = RetireeChoiceField(label=gettext_lazy("retiree"), queryset=Retiree.objects.none())
    visited_on = forms.DateField(label=gettext_lazy("visited on"), widget=DATE_INPUT)
    visitors = forms.CharField(label=gettext_lazy("visitors"), max_length=200)
    findings = forms.CharField(label=gettext_lazy("what was found"), widget=forms.Textarea)
    follow_up = forms.CharField(label=gettext_lazy("follow-up"), max_length=200, required=False)
    photos = MultipleFileField(label=gettext_lazy("photos"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["retiree"]
        assert isinstance(field, forms.ModelChoiceField)
        # Any retiree the user sees: the service refuses one who is not on a visit list, with
        # the reason, rather than the form hiding them.
        field.queryset = (
            Retiree.objects.for_user(user)
            .alive()
            .select_related("person__unit")
            .order_by("person__name")
        )
        self.fields["visited_on"].initial = clock.today()


class DeathForm(forms.Form):
    died_on = forms.DateField(label=gettext_lazy("date of death"), widget=DATE_INPUT)
    source = forms.ChoiceField(label=gettext_lazy("reported by"), choices=DeathSource.choices)
    reporter = forms.CharField(label=gettext_lazy("reporter's name"), max_length=50, required=False)
    reported_on = forms.DateField(label=gettext_lazy("reported on"), widget=DATE_INPUT)
    notes = forms.CharField(label=gettext_lazy("notes"), widget=forms.Textarea, required=False)
    evidence = MultipleFileField(
        label=gettext_lazy("death or cremation certificate (scan)"),
        required=False,
        accept="image/*,application/pdf",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reported_on"].initial = clock.today()


class ClaimForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("claim"), choices=ClaimKind.choices)
    claimant = forms.CharField(label=gettext_lazy("claimant"), max_length=50)
    opened_on = forms.DateField(label=gettext_lazy("received on"), widget=DATE_INPUT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opened_on"].initial = clock.today()


class ClaimAdvanceForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("status"), choices=ClaimStatus.choices[1:])
    on = forms.DateField(label=gettext_lazy("date"), widget=DATE_INPUT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = clock.today()


class HandoverBatchForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("receiving unit"), queryset=Unit.objects.none()
    )
    employer = forms.ModelChoiceField(
        label=gettext_lazy("employer"), queryset=Organisation.objects.none(), required=False
    )
    employer_name = forms.CharField(
        label=gettext_lazy("employer (name)"), max_length=200, required=False
    )
    received_on = forms.DateField(label=gettext_lazy("received on"), widget=DATE_INPUT)
    received_by = forms.CharField(label=gettext_lazy("received by"), max_length=50)
    notes = forms.CharField(label=gettext_lazy("notes"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = Unit.objects.for_user(user).filter(kind__in=RECEIVING_KINDS)
        employer = self.fields["employer"]
        assert isinstance(employer, forms.ModelChoiceField)
        employer.queryset = Organisation.objects.for_user(user).order_by("name")
        self.fields["received_on"].initial = clock.today()


class HandoverItemForm(forms.Form):
    retiree = RetireeChoiceField(label=gettext_lazy("retiree"), queryset=Retiree.objects.none())
    file_received = forms.BooleanField(label=gettext_lazy("file received"), required=False)
    missing_note = forms.CharField(
        label=gettext_lazy("what is missing"), max_length=200, required=False
    )
    party_transferred = forms.BooleanField(
        label=gettext_lazy("party relation transferred"), required=False
    )
    checked_by = forms.CharField(label=gettext_lazy("checked by"), max_length=50, required=False)
    checked_on = forms.DateField(
        label=gettext_lazy("checked on"), widget=DATE_INPUT, required=False
    )

    def __init__(self, *args: Any, user: Any, unit: Unit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["retiree"]
        assert isinstance(field, forms.ModelChoiceField)
        if unit is None:
            del self.fields["retiree"]
            return
        field.queryset = (
            Retiree.objects.for_user(user)
            .filter(person__unit__path__startswith=unit.path)
            .select_related("person__unit")
            .order_by("person__name")
        )


class AttendeesField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.person.name}（{obj.person.unit.name}）"


class ActivityForm(forms.Form):
    """An activity of a community; the attendance is ticked from the roster of the community
    chosen (`?unit=` narrows the list to it before the form is sent)."""

    unit = forms.ModelChoiceField(label=gettext_lazy("community"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=gettext_lazy("kind of activity"), choices=ActivityKind.choices)
    title = forms.CharField(label=gettext_lazy("title"), max_length=200)
    campaign = forms.CharField(
        label=gettext_lazy("campaign"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("The campaign it is part of, named the same in every community."),
    )
    held_on = forms.DateField(label=gettext_lazy("held on"), widget=DATE_INPUT)
    place = forms.CharField(label=gettext_lazy("place"), max_length=200, required=False)
    description = forms.CharField(
        label=gettext_lazy("description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    attendees = AttendeesField(
        label=gettext_lazy("retirees attending"), queryset=Retiree.objects.none(), required=False
    )
    reached = forms.IntegerField(
        label=gettext_lazy("people reached"),
        min_value=0,
        required=False,
        help_text=gettext_lazy(
            "Everyone it reached, the retirees attending included; empty: those attending."
        ),
    )
    photos = MultipleFileField(label=gettext_lazy("photos"), required=False)

    def __init__(self, *args: Any, user: Any, unit: Unit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = self.fields["unit"]
        assert isinstance(units, forms.ModelChoiceField)
        units.queryset = writable_units(
            user, Unit.objects.filter(kind__in=RESIDENCE_UNIT_KINDS)
        ).order_by("code")
        roster = Retiree.objects.for_user(user).alive().select_related("person__unit")
        if unit is not None:
            roster = roster.filter(person__unit__path__startswith=unit.path)
        attendees = self.fields["attendees"]
        assert isinstance(attendees, forms.ModelMultipleChoiceField)
        attendees.queryset = roster.order_by("person__unit__code", "person__name")
        self.fields["held_on"].initial = clock.today()


class ServiceRequestForm(forms.Form):
    retiree = RetireeChoiceField(label=gettext_lazy("retiree"), queryset=Retiree.objects.none())
    kind = forms.ChoiceField(label=gettext_lazy("kind of request"), choices=ServiceKind.choices)
    description = forms.CharField(
        label=gettext_lazy("what is asked"), widget=forms.Textarea(attrs={"rows": 3})
    )
    received_on = forms.DateField(label=gettext_lazy("received on"), widget=DATE_INPUT)
    department = forms.ModelChoiceField(
        label=gettext_lazy("refer to a department"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "Where a department must act: the request becomes a supervised item (督办)."
        ),
    )
    deadline = forms.DateField(label=gettext_lazy("deadline"), widget=DATE_INPUT, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        retiree = self.fields["retiree"]
        assert isinstance(retiree, forms.ModelChoiceField)
        retiree.queryset = (
            Retiree.objects.for_user(user)
            .alive()
            .select_related("person__unit")
            .order_by("person__name")
        )
        department = self.fields["department"]
        assert isinstance(department, forms.ModelChoiceField)
        department.queryset = Unit.objects.filter(
            kind__in=(UnitKind.DEPARTMENT, UnitKind.AGENCY), is_active=True
        ).order_by("code")
        self.fields["received_on"].initial = clock.today()


class CloseRequestForm(forms.Form):
    closed_on = forms.DateField(label=gettext_lazy("closed on"), widget=DATE_INPUT)
    outcome = forms.CharField(
        label=gettext_lazy("outcome"), widget=forms.Textarea(attrs={"rows": 3})
    )
