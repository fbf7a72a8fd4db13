"""Forms of the org-unit pages. They validate input; services do the writing."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from taizhang.core import versions
from taizhang.core.access import can_manage_structure
from taizhang.core.models import Unit
from taizhang.core.services import OFFICER_EDITABLE_UNIT_FIELDS, UNIT_FIELDS


class UnitForm(forms.ModelForm):
    parent = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        label=_("parent unit"),
        help_text=_("Leave empty for a top-level unit, such as an agency outside the district."),
    )

    class Meta:
        model = Unit
        fields = list(UNIT_FIELDS)
        widgets = {
            "remarks": forms.Textarea(attrs={"rows": 3}),
            "aliases": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if can_manage_structure(user):
            parent_field = cast(forms.ModelChoiceField, self.fields["parent"])
            parent_field.queryset = Unit.objects.for_user(user)
            if self.instance.pk:
                parent = Unit.objects.get_parent(self.instance)
                parent_field.initial = parent.pk if parent else None
                parent_field.queryset = parent_field.queryset.exclude(
                    path__startswith=self.instance.path
                )
        else:
            for name in list(self.fields):
                if name not in OFFICER_EDITABLE_UNIT_FIELDS:
                    del self.fields[name]
        if self.instance.pk:
            versions.add_version_field(self, self.instance)

    def _post_clean(self) -> None:
        """Model validation runs in the service, which also sets the tree fields."""

    def unit_changes(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in self.fields
            if name not in ("parent", versions.VERSION_FIELD)
        }


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("file"))
    caption = forms.CharField(label=_("caption"), max_length=200, required=False)
