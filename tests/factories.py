"""Test data builders. Writes go straight to the models: tests of services call the services."""

from __future__ import annotations

import datetime
import itertools

from taizhang.core.models import Unit, UnitKind, User, UserRole
from taizhang.core.roles import Role

_codes = itertools.count(1)


def make_unit(
    name: str,
    kind: str = UnitKind.VILLAGE,
    parent: Unit | None = None,
    code: str | None = None,
    **fields,
) -> Unit:
    unit = Unit(name=name, kind=kind, code=code or f"T{next(_codes):06d}", **fields)
    return (
        Unit.objects.add_child(parent, instance=unit)
        if parent
        else Unit.objects.add_root(instance=unit)
    )


def make_user(
    username: str, *roles: Role, unit: Unit | None = None, password: str = "pass-Word-123", **fields
) -> User:
    user = User.objects.create_user(username=username, password=password, unit=unit, **fields)
    UserRole.objects.bulk_create(UserRole(user=user, role=role) for role in roles)
    return User.objects.get(pk=user.pk)


_sequences = itertools.count(101)


def make_person(unit: Unit, name: str = "测试居民", *, born: str = "1960-05-17", **fields):
    """A resident with a valid ID number of region 140213 (a new sequence each time: odd for
    a man, even for a woman unless `sex` asks otherwise)."""
    import datetime

    from taizhang.lib.idcard import make_id_number
    from taizhang.people.models import Person

    birth = datetime.date.fromisoformat(born)
    sex = fields.pop("sex", "male")
    # Two numbers per step, one of each parity: a woman's never takes the next man's.
    sequence = (next(_sequences) * 2 + (sex == "male")) % 1000
    number = fields.pop("id_number", None)
    number = make_id_number("140213", birth, sequence) if number is None else number
    return Person.objects.create(
        unit=unit,
        name=name,
        id_number=number,
        id_last4=number[-4:],
        sex=sex,
        birth_date=birth,
        **fields,
    )


def make_household(unit: Unit, number: str, *members):
    """A household of `unit`; the first of `members` (persons) is its head, the others its
    children."""
    from taizhang.people.models import Household, HouseholdMember, Relation

    household = Household.objects.create(unit=unit, number=number)
    for index, person in enumerate(members):
        relation = Relation.HEAD if index == 0 else Relation.CHILD
        HouseholdMember.objects.create(household=household, person=person, relation=relation)
    return household


def make_organisation(unit: Unit, name: str = "测试商店", **fields):
    from taizhang.people.models import Organisation, OrganisationKind

    fields.setdefault("kind", OrganisationKind.SHOP)
    return Organisation.objects.create(unit=unit, name=name, **fields)


def day_setter(monkeypatch, first: datetime.date):
    """Set the application's clock to 10:00 in Shanghai on `first`; the returned function sets
    it to another day (and returns that day)."""
    from zoneinfo import ZoneInfo

    def set_day(day: datetime.date) -> datetime.date:
        moment = datetime.datetime.combine(day, datetime.time(10), ZoneInfo("Asia/Shanghai"))
        monkeypatch.setattr("taizhang.lib.clock.now", lambda: moment)
        return day

    set_day(first)
    return set_day
