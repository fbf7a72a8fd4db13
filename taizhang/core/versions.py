"""Optimistic concurrency (并发编辑保护): a version number on every record people edit.

A form, an API client or an Excel sheet says which version of a record it started from; the
service refuses the save (`StaleEdit`) if the record has changed since, with what changed, by
whom and when (read from the audit trail), so that the second of two people editing at once
never silently reverts the first. Each save that changes a record claims the next version with
one conditional UPDATE (``... SET version = version + 1 WHERE pk = … AND version = …``): of two
saves that read the same version only one can win, on any database engine.

Services call `check_version(record, expected, by=…)` before they change the record and
`bump_version(record, by=…)` in the transaction that saves a change (bulk work:
`bump_versions`), before the audit entry, whose snapshot then holds the new version: what
changed since version N is the entries whose `after` holds a version above N. Giving no
version (an older API client, an Excel row without 版本) skips the check, as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

VERSION_FIELD = "version"
# How many saves a refusal lists; the record's history page has the rest.
MAX_CHANGES = 20


class Versioned(models.Model):
    """A record people edit: `version` counts its saved changes (版本)."""

    version = models.PositiveIntegerField(
        gettext_lazy("version"),
        default=1,
        editable=False,
        help_text=gettext_lazy("Counts the saved changes; an edit of an older version is refused."),
    )

    class Meta:
        abstract = True


@dataclass(frozen=True)
class Change:
    """One field changed since the editor's version, as a person reads it."""

    field: str
    message: str

    def __str__(self) -> str:
        return self.message


class StaleEdit(ValidationError):
    """The record changed after the editor read it: the save is refused (HTTP 409).
    `changes` are the changes made since, one readable line each."""

    def __init__(
        self, record: models.Model, *, expected: int, current: int, changes: Sequence[Change]
    ) -> None:
        self.record = record
        self.expected = expected
        self.current = current
        self.changes = list(changes)
        super().__init__(self.summary(), code="stale")

    def summary(self) -> str:
        return _(
            "%(record)s was changed by someone else after you opened it (you had version "
            "%(expected)d, it is now version %(current)d). Your changes were not saved."
        ) % {"record": self.record, "expected": self.expected, "current": self.current}

    def full_message(self) -> str:
        """The summary and the changes, for a page or an Excel row."""
        if not self.changes:
            return self.summary()
        changes = "; ".join(str(change) for change in self.changes)
        since = _("Changed since:")
        return f"{self.summary()} {since} {changes}"


def parse_version(value: Any) -> int | None:
    """A version as a form, an If-Match header or an Excel cell gives it: 3, "3", '"3"',
    'W/"3"'. Empty is None (no check); anything else is refused."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValidationError(_("The version must be a whole number."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        match = re.fullmatch(r'\s*(?:W/)?"?(\d{1,9})"?\s*', value)
        if match is None:
            raise ValidationError(_("The version must be a whole number."))
        value = int(match.group(1))
    if not isinstance(value, int) or value < 1:
        raise ValidationError(_("The version must be a whole number."))
    return value


def expected_version(request: Any, given: int | None) -> int | None:
    """The version an API request starts from: the payload's `version`, else its If-Match
    header (an ETag such as "3")."""
    if given is not None:
        return given
    return parse_version(request.headers.get("If-Match"))


def _current(record: models.Model) -> int | None:
    manager = type(record)._base_manager
    return manager.filter(pk=record.pk).values_list(VERSION_FIELD, flat=True).first()


def changes_since(record: models.Model, version: int, user: Any) -> list[Change]:
    """What changed on `record` after `version`, oldest first, as the history page shows it:
    "label: before → after (who, when)"; personal data masked as `user` would see it."""
    # Imported here: core.models itself builds on `Versioned`.
    from taizhang.core.history import describe
    from taizhang.core.models import AuditEntry

    content_type = ContentType.objects.get_for_model(record, for_concrete_model=False)
    entries = AuditEntry.objects.filter(
        content_type=content_type,
        object_id=str(record.pk),
        **{f"after__{VERSION_FIELD}__gt": version},
    ).order_by("at", "pk")
    lines: list[Change] = []
    for entry in describe(entries[:MAX_CHANGES], user):
        when = timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M")
        for row in entry.rows:
            message = _("%(label)s: “%(before)s” → “%(after)s” (%(who)s, %(when)s)") % {
                "label": row.label,
                "before": row.before,
                "after": row.after,
                "who": entry.actor_name,
                "when": when,
            }
            lines.append(Change(row.field, message))
    return lines


def stale(record: models.Model, *, expected: int, current: int, by: Any) -> StaleEdit:
    """The refusal of an edit of `record` from version `expected`, naming what changed."""
    return StaleEdit(
        record, expected=expected, current=current, changes=changes_since(record, expected, by)
    )


def check_version(record: models.Model, expected: int | None, *, by: Any) -> None:
    """Refuse the edit if the editor started from another version than the stored one.
    `expected` None: the caller gave no version, nothing to check."""
    if expected is None or record.pk is None:
        return
    current = _current(record)
    if current is not None and current != expected:
        raise stale(record, expected=expected, current=current, by=by)


def bump_version(record: models.Model, *, by: Any) -> None:
    """Claim the next version for a save of `record`, in the caller's transaction: one UPDATE
    that succeeds only if the stored version is still the one `record` was read with. A
    concurrent save that read the same version finds it gone and is refused."""
    expected = getattr(record, VERSION_FIELD)
    claimed = (
        type(record)
        ._base_manager.filter(pk=record.pk, **{VERSION_FIELD: expected})
        .update(**{VERSION_FIELD: F(VERSION_FIELD) + 1})
    )
    if not claimed:
        raise stale(record, expected=expected, current=_current(record) or expected, by=by)
    setattr(record, VERSION_FIELD, expected + 1)


def bump_if_changed(record: models.Model, before: dict[str, Any], *, by: Any) -> None:
    """`bump_version` if `record` is versioned and differs from its snapshot `before` (for
    shared steps, such as reviews, that write records of any kind)."""
    from taizhang.core.audit import snapshot

    if isinstance(record, Versioned) and snapshot(record) != before:
        bump_version(record, by=by)


def bump_versions(model: type[models.Model], records: Iterable[models.Model]) -> list[Any]:
    """Bulk work's `bump_version`: locks the records' rows (on PostgreSQL), compares their
    stored versions with those read, and sets the next version on each record for the
    caller's `bulk_update` (which must include "version"). Returns the records whose stored
    version differs (the caller refuses them); nothing is bumped then."""
    records = list(records)
    stored = dict(
        model._base_manager.select_for_update()
        .filter(pk__in=[record.pk for record in records])
        .values_list("pk", VERSION_FIELD)
    )
    moved = [r for r in records if stored.get(r.pk) != getattr(r, VERSION_FIELD)]
    if moved:
        return moved
    for record in records:
        setattr(record, VERSION_FIELD, getattr(record, VERSION_FIELD) + 1)
    return []


# Forms ----------------------------------------------------------------------------------------


def add_version_field(form: forms.BaseForm, record: models.Model | None) -> None:
    """A hidden `version` field holding the version the form was opened with."""
    form.fields[VERSION_FIELD] = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=1,
        initial=getattr(record, VERSION_FIELD, None) if record is not None else None,
    )


def form_version(form: forms.BaseForm) -> int | None:
    """The version a valid form was opened with (None if it has no such field)."""
    return form.cleaned_data.get(VERSION_FIELD) if VERSION_FIELD in form.fields else None


def refuse_on_form(form: forms.BaseForm, error: StaleEdit) -> None:
    """Show a stale edit on the form: what changed, by whom, and the person's input kept. The
    hidden version moves to the current one, so saving again (after checking) keeps their
    values over the other change, knowingly."""
    form.add_error(None, error.summary())
    for change in error.changes:
        form.add_error(None, str(change))
    form.add_error(
        None,
        _("Your values are kept below: check them against these changes and save again."),
    )
    posted = form.data  # a QueryDict is immutable: change a copy
    data = posted.copy() if isinstance(posted, QueryDict) else dict(posted)
    data[form.add_prefix(VERSION_FIELD)] = str(error.current)
    form.data = data
