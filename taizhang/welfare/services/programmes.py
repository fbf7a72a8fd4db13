"""Defining a welfare programme (福利项目): its fields, age tiers (分档), basket (实物清单),
the programmes it may not be combined with (互斥) and its eligibility (享受条件).

A unit defines programmes only within its subtree: the owner is a unit the user writes for,
and the villages whose residents qualify lie within the owner's subtree. Tiers, basket and
the many-to-many rules are part of the programme: one audit entry holds them all, before and
after, so the history of a programme shows a changed tier like a changed name."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core import audit, versions
from taizhang.core.access import require_person_or_system, writes_for
from taizhang.core.models import AuditAction, Unit, User
from taizhang.people.models import Group
from taizhang.welfare.access import may_manage_programme
from taizhang.welfare.models import BasketItem, Programme, Tier

# What a form, the API or the demo may set on the programme itself.
PROGRAMME_FIELDS = (
    "name", "kind", "benefit_unit", "amount_yuan", "funding_source", "starts_on", "ends_on",
    "min_age", "max_age", "min_household_size", "max_household_size", "income_standard_yuan",
    "registered_only", "needs_application", "deciding_unit", "review_months", "notice_days",
    "is_active", "is_demo",
)  # fmt: skip

# A programme by application enrols through its flow (入户调查, 公示, 审批), never from the
# candidate list or a bulk enrolment.
BY_APPLICATION = gettext_lazy("%(name)s enrols by application, after its public notice.")

TierSpec = Mapping[str, Any]  # {"min_age", "max_age", "amount_yuan"}
ItemSpec = Mapping[str, Any]  # {"name", "quantity", "unit_of_measure"}


def _check_fields(fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise TypeError(f"unknown programme fields: {sorted(unknown)}")


def full_snapshot(programme: Programme) -> dict[str, Any]:
    """The programme's fields, its many-to-many rules, tiers and basket, for the audit."""
    data = audit.snapshot(programme)
    data["tiers"] = [
        [tier.min_age, tier.max_age, str(tier.amount_yuan)]
        for tier in programme.tiers.order_by("min_age")
    ]
    data["basket"] = [
        [item.name, str(item.quantity.normalize()), item.unit_of_measure]
        for item in programme.basket.order_by("pk")
    ]
    return data


def _tiers(programme: Programme, specs: Iterable[TierSpec]) -> list[Tier]:
    """Age tiers as records, checked: each band has a lower age below its upper one, the bands
    do not overlap, and only the highest may be open (80 and over)."""
    tiers = [
        Tier(
            programme=programme,
            min_age=spec["min_age"],
            max_age=spec.get("max_age"),
            amount_yuan=spec["amount_yuan"],
        )
        for spec in specs
    ]
    tiers.sort(key=lambda tier: tier.min_age)
    errors: list[str] = []
    for index, tier in enumerate(tiers):
        band = _("tier from %(age)s") % {"age": tier.min_age}
        if tier.amount_yuan is None or Decimal(tier.amount_yuan) < 0:
            errors.append(_("%(band)s: the amount is negative.") % {"band": band})
        if tier.max_age is not None and tier.max_age <= tier.min_age:
            errors.append(_("%(band)s: the upper age is not above the lower one.") % {"band": band})
        following = tiers[index + 1] if index + 1 < len(tiers) else None
        if following is None:
            continue
        if tier.max_age is None or following.min_age < tier.max_age:
            errors.append(
                _("The tiers from %(first)s and from %(second)s overlap.")
                % {"first": tier.min_age, "second": following.min_age}
            )
    if errors:
        raise ValidationError({"tiers": errors})
    for tier in tiers:
        try:
            tier.full_clean(exclude=["programme"], validate_constraints=False)
        except ValidationError as error:
            raise ValidationError({"tiers": error.messages}) from error
    return tiers


def _basket(programme: Programme, specs: Iterable[ItemSpec]) -> list[BasketItem]:
    """Basket items as records, checked: a name and a unit each, a quantity above zero, no
    item twice."""
    items = []
    errors: list[str] = []
    seen: set[str] = set()
    for spec in specs:
        name = str(spec.get("name") or "").strip()
        unit = str(spec.get("unit_of_measure") or "").strip()
        quantity = spec.get("quantity")
        if not name or not unit:
            errors.append(_("Each basket item needs a name and a unit of measure."))
            continue
        if quantity is None or Decimal(quantity) <= 0:
            errors.append(_("%(item)s: a quantity is more than zero.") % {"item": name})
            continue
        if name in seen:
            errors.append(_("%(item)s is in the basket twice.") % {"item": name})
            continue
        seen.add(name)
        items.append(
            BasketItem(
                programme=programme, name=name, quantity=Decimal(quantity), unit_of_measure=unit
            )
        )
    if errors:
        raise ValidationError({"basket": errors})
    for item in items:
        try:
            item.full_clean(exclude=["programme"], validate_constraints=False)
        except ValidationError as error:
            raise ValidationError({"basket": error.messages}) from error
    return items


def _check_residence(owner: Unit, units: Sequence[Unit]) -> None:
    outside = [unit.name for unit in units if not unit.path.startswith(owner.path)]
    if outside:
        raise ValidationError(
            {
                "residence_units": _("%(units)s lie outside %(owner)s.")
                % {"units": "、".join(outside), "owner": owner.name}
            }
        )


def _check_excludes(programme: Programme, others: Sequence[Programme]) -> None:
    if programme.pk is not None and any(other.pk == programme.pk for other in others):
        raise ValidationError({"excludes": _("A programme cannot exclude itself.")})


def _check_groups(groups: Sequence[Group]) -> None:
    retired = [group.name for group in groups if not group.is_active]
    if retired:
        raise ValidationError(
            {"groups": _("%(groups)s no longer used.") % {"groups": "、".join(retired)}}
        )


def _clean(programme: Programme) -> None:
    programme.full_clean()
    if programme.amount_yuan is not None and programme.amount_yuan < 0:
        raise ValidationError({"amount_yuan": _("The amount is negative.")})


@transaction.atomic
def create_programme(
    *,
    by: User | None,
    owner: Unit,
    tiers: Iterable[TierSpec] = (),
    basket: Iterable[ItemSpec] = (),
    residence_units: Sequence[Unit] = (),
    groups: Sequence[Group] = (),
    excludes: Sequence[Programme] = (),
    **fields: Any,
) -> Programme:
    """Define a programme of `owner` (a unit the user writes for), with its tiers, basket,
    exclusions and eligibility."""
    require_person_or_system(by, writes_for(by, owner))
    _check_fields(fields)
    programme = Programme(owner=owner, **fields)
    _clean(programme)
    _check_residence(owner, residence_units)
    _check_groups(groups)
    tier_records = _tiers(programme, tiers)
    items = _basket(programme, basket)
    programme.save()
    Tier.objects.bulk_create(tier_records)
    BasketItem.objects.bulk_create(items)
    programme.residence_units.set(residence_units)
    programme.groups.set(groups)
    programme.excludes.set(excludes)
    audit.record_event(programme, by=by, action=AuditAction.CREATE, after=full_snapshot(programme))
    return programme


@transaction.atomic
def update_programme(
    programme: Programme,
    *,
    by: User | None,
    version: int | None = None,
    reason: str = "",
    tiers: Iterable[TierSpec] | None = None,
    basket: Iterable[ItemSpec] | None = None,
    residence_units: Sequence[Unit] | None = None,
    groups: Sequence[Group] | None = None,
    excludes: Sequence[Programme] | None = None,
    **changes: Any,
) -> Programme:
    """Change a programme; tiers, basket and the many-to-many rules are replaced when given
    (None keeps them). Enrolments already made stay: the candidate list shows who no longer
    qualifies under the new rules."""
    require_person_or_system(by, may_manage_programme(by, programme))
    _check_fields(changes)
    versions.check_version(programme, version, by=by)
    Programme.objects.select_for_update().filter(pk=programme.pk).first()  # one edit at a time
    programme.refresh_from_db()
    before = full_snapshot(programme)
    for name, value in changes.items():
        setattr(programme, name, value)
    _clean(programme)
    if residence_units is not None:
        _check_residence(programme.owner, residence_units)
    if groups is not None:
        _check_groups(groups)
    if excludes is not None:
        _check_excludes(programme, excludes)
    tier_records = _tiers(programme, tiers) if tiers is not None else None
    items = _basket(programme, basket) if basket is not None else None
    programme.save()
    if tier_records is not None:
        programme.tiers.all().delete()
        Tier.objects.bulk_create(tier_records)
    if items is not None:
        programme.basket.all().delete()
        BasketItem.objects.bulk_create(items)
    if residence_units is not None:
        programme.residence_units.set(residence_units)
    if groups is not None:
        programme.groups.set(groups)
    if excludes is not None:
        programme.excludes.set(excludes)
    after = full_snapshot(programme)
    if after != before:
        versions.bump_version(programme, by=by)
        after["version"] = programme.version
        audit.record_event(
            programme,
            by=by,
            action=AuditAction.UPDATE,
            before=before,
            after=after,
            reason=reason,
        )
    return programme


def deactivate_programme(programme: Programme, *, by: User | None, reason: str) -> Programme:
    """Stop a programme (停止实施): no new enrolments or cycles; its enrolments and history
    stay. A written reason is needed."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason in writing.")})
    if not programme.is_active:
        raise ValidationError(_("The programme %(name)s is not active.") % {"name": programme.name})
    return update_programme(programme, by=by, reason=reason.strip(), is_active=False)
