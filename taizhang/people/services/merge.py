"""Joining two records of the same person (合并重复人员): an administrator's action that keeps
one record, moves everything that pointed to the other onto it, and keeps the other's last
state in a merge record and in the audit trail, so that nothing is lost."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import access, audit, versions
from taizhang.core.access import require_person_or_system
from taizhang.core.models import User
from taizhang.people.models import Person, PersonMerge, person_reference_fields

# Fields the kept record takes from the removed one where it has none.
FILLED_FIELDS = ("phone", "address", "ethnicity", "notes")
IDENTITY = ("id_number", "id_last4", "document_type", "document_number", "sex", "birth_date")


def may_merge(user: User | None) -> bool:
    """Merging crosses villages and rewrites references: district administrators only."""
    return access.is_district_writer(user)


@transaction.atomic
def merge_people(
    kept: Person, removed: Person, *, by: User | None, reason: str, version: int | None = None
) -> PersonMerge:
    """Keep `kept`, move every record that names `removed` (household membership, groups,
    status changes and later modules' records) onto it, fill its blank fields from `removed`,
    and delete `removed`, whose last state stays in the merge record and its history."""
    require_person_or_system(by, may_merge(by))
    if kept.pk == removed.pk:
        raise ValidationError(_("Choose two different records."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why these records are the same person.")})
    if kept.id_number and removed.id_number and kept.id_number != removed.id_number:
        raise ValidationError(
            _("The two records have different ID numbers; correct the wrong one first.")
        )
    versions.check_version(kept, version, by=by)
    removed_snapshot = audit.snapshot(removed)
    before = audit.snapshot(kept)
    moved: dict[str, list[int]] = {}
    for relation in person_reference_fields():
        model, field = relation.related_model, relation.field.name
        rows = model._base_manager.filter(**{field: removed})
        ids = list(rows.values_list("pk", flat=True))
        if not ids:
            continue
        if relation.one_to_one and model._base_manager.filter(**{field: kept}).exists():
            for row in rows:  # the kept person's own place wins (e.g. their household)
                audit.record_delete(row, by=by, reason=reason)
            rows.delete()
            moved[f"{model._meta.label}:dropped"] = ids
            continue
        rows.update(**{field: kept})
        moved[model._meta.label] = ids
    taken_identity = not kept.id_number and bool(removed.id_number)
    filled = [name for name in FILLED_FIELDS if not getattr(kept, name) and getattr(removed, name)]
    values = {name: getattr(removed, name) for name in filled}
    if taken_identity:
        values.update({name: getattr(removed, name) for name in IDENTITY})
    audit.record_delete(
        removed,
        by=by,
        reason=_("Merged into #%(pk)s: %(reason)s") % {"pk": kept.pk, "reason": reason},
    )
    removed_id = removed.pk
    removed.delete()
    for name, value in values.items():
        setattr(kept, name, value)
    versions.bump_if_changed(kept, before, by=by)
    kept.save()
    audit.record_update(
        kept,
        before,
        by=by,
        reason=_("Merged from #%(pk)s: %(reason)s") % {"pk": removed_id, "reason": reason},
    )
    return PersonMerge.objects.create(
        kept=kept,
        removed_id=removed_id,
        removed_snapshot=removed_snapshot,
        moved=moved,
        reason=reason.strip(),
        merged_by=by,
    )
