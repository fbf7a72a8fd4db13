"""Party organisations and their rosters: create an organisation under its superior, set its
secretary and committee, take a member onto a branch's roster (转入) and off it (转出)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit, versions
from taizhang.core.access import is_district_writer, require_person_or_system, writes_for
from taizhang.core.models import Unit, User
from taizhang.lib import clock
from taizhang.party.models import (
    LEVEL_RANK,
    LeaveReason,
    Membership,
    MemberStatus,
    OrgLevel,
    PartyOrg,
    same_district,
)
from taizhang.people.models import Person


def _check_people_of(unit: Unit, people: Iterable[Person], field: str) -> None:
    for person in people:
        if not same_district(person.unit, unit):
            raise ValidationError({field: _("%(name)s is not in the district's registry.") % {
                "name": person.name}})  # fmt: skip


@transaction.atomic
def create_org(
    *,
    by: User | None,
    name: str,
    level: str,
    unit: Unit,
    parent: PartyOrg | None = None,
    secretary: Person | None = None,
    committee: Iterable[Person] = (),
    published_names: str = "",
    is_demo: bool = False,
) -> PartyOrg:
    """Create a party organisation for `unit` under `parent`: the caller writes for the unit.
    One without a superior (the 区委, or another at the top of the tree): the district's
    writers only."""
    require_person_or_system(
        by, writes_for(by, unit) and (parent is not None or is_district_writer(by))
    )
    committee = list(committee)
    _check_people_of(unit, [*committee, *([secretary] if secretary else [])], "committee")
    org = PartyOrg(
        name=" ".join(name.split()),
        level=level,
        unit=unit,
        parent=parent,
        secretary=secretary,
        published_names=published_names.strip(),
        is_demo=is_demo,
    )
    org.full_clean()
    org.save()
    org.committee.set(committee)
    audit.record_create(org, by=by)
    return org


@transaction.atomic
def update_org(
    org: PartyOrg, *, by: User | None, name: str, level: str, version: int | None = None
) -> PartyOrg:
    """Rename an organisation or change its level (党总支 → 党支部 …); its place in the tree
    and its unit stay. `version`: the version the editor started from; refused if it changed
    since. A branch with members keeps its level: they belong to a branch."""
    require_person_or_system(by, writes_for(by, org.unit))
    versions.check_version(org, version, by=by)
    if (
        level != org.level
        and org.level == OrgLevel.BRANCH
        and Membership.objects.filter(org=org).current().exists()
    ):
        raise ValidationError({"level": _("A branch with members on its roster stays a branch.")})
    before = audit.snapshot(org)
    org.name = " ".join(name.split())
    org.level = level
    org.full_clean()
    for child in org.children.all():
        if LEVEL_RANK[OrgLevel(level)] >= LEVEL_RANK[OrgLevel(child.level)]:
            raise ValidationError({"level": _("%(child)s below it would sit under a %(level)s.") % {
                "child": child.name, "level": OrgLevel(level).label}})  # fmt: skip
    versions.bump_if_changed(org, before, by=by)
    org.save(update_fields=["name", "level"])
    audit.record_update(org, before, by=by)
    return org


@transaction.atomic
def set_leadership(
    org: PartyOrg,
    *,
    by: User | None,
    secretary: Person | None,
    committee: Iterable[Person],
    published_names: str | None = None,
) -> PartyOrg:
    """Set the secretary (书记) and the committee (委员) of an organisation."""
    require_person_or_system(by, writes_for(by, org.unit))
    committee = list(committee)
    _check_people_of(org.unit, [*committee, *([secretary] if secretary else [])], "committee")
    before = audit.snapshot(org)
    org.secretary = secretary
    fields = ["secretary", "version"]
    if published_names is not None:
        org.published_names = published_names.strip()
        fields.append("published_names")
    org.version += 1
    org.full_clean()
    org.save(update_fields=fields)
    org.committee.set(committee)
    audit.record_update(org, before, by=by)
    return org


@transaction.atomic
def add_member(
    org: PartyOrg,
    *,
    by: User | None,
    person: Person,
    joined_party_on: datetime.date,
    joined_org_on: datetime.date,
    status: str = MemberStatus.FULL,
    transferred_from: str = "",
    is_demo: bool = False,
) -> Membership:
    """Take a person onto a branch's roster (转入). A person already on another branch's
    roster is refused: their relation must be transferred out first."""
    require_person_or_system(by, writes_for(by, org.unit))
    if org.level != OrgLevel.BRANCH:
        raise ValidationError({"org": _("Members belong to a branch (党支部).")})
    _check_people_of(org.unit, [person], "person")
    current = (
        Membership.objects.select_for_update()
        .filter(person=person, left_org_on__isnull=True)
        .select_related("org")
        .first()
    )
    if current is not None:
        raise ValidationError(
            {"person": _("%(name)s is on the roster of %(org)s; transfer them out first.") % {
                "name": person.name, "org": current.org.name}}
        )  # fmt: skip
    if joined_org_on < joined_party_on:
        raise ValidationError(
            {"joined_org_on": _("A member joins a branch's roster after joining the party.")}
        )
    if joined_org_on > clock.today():
        raise ValidationError({"joined_org_on": _("The day is still to come.")})
    member = Membership(
        person=person,
        org=org,
        joined_party_on=joined_party_on,
        joined_org_on=joined_org_on,
        status=status,
        transferred_from=transferred_from.strip(),
        is_demo=is_demo,
    )
    member.full_clean()
    member.save()
    audit.record_create(member, by=by)
    return member


@transaction.atomic
def remove_member(
    member: Membership,
    *,
    by: User | None,
    left_on: datetime.date,
    reason: str = LeaveReason.TRANSFER_OUT,
    transferred_to: str = "",
) -> Membership:
    """Take a member off the roster (转出, or on their death) from `left_on`."""
    require_person_or_system(by, writes_for(by, member.org.unit))
    if member.left_org_on is not None:
        raise ValidationError({"left_org_on": _("This member has left the roster already.")})
    if reason == LeaveReason.TRANSFER_OUT and not transferred_to.strip():
        raise ValidationError({"transferred_to": _("Name where the relation is transferred to.")})
    before = audit.snapshot(member)
    member.left_org_on = left_on
    member.left_reason = reason
    member.transferred_to = transferred_to.strip()
    member.full_clean()
    member.save(update_fields=["left_org_on", "left_reason", "transferred_to"])
    audit.record_update(member, before, by=by)
    return member


@transaction.atomic
def transfer_member(
    member: Membership, *, by: User | None, to: PartyOrg, on: datetime.date
) -> Membership:
    """Move a member's relation from one branch to another within the district (转接)."""
    require_person_or_system(by, writes_for(by, to.unit))
    if to.pk == member.org_id:
        raise ValidationError({"to": _("The member is on this branch's roster already.")})
    remove_member(member, by=by, left_on=on, transferred_to=to.name)
    return add_member(
        to,
        by=by,
        person=member.person,
        joined_party_on=member.joined_party_on,
        joined_org_on=on,
        status=member.status,
        transferred_from=member.org.name,
        is_demo=member.is_demo,
    )
