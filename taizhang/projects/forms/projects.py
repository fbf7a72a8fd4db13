"""Forms of the project pages. They validate input; the services do the writing."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from taizhang.core import versions
from taizhang.core.models import Unit, UnitKind
from taizhang.projects.models import STAGE_MOVES, Project, Stage
from taizhang.projects.services.projects import (
    OFFICE_FIELDS,
    QUANTITY_FIELDS,
    can_review,
    linked_unit_ids,
)

UNIT_FIELDS = ("unit", "owner_unit", "lead_department", "subdistrict", "co_departments")
DEPARTMENT_KINDS = (UnitKind.DEPARTMENT, UnitKind.AGENCY, UnitKind.PARTY_ORG)


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [*OFFICE_FIELDS, "co_departments"]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 4}),
            "planned_start": forms.DateInput(attrs={"type": "date"}),
            "planned_finish": forms.DateInput(attrs={"type": "date"}),
            "actual_start": forms.DateInput(attrs={"type": "date"}),
            "actual_finish": forms.DateInput(attrs={"type": "date"}),
            "co_departments": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "code": _("24 characters, like 2018-110105-70-03-006548. Leave empty if none."),
            "subdistrict": _("Left empty, the subdistrict the responsible unit lies in."),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # The units the user may see, and those the project already names (a village officer
        # does not see 区发改局, but editing the project must not drop it).
        visible = Unit.objects.filter(
            Q(pk__in=Unit.objects.for_user(user).values("pk"))
            | Q(pk__in=linked_unit_ids(self.instance))
        )
        for name in UNIT_FIELDS:
            cast(forms.ModelChoiceField, self.fields[name]).queryset = visible
        subdistrict = cast(forms.ModelChoiceField, self.fields["subdistrict"])
        subdistrict.queryset = visible.filter(kind=UnitKind.SUBDISTRICT)
        lead_department = cast(forms.ModelChoiceField, self.fields["lead_department"])
        lead_department.queryset = visible.filter(kind__in=DEPARTMENT_KINDS)
        if not self.instance.pk and user.unit_id:
            self.fields["unit"].initial = user.unit_id
        if not can_review(user):
            del self.fields["is_demo"]
        if self.instance.pk:
            versions.add_version_field(self, self.instance)

    def _post_clean(self) -> None:
        """Model validation runs in the service, which also normalises the project code."""

    def project_changes(self) -> dict[str, Any]:
        """The fields as the services take them (co-departments apart)."""
        names = [name for name in self.fields if name in OFFICE_FIELDS]
        if self.instance.pk:
            names = [name for name in names if name in self.changed_data]
        return {name: self.cleaned_data[name] for name in names}


class QuantityForm(forms.Form):
    """One physical quantity: 硬化巷道 1000 多 平方米."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    item = forms.CharField(label=_("item"), max_length=100, required=False)
    value = forms.DecimalField(label=_("value"), max_digits=14, decimal_places=2, required=False)
    qualifier = forms.CharField(
        label=_("qualifier"), max_length=10, required=False, help_text=_("多, 余, 约…")
    )
    unit_of_measure = forms.CharField(label=_("unit of measure"), max_length=20, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        filled = [data.get(name) not in (None, "") for name in ("item", "value", "unit_of_measure")]
        if any(filled) and not all(filled):
            raise ValidationError(_("Give the item, the value and the unit of measure."))
        return data


QuantityFormSet = forms.formset_factory(QuantityForm, extra=2, can_delete=True)


def quantity_rows(formset: Any) -> list[dict[str, Any]]:
    """The quantities a valid formset keeps, as the services take them."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE") or not data.get("item"):
            continue
        rows.append({name: data[name] for name in ("id", *QUANTITY_FIELDS)})
    return rows


def quantity_initial(project: Project) -> list[dict[str, Any]]:
    return list(project.quantities.values("id", *QUANTITY_FIELDS))


def _stage_choices(stages: tuple[str, ...]) -> list[tuple[str, Any]]:
    return [(stage, Stage(stage).label) for stage in stages]


class StageRequestForm(forms.Form):
    """A unit asks for the next stage (申报)."""

    to_stage = forms.ChoiceField(label=_("requested stage"))
    note = forms.CharField(label=_("note"), max_length=500, required=False)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["to_stage"]).choices = _stage_choices(
            STAGE_MOVES.get(project.stage, ())
        )


class MoveForm(StageRequestForm):
    """The programme office moves a project directly."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].label = _("new stage")


class ApproveForm(forms.Form):
    note = forms.CharField(label=_("note"), max_length=500, required=False)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for returning"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
