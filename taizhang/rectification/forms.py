"""Forms of the rectification pages. They validate input; the services do the writing."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from taizhang.core import access
from taizhang.core.models import Unit, UnitKind
from taizhang.rectification.flow import RECTIFICATION
from taizhang.rectification.models import (
    Campaign,
    EvidenceStage,
    Finding,
    HazardCategory,
    Origin,
    SubjectKind,
)

DATE = forms.DateInput(attrs={"type": "date"})
FINDING_ROWS = 5


def writable_units(user: Any) -> Any:
    """The active units `user` writes for: their subtree, or all for district-wide writers."""
    return access.writable_units(user, Unit.objects.for_user(user).filter(is_active=True))


def addressable_agencies() -> Any:
    """Agencies a case may be addressed to: departments, subdistricts and other agencies,
    inside or outside the district tree (市生态环境局)."""
    kinds = (UnitKind.DEPARTMENT, UnitKind.AGENCY, UnitKind.SUBDISTRICT, UnitKind.DISTRICT)
    return Unit.objects.filter(is_active=True, kind__in=kinds).order_by("name")


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    plan_document = forms.CharField(label=_("implementing plan"), max_length=200)
    lead_unit = forms.ModelChoiceField(label=_("lead unit"), queryset=Unit.objects.none())
    participants = forms.ModelMultipleChoiceField(
        label=_("participating units"), queryset=Unit.objects.none(), required=False
    )
    starts_on = forms.DateField(label=_("starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("ends on"), widget=DATE)
    reply_months = forms.IntegerField(label=_("months to reply"), initial=2, min_value=1)
    is_public = forms.BooleanField(label=_("public notice"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lead_unit = cast(forms.ModelChoiceField, self.fields["lead_unit"])
        lead_unit.queryset = writable_units(user)
        lead_unit.initial = user.unit_id
        cast(forms.ModelChoiceField, self.fields["participants"]).queryset = addressable_agencies()


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)
    law = forms.CharField(label=_("law"), max_length=200)
    article = forms.CharField(label=_("article"), max_length=200, required=False)


class CaseForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("campaign"), queryset=Campaign.objects.none())
    origin = forms.ChoiceField(label=_("origin"), choices=Origin.choices)
    origin_reference = forms.CharField(label=_("origin reference"), max_length=100, required=False)
    found_by_unit = forms.ModelChoiceField(label=_("found by"), queryset=Unit.objects.none())
    agency = forms.ModelChoiceField(label=_("responsible agency"), queryset=Unit.objects.none())
    subject_name = forms.CharField(label=_("subject"), max_length=200)
    subject_kind = forms.ChoiceField(label=_("kind of subject"), choices=SubjectKind.choices)
    subject_address = forms.CharField(label=_("address"), max_length=200)
    village = forms.ModelChoiceField(label=_("village or community"), queryset=Unit.objects.none())
    subject_contact = forms.CharField(label=_("contact person"), max_length=50, required=False)
    subject_phone = forms.CharField(label=_("contact phone"), max_length=30, required=False)
    summary = forms.CharField(
        label=_("summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        campaigns = Campaign.objects.for_user(user)
        cast(forms.ModelChoiceField, self.fields["campaign"]).queryset = campaigns
        found_by_unit = cast(forms.ModelChoiceField, self.fields["found_by_unit"])
        found_by_unit.queryset = writable_units(user)
        found_by_unit.initial = user.unit_id
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = addressable_agencies()
        cast(forms.ModelChoiceField, self.fields["village"]).queryset = Unit.objects.filter(
            is_active=True, kind__in=(UnitKind.VILLAGE, UnitKind.COMMUNITY)
        ).order_by("code")
        categories = HazardCategory.objects.filter(campaign__in=campaigns).select_related(
            "campaign"
        )
        for row in range(1, FINDING_ROWS + 1):
            self.fields[f"finding_{row}_category"] = forms.ModelChoiceField(
                label=_("category"), queryset=categories, required=False
            )
            self.fields[f"finding_{row}_description"] = forms.CharField(
                label=_("finding"), required=False, max_length=1000
            )

    def finding_rows(self) -> list[tuple[Any, Any]]:
        return [
            (self[f"finding_{row}_category"], self[f"finding_{row}_description"])
            for row in range(1, FINDING_ROWS + 1)
        ]

    def case_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if not name.startswith("finding_")]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        findings = []
        for row in range(1, FINDING_ROWS + 1):
            category = data.get(f"finding_{row}_category")
            description = (data.get(f"finding_{row}_description") or "").strip()
            if description and category is None:
                self.add_error(f"finding_{row}_category", _("Choose the finding's category."))
            elif category is not None and not description:
                self.add_error(f"finding_{row}_description", _("Describe the finding."))
            elif description:
                findings.append({"category": category, "description": description})
        if not findings and not self.errors:
            raise forms.ValidationError(_("A case needs at least one finding."))
        data["findings"] = findings
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: value for name, value in data.items() if not name.startswith("finding_")}


class StepForm(forms.Form):
    action = forms.ChoiceField(choices=[(t.action, t.label) for t in RECTIFICATION.transitions])
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline = forms.DateField(label=_("deadline"), required=False, widget=DATE)
    number = forms.CharField(label=_("document number"), required=False, max_length=100)


class FindingForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("category"), queryset=HazardCategory.objects.none(), required=False
    )
    description = forms.CharField(label=_("finding"), max_length=1000)
    legal_basis = forms.CharField(label=_("legal basis"), max_length=300, required=False)

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["category"]).queryset = campaign.categories.all()


class NoteForm(forms.Form):
    note = forms.CharField(label=_("note"), required=False, max_length=2000)


class VerifyForm(forms.Form):
    accept = forms.TypedChoiceField(
        choices=[("1", _("Accept")), ("0", _("Not accepted"))], coerce=lambda value: value == "1"
    )
    note = forms.CharField(label=_("note"), required=False, max_length=2000)


class EvidenceForm(forms.Form):
    stage = forms.ChoiceField(label=_("stage"), choices=EvidenceStage.choices)
    file = forms.FileField(label=_("photo"))
    caption = forms.CharField(label=_("caption"), max_length=200, required=False)


class ExtensionForm(forms.Form):
    clock_code = forms.ChoiceField(
        label=_("deadline"),
        choices=[("", "—"), *((c.code, c.label) for c in RECTIFICATION.clocks)],
        required=False,
    )
    until = forms.DateField(label=_("requested deadline"), widget=DATE)
    reason = forms.CharField(label=_("reason"), max_length=500)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=500)
    deadline = forms.DateField(label=_("new rectification deadline"), widget=DATE)
    findings: forms.ModelMultipleChoiceField[Finding] = forms.ModelMultipleChoiceField(
        label=_("findings to reopen"), queryset=None, required=False
    )

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["findings"]).queryset = case.findings.all()


class ReaddressForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("responsible agency"), queryset=Unit.objects.none())
    note = forms.CharField(label=_("note"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = addressable_agencies()
