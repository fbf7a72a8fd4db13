"""The writes of contracted land (承包地块): a parcel recorded or changed; its code is unique
in the village."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit, versions
from taizhang.core.access import require_person_or_system, writes_for
from taizhang.core.models import Unit, User
from taizhang.land.models import (
    Parcel,
)
from taizhang.people.models import Household

PARCEL_FIELDS = (
    "name",
    "location",
    "east",
    "south",
    "west",
    "north",
    "registered_area_mu",
    "measured_area_mu",
    "grade",
    "land_type",
    "certificate_number",
    "contract_ends_on",
    "latitude",
    "longitude",
)


def parcel_code_taken(household: Household, code: str, *, exclude: int | None = None) -> bool:
    """Whether another parcel of the household's village has this code: a parcel code names
    one parcel in the village (the certificate's 地块编码), whichever household holds it."""
    others = Parcel.objects.filter(household__unit_id=household.unit_id, code=code)
    return others.exclude(pk=exclude).exists() if exclude else others.exists()


@transaction.atomic
def create_parcel(*, by: User | None, household: Household, **fields: Any) -> Parcel:
    """Record a parcel of a household's contracted land (承包地块); its code is unique in the
    village."""
    require_person_or_system(by, writes_for(by, household.unit))
    parcel = Parcel(household=household, **fields)
    parcel.full_clean()
    # The village's row locked: two parcels of one code made at once, by two households' clerks
    # or two imports, cannot both find the code free (a constraint cannot span the household).
    Unit.objects.select_for_update().filter(pk=household.unit_id).first()
    if parcel_code_taken(household, parcel.code):
        raise ValidationError(
            {
                "code": _("The village already has a parcel of code %(code)s.")
                % {"code": parcel.code}
            }
        )
    parcel.save()
    audit.record_create(parcel, by=by)
    return parcel


@transaction.atomic
def update_parcel(
    parcel: Parcel, *, by: User | None, version: int | None = None, **changes: Any
) -> Parcel:
    """Change what the registry says of a parcel (its code and household stay: they name it).
    `version`: the version the editor started from; refused if it changed since."""
    require_person_or_system(by, writes_for(by, parcel.household.unit))
    unknown = set(changes) - set(PARCEL_FIELDS)
    if unknown:
        raise TypeError(f"unknown parcel fields: {sorted(unknown)}")
    versions.check_version(parcel, version, by=by)
    before = audit.snapshot(parcel)
    for name, value in changes.items():
        setattr(parcel, name, value)
    parcel.full_clean()
    versions.bump_if_changed(parcel, before, by=by)  # writes the version itself
    parcel.save(update_fields=list(changes))
    audit.record_update(parcel, before, by=by)
    return parcel
