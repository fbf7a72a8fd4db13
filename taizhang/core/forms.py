"""Forms of the org-unit pages, and the edit behaviour of personal fields every edit form of
a record with personal data uses. They validate input; services do the writing."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from taizhang.core import personal, versions
from taizhang.core.access import can_manage_structure
from taizhang.core.models import Unit
from taizhang.core.services import OFFICER_EDITABLE_UNIT_FIELDS, UNIT_FIELDS


class PersonalFieldsMixin(forms.BaseForm):
    """For the edit form of a record with personal fields (core/personal.py): such a field
    never holds the stored value — it shows empty, with the masked value as placeholder and
    help ("Leave blank to keep 139****5678"). Blank (or the masked value sent back) keeps what
    is stored; a new value replaces it; the checkbox `clear_<field>` added after it removes it
    (`is_clear_box(name)` tells it from the record's fields). List it before the form class:
    `class UnitForm(PersonalFieldsMixin, forms.ModelForm)`. A plain `forms.Form` editing a
    record sets `self.personal_record` before calling this `__init__`."""

    personal_record: models.Model | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        record = self.personal_record or getattr(self, "instance", None)
        self.kept_personal: dict[str, Any] = {}
        if record is None or record.pk is None:
            return
        for name, kind in personal.personal_fields(type(record)).items():
            stored = getattr(record, name, None)
            field = self.fields.get(name)
            if field is None or not stored:
                continue
            masked = personal.mask(kind, stored)
            self.kept_personal[name] = stored
            self.initial[name] = ""
            field.initial = ""
            field.required = False
            field.widget.attrs.update(placeholder=masked, autocomplete="off")
            field.help_text = gettext("Leave blank to keep %(value)s.") % {"value": masked}
        self._add_clear_boxes()

    def _add_clear_boxes(self) -> None:
        fields: dict[str, forms.Field] = {}
        for name, field in self.fields.items():
            fields[name] = field
            if name in self.kept_personal:
                fields[f"clear_{name}"] = forms.BooleanField(
                    label=gettext("Remove the stored %(field)s") % {"field": field.label},
                    required=False,
                )
        self.fields = fields

    def is_clear_box(self, name: str) -> bool:
        return name.startswith("clear_") and name[len("clear_") :] in self.kept_personal

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        for name, stored in self.kept_personal.items():
            value = self.cleaned_data.get(name)
            masked = self.fields[name].widget.attrs["placeholder"]
            if self.cleaned_data.get(f"clear_{name}"):
                self.cleaned_data[name] = ""
            elif name in self.cleaned_data and (not value or value == masked):
                self.cleaned_data[name] = stored
        return data


class UnitForm(PersonalFieldsMixin, forms.ModelForm):
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
                if name not in OFFICER_EDITABLE_UNIT_FIELDS and not self.is_clear_box(name):
                    del self.fields[name]
        if self.instance.pk:
            versions.add_version_field(self, self.instance)

    def _post_clean(self) -> None:
        """Model validation runs in the service, which also sets the tree fields."""

    def unit_changes(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in self.fields
            if name not in ("parent", versions.VERSION_FIELD) and not self.is_clear_box(name)
        }


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("file"))
    caption = forms.CharField(label=_("caption"), max_length=200, required=False)


def show_refusal(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's refusal on the form: on the field it names (above the form for a field
    the form does not have), and a stale edit with what changed since (core/versions.py)."""
    if isinstance(error, versions.StaleEdit):
        versions.refuse_on_form(form, error)
    elif hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
