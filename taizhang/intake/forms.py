"""Forms of report intake: a pasted text or an uploaded file, and a draft's edited values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from taizhang.intake.drafts.registry import DraftKind
from taizhang.intake.reading import MAX_BYTES, too_large


class IntakeForm(forms.Form):
    text = forms.CharField(
        label=_("Paste the report"), required=False, widget=forms.Textarea(attrs={"rows": 12})
    )
    file = forms.FileField(
        label=_("or upload a .txt, .docx or .pdf file"),
        required=False,
        allow_empty_file=True,  # refused by the reading, with the file's name
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.pdf"}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not (data.get("text") or "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Paste a report or choose a file."))
        upload = data.get("file")
        if upload is not None and upload.size > MAX_BYTES:
            raise forms.ValidationError(too_large(upload.name))
        return data


def draft_raw(kind: DraftKind, post: QueryDict) -> dict[str, Any]:
    """The values a person submitted for a draft: "f-<name>" fields, and quantity rows
    "q-<row>-item|value|unit_of_measure|qualifier"."""
    raw: dict[str, Any] = {}
    for field in kind.fields:
        if field.type == "quantities":
            rows = []
            for index in range(50):
                prefix = f"q-{index}-"
                if prefix + "item" not in post:
                    break
                rows.append(
                    {
                        name: post.get(prefix + name, "")
                        for name in ("item", "value", "unit_of_measure", "qualifier")
                    }
                )
            raw[field.name] = rows
        else:
            raw[field.name] = post.get(f"f-{field.name}", "")
    return raw
