"""Forms of the demonstration workflow (百家示范党组织): a rubric and its items, a nomination,
an assessor's scores, the public notice (公示), naming the list and the yearly review."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from taizhang.core import modules
from taizhang.lib.dates import MAX_YEAR, MIN_YEAR
from taizhang.party.forms.records import DATE_INPUT
from taizhang.party.models import AutoSource, Candidate, PartyOrg, RubricItem
from taizhang.party.services.demonstration import ItemIn

MEASURE_PREFIX = "measure:"
# Rows of the item table on the rubric form: the default rubric has six items.
ITEM_ROWS = 10


def source_choices() -> list[tuple[str, Any]]:
    """Where an item may be scored from: by assessors, the two records of this module, and
    the measures the installed modules offer (a module not installed offers none)."""
    choices: list[tuple[str, Any]] = [
        (AutoSource.NONE.value, AutoSource.NONE.label),
        (AutoSource.MEETING_COMPLIANCE.value, AutoSource.MEETING_COMPLIANCE.label),
        (AutoSource.MILESTONES_MET.value, AutoSource.MILESTONES_MET.label),
    ]
    for key, measure in modules.people_measures().items():
        label = _("%(label)s per member (%(unit)s)") % {
            "label": measure.label,
            "unit": measure.unit,
        }
        choices.append((MEASURE_PREFIX + key, label))
    return choices


def source_of(item: RubricItem) -> str:
    if item.auto_source == AutoSource.MEMBERS_MEASURE:
        return MEASURE_PREFIX + item.measure
    return item.auto_source


def item_initial(item: RubricItem | ItemIn) -> dict[str, Any]:
    source = (
        source_of(item)
        if isinstance(item, RubricItem)
        else (MEASURE_PREFIX + item.measure if item.measure else item.auto_source)
    )
    return {
        "title": item.title,
        "weight": item.weight,
        "evidence_needed": item.evidence_needed,
        "source": source,
        "target": item.target,
    }


class RubricForm(forms.Form):
    """A rubric's heading and its items, one row each (empty rows are left out)."""

    year = forms.IntegerField(label=_("year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    title = forms.CharField(label=_("title"), max_length=200)
    pass_mark = forms.DecimalField(
        label=_("pass mark"), max_digits=6, decimal_places=2, min_value=0, max_value=100
    )

    def __init__(
        self, *args: Any, items: list[dict[str, Any]], fixed_year: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if fixed_year:
            self.fields["year"].disabled = True
        choices = source_choices()
        for row in range(1, ITEM_ROWS + 1):
            initial = items[row - 1] if row <= len(items) else {}
            self.fields[f"title_{row}"] = forms.CharField(
                label=_("item %(row)d") % {"row": row},
                max_length=200,
                required=False,
                initial=initial.get("title"),
            )
            self.fields[f"weight_{row}"] = forms.DecimalField(
                label=_("weight (points)"),
                max_digits=6,
                decimal_places=2,
                min_value=Decimal("0.01"),
                max_value=100,
                required=False,
                initial=initial.get("weight"),
            )
            self.fields[f"evidence_needed_{row}"] = forms.CharField(
                label=_("evidence needed"),
                max_length=300,
                required=False,
                initial=initial.get("evidence_needed"),
            )
            self.fields[f"source_{row}"] = forms.ChoiceField(
                label=_("scored from"),
                choices=choices,
                required=False,
                initial=initial.get("source", ""),
            )
            self.fields[f"target_{row}"] = forms.DecimalField(
                label=_("target per member"),
                max_digits=8,
                decimal_places=2,
                min_value=Decimal("0.01"),
                required=False,
                initial=initial.get("target"),
            )

    def heading_fields(self) -> list[Any]:
        return [self["year"], self["title"], self["pass_mark"]]

    def item_rows(self) -> list[list[Any]]:
        names = ("title", "weight", "evidence_needed", "source", "target")
        return [[self[f"{name}_{row}"] for name in names] for row in range(1, ITEM_ROWS + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        items = []
        for row in range(1, ITEM_ROWS + 1):
            title = (data.get(f"title_{row}") or "").strip()
            weight = data.get(f"weight_{row}")
            if not title and weight is None:
                continue
            if not title or weight is None:
                self.add_error(f"title_{row}", _("An item has a name and a weight."))
                continue
            source = data.get(f"source_{row}") or ""
            measure = (
                source.removeprefix(MEASURE_PREFIX) if source.startswith(MEASURE_PREFIX) else ""
            )
            items.append(
                ItemIn(
                    title=title,
                    weight=weight,
                    evidence_needed=data.get(f"evidence_needed_{row}") or "",
                    auto_source=AutoSource.MEMBERS_MEASURE if measure else source,
                    measure=measure,
                    target=data.get(f"target_{row}") if measure else None,
                )
            )
        data["items"] = items
        return data


class NominateForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    org = forms.ModelChoiceField(label=_("organisation"), queryset=PartyOrg.objects.none())

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]


class ScoreForm(forms.Form):
    """An assessor's scores of a candidate: per item scored by assessors, the points (at most
    the item's weight), the evidence and a file of evidence; an item left without points is
    not scored now."""

    def __init__(
        self, *args: Any, items: list[RubricItem], scores: dict[int, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            given = scores.get(item.pk)
            self.fields[f"points_{item.pk}"] = forms.DecimalField(
                label=_("%(item)s: points (at most %(weight)s)")
                % {"item": item.title, "weight": item.weight},
                max_digits=6,
                decimal_places=2,
                min_value=0,
                required=False,
                initial=given.points if given else None,
            )
            self.fields[f"evidence_{item.pk}"] = forms.CharField(
                label=_("evidence"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=item.evidence_needed,
                initial=given.evidence if given else "",
            )
            self.fields[f"file_{item.pk}"] = forms.FileField(
                label=_("file of evidence"),
                required=False,
                widget=forms.ClearableFileInput(
                    attrs={"accept": "image/jpeg,image/png,application/pdf"}
                ),
            )

    def rows(self) -> list[tuple[RubricItem, list[Any]]]:
        return [
            (item, [self[f"{name}_{item.pk}"] for name in ("points", "evidence", "file")])
            for item in self.items
        ]

    def scored(self) -> list[tuple[RubricItem, Decimal, str]]:
        data = self.cleaned_data
        return [
            (item, data[f"points_{item.pk}"], data[f"evidence_{item.pk}"])
            for item in self.items
            if data.get(f"points_{item.pk}") is not None
        ]

    def evidence_files(self) -> dict[int, Any]:
        data = self.cleaned_data
        return {
            item.pk: data[f"file_{item.pk}"]
            for item in self.items
            if data.get(f"file_{item.pk}") and data.get(f"points_{item.pk}") is not None
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if not any(data.get(f"points_{item.pk}") is not None for item in self.items):
            raise forms.ValidationError(_("Give the points of at least one item."))
        return data


class NoticeForm(forms.Form):
    starts_on = forms.DateField(label=_("starts on"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("ends on"), widget=DATE_INPUT)
    text = forms.CharField(
        label=_("notice"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact = forms.CharField(
        label=_("how to object"),
        max_length=300,
        help_text=_("Where and how anyone may object during the notice: office, phone, address."),
    )
    candidates = forms.ModelMultipleChoiceField(
        label=_("organisations on the list"),
        queryset=Candidate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["candidates"]
        field.queryset = candidates  # type: ignore[attr-defined]
        field.label_from_instance = lambda c: f"{c.org.name} · {c.total}"  # type: ignore[attr-defined]


class NameListForm(forms.Form):
    withdrawn = forms.ModelMultipleChoiceField(
        label=_("withdrawn after objections"),
        queryset=Candidate.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["withdrawn"]
        field.queryset = candidates  # type: ignore[attr-defined]
        field.label_from_instance = lambda c: c.org.name  # type: ignore[attr-defined]


class WithdrawScoreForm(forms.Form):
    reason = forms.CharField(
        label=_("why the score is withdrawn"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReviewForm(forms.Form):
    year = forms.IntegerField(label=_("year reviewed"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    stars = forms.IntegerField(label=_("stars after the review"), min_value=0, max_value=5)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))
