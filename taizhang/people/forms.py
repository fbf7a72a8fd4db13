"""Forms of the registry's pages. They validate input and say which service arguments they
give; the services in people/services check identity, duplicates and access, and write."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from taizhang.core import access, versions
from taizhang.core.forms import PersonalFieldsMixin
from taizhang.core.models import Unit, UnitKind
from taizhang.lib import clock
from taizhang.people.models import (
    RESIDENCE_UNIT_KINDS,
    DocumentType,
    Group,
    Household,
    Organisation,
    OrganisationKind,
    Person,
    PersonStatus,
    Relation,
    Sex,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 3})
# The fields asked only of a person without a citizen ID number: the ID number says the rest.
WITHOUT_ID = ("document_type", "document_number", "sex", "birth_date")


def writable_units(user: Any, kinds: tuple[str, ...] = RESIDENCE_UNIT_KINDS) -> QuerySet[Unit]:
    """The active villages and communities (or units of `kinds`) `user` writes for."""
    units = Unit.objects.for_user(user).filter(is_active=True, kind__in=kinds).order_by("code")
    return access.writable_units(user, units)


def _unit_field(form: forms.Form, user: Any, kinds: tuple[str, ...] = RESIDENCE_UNIT_KINDS) -> None:
    field = cast(forms.ModelChoiceField, form.fields["unit"])
    field.queryset = writable_units(user, kinds)
    if field.queryset.filter(pk=user.unit_id).exists():
        field.initial = user.unit_id


class PersonForm(PersonalFieldsMixin, forms.Form):
    """A person's record. Editing, the personal fields start empty (showing the masked value):
    left empty they keep what is stored, so the form never shows them whole."""

    unit = forms.ModelChoiceField(label=_("village or community"), queryset=Unit.objects.none())
    name = forms.CharField(label=_("name"), max_length=50)
    id_number = forms.CharField(
        label=_("citizen ID number"),
        max_length=30,
        required=False,
        help_text=_("18 characters; sex and birth date are read from it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    document_type = forms.ChoiceField(
        label=_("document type"),
        choices=[c for c in DocumentType.choices if c[0] != DocumentType.ID_CARD],
        required=False,
    )
    document_number = forms.CharField(label=_("document number"), max_length=40, required=False)
    sex = forms.ChoiceField(label=_("sex"), choices=[("", "—"), *Sex.choices], required=False)
    birth_date = forms.DateField(label=_("birth date"), required=False, widget=DATE)
    ethnicity = forms.CharField(label=_("ethnicity"), max_length=20, required=False)
    phone = forms.CharField(
        label=_("phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    address = forms.CharField(label=_("address"), max_length=200, required=False)
    notes = forms.CharField(label=_("notes"), required=False, widget=TEXTAREA)

    def __init__(
        self,
        *args: Any,
        user: Any,
        person: Person | None = None,
        with_unit: bool = True,
        **kwargs: Any,
    ) -> None:
        self.person = self.personal_record = person
        if person is not None:
            kwargs["initial"] = {
                "unit": person.unit_id,
                "name": person.name,
                "document_type": person.document_type
                if person.document_type != DocumentType.ID_CARD
                else "",
                "sex": person.sex if not person.id_number else "",
                "birth_date": person.birth_date if not person.id_number else None,
                "ethnicity": person.ethnicity,
                "address": person.address,
                "notes": person.notes,
            }
        super().__init__(*args, **kwargs)
        if with_unit:
            _unit_field(self, user)
        else:
            del self.fields["unit"]
        if person is not None:
            versions.add_version_field(self, person)

    def identity_fields(self) -> list[Any]:
        return [self[name] for name in WITHOUT_ID]

    def other_fields(self) -> list[Any]:
        skip = {*WITHOUT_ID, "id_number", "name", "unit", versions.VERSION_FIELD}
        return [self[name] for name in self.fields if name not in skip]

    def opens_document_fields(self) -> bool:
        """Whether the page opens the fields of a person without an ID number: for a person
        who has none, or a form sent without one; closed on a new, empty form (most people
        have an ID number, and the phone screen is short)."""
        if self.is_bound:
            typed = (self.data.get(self.add_prefix("id_number")) or "").strip()
            return not typed and not (self.person and self.person.id_number)
        return bool(self.person and not self.person.id_number)

    def person_fields(self) -> dict[str, Any]:
        """The arguments of create_person / update_person (unit apart)."""
        data = self.cleaned_data
        fields: dict[str, Any] = {
            name: data[name] for name in ("name", "ethnicity", "address", "notes")
        }
        fields["phone"] = data["phone"].strip()
        if data["id_number"]:
            fields.update(
                id_number=data["id_number"],
                document_type=DocumentType.ID_CARD,
                document_number="",
                sex="",
                birth_date=None,
            )
        elif self.person is None or not self.person.id_number:
            fields.update(
                document_type=data["document_type"] or DocumentType.OTHER,
                sex=data["sex"],
                birth_date=data["birth_date"],
            )
            fields["document_number"] = data["document_number"]
        return fields


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"),
        choices=[
            (PersonStatus.MOVED_OUT, PersonStatus.MOVED_OUT.label),
            (PersonStatus.DECEASED, PersonStatus.DECEASED.label),
            (PersonStatus.REGISTERED, _("Registered again")),
        ],
    )
    on = forms.DateField(label=_("date"), widget=DATE)
    reason = forms.CharField(label=_("reason or evidence"), max_length=200, required=False)

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = clock.today()
        versions.add_version_field(self, person)


class MembershipForm(forms.Form):
    group = forms.ModelChoiceField(label=_("group"), queryset=Group.objects.filter(is_active=True))
    started_on = forms.DateField(label=_("from"), widget=DATE)
    ended_on = forms.DateField(label=_("until"), required=False, widget=DATE)
    evidence = forms.CharField(label=_("evidence"), max_length=200, required=False)


class EndMembershipForm(forms.Form):
    ended_on = forms.DateField(label=_("until"), widget=DATE)
    reason = forms.CharField(label=_("reason"), max_length=200, required=False)


class HouseholdForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("village or community"), queryset=Unit.objects.none())
    number = forms.CharField(label=_("household number"), max_length=32)
    address = forms.CharField(label=_("address"), max_length=200, required=False)
    notes = forms.CharField(label=_("notes"), required=False, widget=TEXTAREA)

    def __init__(
        self, *args: Any, user: Any, household: Household | None = None, **kwargs: Any
    ) -> None:
        if household is not None:
            kwargs["initial"] = {
                "number": household.number,
                "address": household.address,
                "notes": household.notes,
            }
        super().__init__(*args, **kwargs)
        if household is None:
            _unit_field(self, user)
        else:
            del self.fields["unit"]
            versions.add_version_field(self, household)

    def household_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("number", "address", "notes")}


class HeadChoiceForm(forms.Form):
    """Who heads a new household: a resident already registered (by ID or document number),
    or a new person entered on the same page."""

    NEW, EXISTING = "new", "existing"
    head = forms.ChoiceField(
        label=_("head of household"),
        choices=[(NEW, _("a new person (entered below)")), (EXISTING, _("a registered resident"))],
        initial=NEW,
        widget=forms.RadioSelect,
    )
    existing_number = forms.CharField(
        label=_("the resident's ID or document number"), max_length=40, required=False
    )


class AddMemberForm(forms.Form):
    person = forms.ModelChoiceField(label=_("resident"), queryset=Person.objects.none())
    relation = forms.ChoiceField(label=_("relation to the head"), choices=Relation.choices)

    def __init__(self, *args: Any, household: Household, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        residents = (
            Person.objects.for_user(user)
            .registered()
            .filter(unit_id=household.unit_id, household_membership__isnull=True)
            .order_by("name", "pk")
        )
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = residents


class RelationForm(forms.Form):
    relation = forms.ChoiceField(label=_("relation to the head"), choices=Relation.choices)


class NewMemberForm(forms.Form):
    relation = forms.ChoiceField(
        label=_("relation to the head"),
        choices=[c for c in Relation.choices if c[0] != Relation.HEAD],
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=200, required=False)


class GroupForm(forms.Form):
    code = forms.SlugField(label=_("code"), max_length=40)
    name = forms.CharField(label=_("name"), max_length=50)
    aliases = forms.CharField(label=_("other names"), max_length=200, required=False)
    description = forms.CharField(label=_("description"), required=False, widget=TEXTAREA)
    is_active = forms.BooleanField(label=_("active"), required=False, initial=True)


class OrganisationForm(PersonalFieldsMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("unit"), queryset=Unit.objects.none())
    name = forms.CharField(label=_("name"), max_length=200)
    kind = forms.ChoiceField(label=_("kind"), choices=OrganisationKind.choices)
    credit_code = forms.CharField(
        label=_("unified social credit code"), max_length=30, required=False
    )
    legal_representative = forms.CharField(
        label=_("legal representative"), max_length=50, required=False
    )
    contact_person = forms.CharField(label=_("contact person"), max_length=50, required=False)
    contact_phone = forms.CharField(
        label=_("contact phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    address = forms.CharField(label=_("address"), max_length=200, required=False)
    is_active = forms.BooleanField(label=_("in business"), required=False, initial=True)
    notes = forms.CharField(label=_("notes"), required=False, widget=TEXTAREA)

    KINDS = (UnitKind.SUBDISTRICT, UnitKind.VILLAGE, UnitKind.COMMUNITY)

    def __init__(
        self, *args: Any, user: Any, organisation: Organisation | None = None, **kwargs: Any
    ) -> None:
        self.organisation = self.personal_record = organisation
        if organisation is not None:
            kwargs["initial"] = {
                name: getattr(organisation, name)
                for name in self.base_fields
                if name not in ("unit", "contact_phone")
            } | {"unit": organisation.unit_id}
        super().__init__(*args, **kwargs)
        _unit_field(self, user, self.KINDS)
        if organisation is not None:
            versions.add_version_field(self, organisation)

    def organisation_fields(self) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != versions.VERSION_FIELD and not self.is_clear_box(name)
        }


class MergeForm(forms.Form):
    kept = forms.IntegerField(widget=forms.HiddenInput)
    removed = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("reason"), max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


def apply_errors(form: forms.Form, error: Any) -> None:
    """Put a service's ValidationError on the form: by field where the form has the field,
    on the whole form otherwise."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
