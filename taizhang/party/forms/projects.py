"""Forms of the action projects: the project itself, its status, an indicator, an
indicator's value for a month, a milestone and the yearly assessment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from taizhang.core.access import writable_units
from taizhang.core.models import Unit
from taizhang.core.versions import add_version_field
from taizhang.lib.dates import MAX_YEAR, MIN_YEAR
from taizhang.party.forms.records import DATE_INPUT
from taizhang.party.models import ActionProject, Area, Grade, PartyOrg, ProjectStatus
from taizhang.projects.models import Project


class ProjectForm(forms.Form):
    """A project's own fields; `year` only when it is created."""

    year = forms.IntegerField(label=_("year launched"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    title = forms.CharField(label=_("title"), max_length=200)
    area = forms.ChoiceField(label=_("area"), choices=Area.choices)
    lead_unit = forms.ModelChoiceField(label=_("lead unit"), queryset=Unit.objects.none())
    party_org = forms.ModelChoiceField(
        label=_("party organisation"), queryset=PartyOrg.objects.none(), required=False
    )
    responsible = forms.CharField(label=_("person responsible"), max_length=100)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    bank_projects = forms.ModelMultipleChoiceField(
        label=_("project-bank projects"), queryset=Project.objects.none(), required=False
    )

    def __init__(
        self, *args: Any, user: Any, project: ActionProject | None = None, **kwargs: Any
    ) -> None:
        if project is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": project.title,
                    "area": project.area,
                    "lead_unit": project.lead_unit_id,
                    "party_org": project.party_org_id,
                    "responsible": project.responsible,
                    "description": project.description,
                    "bank_projects": list(project.bank_projects.values_list("pk", flat=True)),
                },
            )
        super().__init__(*args, **kwargs)
        self._set_queryset(
            "lead_unit", writable_units(user, Unit.objects.filter(is_active=True)).order_by("path")
        )
        self._set_queryset(
            "party_org",
            PartyOrg.objects.for_user(user).order_by("unit__path", "name"),
        )
        self._set_queryset("bank_projects", Project.objects.for_user(user).order_by("name"))
        if project is not None:
            del self.fields["year"]
            add_version_field(self, project)

    def _set_queryset(self, name: str, queryset: Any) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=ProjectStatus.choices)
    finished_on = forms.DateField(label=_("finished on"), widget=DATE_INPUT, required=False)


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("indicator"), max_length=100)
    unit = forms.CharField(label=_("unit of measure"), max_length=20)
    target = forms.DecimalField(label=_("target"), max_digits=14, decimal_places=2)


class MonthField(forms.DateField):
    """A month as <input type="month"> sends it (2022-03), or a day of it."""

    input_formats = ["%Y-%m", "%Y-%m-%d"]
    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


class ValueForm(forms.Form):
    month = MonthField(label=_("month"))
    actual = forms.DecimalField(label=_("actual"), max_digits=14, decimal_places=2, min_value=0)


class MilestoneAddForm(forms.Form):
    title = forms.CharField(label=_("milestone"), max_length=200)
    due_on = forms.DateField(label=_("due on"), widget=DATE_INPUT)


class AssessmentForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    grade = forms.ChoiceField(label=_("grade"), choices=Grade.choices)
    comment = forms.CharField(
        label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
