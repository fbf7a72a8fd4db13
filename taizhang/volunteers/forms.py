"""The forms of the volunteer pages. They parse what a person types; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from taizhang.core import versions
from taizhang.core.access import places_of_work, writable_units
from taizhang.core.models import Unit
from taizhang.people.models import RESIDENCE_UNIT_KINDS, Household, Organisation
from taizhang.volunteers.models import (
    ACTIVE_STATES,
    AwardLevel,
    Campaign,
    EvaluationRating,
    LetterCampaign,
    Shift,
    Team,
    VisitOutcome,
    Volunteer,
)
from taizhang.volunteers.services.signups import CAMPAIGN_FIELDS

DATE = forms.DateInput(attrs={"type": "date"})
MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ShiftChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.task} · {obj.place.name} · {obj} "


class SignUpForm(forms.Form):
    """The public sign-up (志愿者报名): only what the rules need to record a volunteer and call
    them (name, ID number, phone, community), the shifts, and the consent to record them."""

    name = forms.CharField(label=_("name"), max_length=50)
    id_number = forms.CharField(
        label=_("citizen ID number"), max_length=18, min_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )  # fmt: skip
    phone = forms.CharField(
        label=_("phone"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    community = forms.ModelChoiceField(label=_("community"), queryset=Unit.objects.none())
    school = forms.CharField(label=_("school (for students)"), max_length=100, required=False)
    shifts = ShiftChoice(
        label=_("shifts"), queryset=Shift.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the organiser records my name, ID number and phone for this "
            "volunteer service and its service record."
        )
    )

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = campaign.places.order_by("code")  # type: ignore[attr-defined]
        self.fields["shifts"].queryset = campaign.shifts.select_related("place").order_by(  # type: ignore[attr-defined]
            "starts_at", "pk"
        )


class MoreShiftsForm(forms.Form):
    """The shifts of the campaign a volunteer does not hold yet, to ask for more."""

    shifts = ShiftChoice(
        label=_("shifts"), queryset=Shift.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, mine: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        held = mine.volunteer.participations.filter(state__in=ACTIVE_STATES).values("shift")
        shifts = mine.shift.campaign.shifts.exclude(pk__in=held).select_related("place")
        self.fields["shifts"].queryset = shifts.order_by("starts_at", "pk")  # type: ignore[attr-defined]


class ScanForm(forms.Form):
    id_number = forms.CharField(label=_("citizen ID number"), max_length=18, min_length=18)


class ClaimForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("from"), widget=MOMENT)
    ends_at = forms.DateTimeField(label=_("to"), widget=MOMENT)
    description = forms.CharField(label=_("what was done"), max_length=200)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=200)


class AttendanceForm(forms.Form):
    at = forms.DateTimeField(
        label=_("time"), widget=MOMENT, required=False, help_text=_("Now when left empty.")
    )


# Units that serve the whole district rather than a territory (共青团平城区委, 区民政局).
def _residence_units(user: Any) -> QuerySet[Unit]:
    """The villages and communities the user may name as places (core.access.places_of_work:
    another's name is not shown to them, but 团区委 recruits across the district)."""
    units = Unit.objects.filter(kind__in=RESIDENCE_UNIT_KINDS, is_active=True)
    return places_of_work(user, units).order_by("code")


class CampaignForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("organiser"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("title"), max_length=200)
    purpose = forms.CharField(label=_("purpose"), widget=forms.Textarea(attrs={"rows": 3}))
    requirements = forms.CharField(
        label=_("requirements"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    starts_on = forms.DateField(label=_("starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("ends on"), widget=DATE)
    places = forms.ModelMultipleChoiceField(label=_("places"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, user: Any, campaign: Campaign | None = None, **kwargs: Any):
        """With `campaign`, the form edits it: its organiser stays, its values are the
        initial ones and a hidden field keeps the version it was opened with."""
        if campaign is not None:
            kwargs["initial"] = {
                **{name: getattr(campaign, name) for name in CAMPAIGN_FIELDS},
                "places": list(campaign.places.values_list("pk", flat=True)),
            }
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(is_active=True).order_by("code")
        self.fields["unit"].queryset = writable_units(user, units)  # type: ignore[attr-defined]
        self.fields["places"].queryset = _residence_units(user)  # type: ignore[attr-defined]
        if campaign is not None:
            del self.fields["unit"]
            versions.add_version_field(self, campaign)
            # Its places stay choices to an organiser whose own unit does not hold them.
            places = Unit.objects.filter(
                Q(pk__in=_residence_units(user).values("pk"))
                | Q(pk__in=campaign.places.values("pk"))
            )
            self.fields["places"].queryset = places.order_by("code")  # type: ignore[attr-defined]


class ShiftForm(forms.Form):
    task = forms.CharField(label=_("task"), max_length=200)
    place = forms.ModelChoiceField(label=_("place"), queryset=Unit.objects.none())
    starts_at = forms.DateTimeField(label=_("starts at"), widget=MOMENT)
    ends_at = forms.DateTimeField(label=_("ends at"), widget=MOMENT)
    needed = forms.IntegerField(label=_("volunteers needed"), min_value=1, max_value=1000)
    cap = forms.IntegerField(label=_("at most"), min_value=1, max_value=1000)

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = campaign.places.order_by("code")  # type: ignore[attr-defined]


def _campaign_volunteers(campaign: Campaign) -> QuerySet[Volunteer]:
    return (
        Volunteer.objects.filter(participations__shift__campaign=campaign)
        .select_related("person")
        .distinct()
        .order_by("number")
    )


class VisitForm(forms.Form):
    household = forms.ModelChoiceField(label=_("household"), queryset=Household.objects.none())
    visited_on = forms.DateField(label=_("visited on"), widget=DATE)
    outcome = forms.ChoiceField(label=_("outcome"), choices=VisitOutcome.choices)
    volunteer = forms.ModelChoiceField(
        label=_("volunteer"), queryset=Volunteer.objects.none(), required=False
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = Household.objects.filter(  # type: ignore[attr-defined]
            unit__in=campaign.places.all()
        ).order_by("unit_id", "number")
        self.fields["volunteer"].queryset = _campaign_volunteers(campaign)  # type: ignore[attr-defined]


class DataTaskForm(forms.Form):
    description = forms.CharField(label=_("description"), max_length=200)
    records = forms.IntegerField(label=_("records handled"), min_value=1)
    done_on = forms.DateField(label=_("done on"), widget=DATE)
    volunteer = forms.ModelChoiceField(
        label=_("volunteer"), queryset=Volunteer.objects.none(), required=False
    )

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = _campaign_volunteers(campaign)  # type: ignore[attr-defined]


class LetterCampaignForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("issuing unit"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("title"), max_length=200)
    text = forms.CharField(
        label=_("letter text"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    duties = forms.CharField(
        label=_("duties"),
        help_text=_("One duty a line; they are numbered."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    places = forms.ModelMultipleChoiceField(label=_("communities"), queryset=Unit.objects.none())
    campaign = forms.ModelChoiceField(
        label=_("volunteer campaign"), queryset=Campaign.objects.none(), required=False
    )
    starts_on = forms.DateField(label=_("starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("ends on"), widget=DATE)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(is_active=True).order_by("code")
        self.fields["unit"].queryset = writable_units(user, units)  # type: ignore[attr-defined]
        self.fields["places"].queryset = _residence_units(user)  # type: ignore[attr-defined]
        self.fields["campaign"].queryset = Campaign.objects.for_user(user)  # type: ignore[attr-defined]


class TargetForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("organisation"), queryset=Organisation.objects.none(), required=False
    )
    household = forms.ModelChoiceField(
        label=_("household"), queryset=Household.objects.none(), required=False
    )
    team = forms.ModelChoiceField(label=_("team"), queryset=Team.objects.none(), required=False)
    volunteer = forms.ModelChoiceField(
        label=_("volunteer"), queryset=Volunteer.objects.none(), required=False
    )

    def __init__(self, *args: Any, letters: LetterCampaign, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every organisation and household the user sees: one of another community is refused
        # by the service with a message, not hidden.
        self.fields["organisation"].queryset = Organisation.objects.for_user(user).order_by(  # type: ignore[attr-defined]
            "unit_id", "name"
        )
        self.fields["household"].queryset = Household.objects.for_user(user).order_by(  # type: ignore[attr-defined]
            "unit_id", "number"
        )
        self.fields["volunteer"].queryset = Volunteer.objects.for_user(user).select_related(  # type: ignore[attr-defined]
            "person"
        )
        self.fields["team"].queryset = Team.objects.filter(unit=letters.unit_id)  # type: ignore[attr-defined]


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("signed on"), widget=DATE, required=False)
    signed_by = forms.CharField(label=_("signed by"), max_length=50, required=False)
    scan = forms.FileField(label=_("photo or scan of the signed letter"), required=False)
    # Filled by static/volunteers/signature.js from the signature pad (a PNG data URL).
    signature = forms.CharField(widget=forms.HiddenInput, required=False)


class RefuseForm(forms.Form):
    refusal_reason = forms.CharField(label=_("reason of refusal"), max_length=200)


class TrainingForm(forms.Form):
    """A training of the service record (培训记录)."""

    trained_on = forms.DateField(label=_("date"), widget=DATE)
    title = forms.CharField(label=_("title"), max_length=200)
    hours = forms.DecimalField(label=_("hours"), max_digits=6, decimal_places=2)
    organiser = forms.CharField(label=_("organised by"), max_length=100)
    note = forms.CharField(label=_("notes"), max_length=200, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class AwardForm(forms.Form):
    """An award of the service record (表彰奖励记录)."""

    awarded_on = forms.DateField(label=_("date"), widget=DATE)
    title = forms.CharField(label=_("title"), max_length=200)
    level = forms.ChoiceField(label=_("level"), choices=AwardLevel.choices)
    body = forms.CharField(label=_("awarded by"), max_length=100)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class EvaluationForm(forms.Form):
    """An evaluation of the service record (评价记录), given by a unit the user writes for."""

    period = forms.CharField(
        label=_("year or period"), max_length=30, help_text=_("For example 2022 or 2022年寒假.")
    )
    rating = forms.ChoiceField(label=_("rating"), choices=EvaluationRating.choices)
    unit = forms.ModelChoiceField(label=_("evaluating unit"), queryset=Unit.objects.none())
    remarks = forms.CharField(label=_("remarks"), max_length=300, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(is_active=True).order_by("code")
        self.fields["unit"].queryset = writable_units(user, units)  # type: ignore[attr-defined]


class VolunteerChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number} {obj.person.name}"


class TeamMembersForm(forms.Form):
    """A team's members and its leader (one of them)."""

    members = VolunteerChoice(label=_("members"), queryset=Volunteer.objects.none(), required=False)
    leader = forms.ModelChoiceField(
        label=_("leader"), queryset=Volunteer.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        volunteers = Volunteer.objects.for_user(user).select_related("person").order_by("number")
        self.fields["members"].queryset = volunteers  # type: ignore[attr-defined]
        self.fields["leader"].queryset = volunteers  # type: ignore[attr-defined]


class TeamForm(TeamMembersForm):
    """A new team of volunteers (分队) of a unit the user writes for."""

    unit = forms.ModelChoiceField(label=_("organising unit"), queryset=Unit.objects.none())
    name = forms.CharField(label=_("name"), max_length=50)
    campaign = forms.ModelChoiceField(
        label=_("volunteer campaign"), queryset=Campaign.objects.none(), required=False
    )
    field_order = ["unit", "name", "campaign", "members", "leader"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        units = Unit.objects.filter(is_active=True).order_by("code")
        self.fields["unit"].queryset = writable_units(user, units)  # type: ignore[attr-defined]
        self.fields["campaign"].queryset = Campaign.objects.for_user(user)  # type: ignore[attr-defined]
