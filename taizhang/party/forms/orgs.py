"""Forms of the organisations and their rosters: a new organisation under its superior, its
name and level, its leadership, a member taken on (chosen by search among the registry's
persons of the organisation's unit), taken off, or transferred to another branch."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from taizhang.core.access import writable_units
from taizhang.core.models import Unit
from taizhang.core.versions import add_version_field
from taizhang.party.forms.records import DATE_INPUT
from taizhang.party.models import LeaveReason, Membership, MemberStatus, OrgLevel, PartyOrg
from taizhang.people.models import Person


class OrgCreateForm(forms.Form):
    """A new organisation under `parent`, for a unit within the parent's unit; without a
    parent, one at the top of the tree (the 区委) for any unit the user writes for."""

    name = forms.CharField(label=_("name"), max_length=100)
    level = forms.ChoiceField(label=_("level"), choices=OrgLevel.choices)
    unit = forms.ModelChoiceField(label=_("org unit"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, parent: PartyOrg | None, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(is_active=True)
        if parent is not None:
            units = units.filter(path__startswith=parent.unit.path)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = writable_units(user, units).order_by("path")


class OrgEditForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)
    level = forms.ChoiceField(label=_("level"), choices=OrgLevel.choices)

    def __init__(self, *args: Any, org: PartyOrg, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"name": org.name, "level": org.level})
        super().__init__(*args, **kwargs)
        add_version_field(self, org)


def leaders_offered(org: PartyOrg) -> list[Person]:
    """Who may be named secretary or committee member: the members on the rosters of the
    organisation's branches (its own and those below it), and its present leaders."""
    members = (
        Membership.objects.filter(org__unit__path__startswith=org.unit.path)
        .current()
        .values("person")
    )
    people = Person.objects.filter(pk__in=members) | Person.objects.filter(
        pk__in=[*org.committee.values_list("pk", flat=True), org.secretary_id or 0]
    )
    return list(people.distinct().order_by("name", "pk"))


class LeadershipForm(forms.Form):
    secretary = forms.TypedChoiceField(label=_("secretary"), coerce=int, required=False)
    committee = forms.TypedMultipleChoiceField(
        label=_("committee members"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    published_names = forms.CharField(
        label=_("names the organisation publishes"),
        max_length=200,
        required=False,
        help_text=_("Shown on the public showcase; nothing else about a person is."),
    )

    def __init__(self, *args: Any, org: PartyOrg, offered: list[Person], **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "secretary": org.secretary_id,
                "committee": list(org.committee.values_list("pk", flat=True)),
                "published_names": org.published_names,
            },
        )
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in offered}
        choices = [(person.pk, person.name) for person in offered]
        self.fields["secretary"].choices = [("", "—"), *choices]  # type: ignore[attr-defined]
        self.fields["committee"].choices = choices  # type: ignore[attr-defined]


class MemberSearchForm(forms.Form):
    q = forms.CharField(label=_("name or ID number"), max_length=50, required=False, strip=True)


class MemberAddForm(forms.Form):
    """A person found by the search, and when they joined the party and the roster."""

    person = forms.TypedChoiceField(label=_("person"), coerce=int, widget=forms.RadioSelect)
    joined_party_on = forms.DateField(label=_("joined the party on"), widget=DATE_INPUT)
    joined_org_on = forms.DateField(label=_("on the roster since"), widget=DATE_INPUT)
    status = forms.ChoiceField(
        label=_("status"), choices=MemberStatus.choices, initial=MemberStatus.FULL
    )
    transferred_from = forms.CharField(
        label=_("transferred in from"), max_length=200, required=False
    )

    def __init__(self, *args: Any, found: list[tuple[Person, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            (person.pk, f"{person.name} · {number} · {person.unit.name}")
            for person, number in found
        ]


class MemberRemoveForm(forms.Form):
    left_on = forms.DateField(label=_("left the roster on"), widget=DATE_INPUT)
    reason = forms.ChoiceField(label=_("reason for leaving"), choices=LeaveReason.choices)
    transferred_to = forms.CharField(label=_("transferred out to"), max_length=200, required=False)


class MemberTransferForm(forms.Form):
    to = forms.ModelChoiceField(label=_("to the branch"), queryset=PartyOrg.objects.none())
    on = forms.DateField(label=_("on"), widget=DATE_INPUT)

    def __init__(self, *args: Any, member: Membership, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            PartyOrg.objects.for_user(user)
            .filter(level=OrgLevel.BRANCH, unit__in=writable_units(user, Unit.objects.all()))
            .exclude(pk=member.org_id)
            .order_by("unit__path", "name")
        )
