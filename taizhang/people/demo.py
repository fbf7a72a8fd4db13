"""The registry's demo data: synthetic residents of the demo district's villages and
communities (寺儿村, 小南头村, 塔儿村, 东王庄村, 西谷庄村, 西王庄村 …) in households, with ages
spread so that every village has people of 60 and over (and some of 80 and over), members of
the groups the seed names (低保户, 五保户 = 特困供养, 困难党员, 孤寡老人, 大病患者), and the shops,
property companies and rectification subjects (the auto-repair shop of the seed's case among
them) as organisations.

Everything here is visibly demo data: names start with 「演示」, records are `is_demo` and
their notes say 演示数据. ID numbers are valid (GB 11643) with the region code 140213, phones of
the synthetic form 1xx-0000-xxxx, credit codes valid (GB 32100). The people are written in bulk
(a few queries per table) with their audit rows (audit.record_bulk); organisations go through
the service, which links the rectification cases naming them. The units are looked up by name,
never created. Running it again changes nothing (a unit that has demo residents is skipped)."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction

from taizhang.core import audit
from taizhang.core.models import Unit, UnitKind, User
from taizhang.lib import clock
from taizhang.lib.credit_code import make_credit_code
from taizhang.lib.dates import years_before
from taizhang.lib.idcard import make_id_number
from taizhang.people.models import (
    Group,
    GroupMembership,
    Household,
    HouseholdMember,
    Organisation,
    OrganisationKind,
    Person,
    Relation,
    Sex,
)
from taizhang.people.services.organisations import create_organisation

REGION = "140213"
PREFIX = "演示"
NOTE = "演示数据"
# The demo's villages and communities, looked up by name; absent ones are skipped.
UNITS = (
    "寺儿村", "小南头村", "塔儿村", "东王庄村", "西谷庄村",
    "西王庄村", "南园村", "古城村", "文兴社区",
)  # fmt: skip
HOUSEHOLDS_PER_UNIT = 36
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐韩冯董程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦"
)
# Given names of two characters each.
MALE_NAMES = "建国志强永刚文斌海军立新国庆卫东俊杰浩然子轩宇航宏伟振华德明玉林长江福生"
FEMALE_NAMES = "秀英桂兰玉兰淑芬丽华凤英美玲春梅晓燕雅琴欣怡梓涵诗雨慧敏红霞翠花金凤彩云"
ETHNICITIES = ("汉族",) * 18 + ("回族", "蒙古族")
# The groups the seed names, by code (五保户 is 特困供养), and how many members each village has.
GROUPS = {"dibao": 4, "tekun": 2, "kunnan-dangyuan": 2, "guagua-laoren": 2, "dabing": 3}


@dataclass
class Member:
    relation: str
    sex: str
    age: int


def _households(rng: random.Random) -> Iterator[list[Member]]:
    """Household shapes of a northern Chinese village: old people alone or as a couple,
    families with children and a parent, young couples; the first member is the head."""
    shapes = ("alone", "couple", "family", "family", "three_generations", "young")
    for index in range(HOUSEHOLDS_PER_UNIT):
        # The first households are of old people alone and couples, so that every village
        # has people of 60 and over and of 80 and over (the groups draw on them).
        shape = shapes[index] if index < len(shapes) else rng.choice(shapes)
        if shape == "alone":
            yield [Member(Relation.HEAD, rng.choice(Sex.values), rng.randint(80, 93))]
        elif shape == "couple":
            age = rng.randint(62, 86)
            yield [
                Member(Relation.HEAD, Sex.MALE, age),
                Member(Relation.SPOUSE, Sex.FEMALE, max(age - rng.randint(0, 5), 60)),
            ]
        elif shape == "young":
            age = rng.randint(24, 34)
            yield [
                Member(Relation.HEAD, Sex.MALE, age),
                Member(Relation.SPOUSE, Sex.FEMALE, age - rng.randint(0, 3)),
                Member(Relation.CHILD, rng.choice(Sex.values), rng.randint(0, 4)),
            ]
        else:
            age = rng.randint(36, 56)
            members = [
                Member(Relation.HEAD, Sex.MALE, age),
                Member(Relation.SPOUSE, Sex.FEMALE, age - rng.randint(0, 4)),
            ]
            for _child in range(rng.randint(1, 2)):
                child_age = age - 24 - rng.randint(0, 8)
                members.append(Member(Relation.CHILD, rng.choice(Sex.values), child_age))
            if shape == "three_generations":
                parent_age = age + 24 + rng.randint(0, 10)
                members.append(Member(Relation.PARENT, rng.choice(Sex.values), parent_age))
            yield members


class _Numbers:
    """Unique valid ID numbers and phones across the whole demo."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        self.sequence = 500
        self.phones = 0

    def id_number(self, birth: datetime.date, sex: str) -> str:
        while True:
            self.sequence = (self.sequence + 1) % 1000
            if (self.sequence % 2 == 1) != (sex == Sex.MALE):
                continue
            number = make_id_number(REGION, birth, self.sequence)
            if number not in self.taken:
                self.taken.add(number)
                return number

    def phone(self, rng: random.Random) -> str:
        self.phones += 1
        return f"1{rng.choice('3589')}{rng.randint(0, 9)}0000{self.phones % 10000:04d}"


def _birth(rng: random.Random, age: int, today: datetime.date) -> datetime.date:
    """A birth date that makes a person `age` full years old today."""
    return (
        years_before(today, age)
        - datetime.timedelta(days=rng.randint(1, 360))
        - datetime.timedelta(days=rng.randint(1, 360))
    )


def _name(rng: random.Random, surname: str, sex: str) -> str:
    names = MALE_NAMES if sex == Sex.MALE else FEMALE_NAMES
    start = 2 * rng.randrange(len(names) // 2)
    given = names[start : start + 2]
    return f"{PREFIX}{surname}{given}"


Built = list[tuple[Household, list[tuple[Person, str]]]]


def _residents(unit: Unit, numbers: _Numbers, today: datetime.date) -> Built:
    rng = random.Random(f"people-demo-{unit.code}")
    built = []
    for index, shape in enumerate(_households(rng), start=1):
        surname = rng.choice(SURNAMES)
        address = f"{unit.name}{rng.randint(1, 6)}组{rng.randint(1, 60)}号"
        household = Household(
            unit=unit, number=f"{PREFIX}{index:03d}", address=address, notes=NOTE, is_demo=True
        )
        members = []
        for member in shape:
            birth = _birth(rng, max(member.age, 0), today)
            same_surname = member.relation in (Relation.HEAD, Relation.CHILD, Relation.PARENT)
            person = Person(
                unit=unit,
                name=_name(rng, surname if same_surname else rng.choice(SURNAMES), member.sex),
                id_number="",
                sex=member.sex,
                birth_date=birth,
                ethnicity=rng.choice(ETHNICITIES),
                phone=numbers.phone(rng) if member.age >= 18 else "",
                address=address,
                notes=NOTE,
                is_demo=True,
                status_since=birth,
            )
            person.id_number = numbers.id_number(birth, member.sex)
            person.id_last4 = person.id_number[-4:]
            members.append((person, member.relation))
        built.append((household, members))
    return built


def _memberships(
    people: list[Person], groups: dict[str, Group], today: datetime.date
) -> list[GroupMembership]:
    """Members of each group the seed names, chosen by what the group is: old people alone
    for 孤寡老人 and 特困供养, adults for 困难党员, anyone for 低保户 and 大病患者."""
    rng = random.Random(f"people-demo-groups-{people[0].unit.code}")
    ages = {id(person): person.age_on(today) or 0 for person in people}
    old = [p for p in people if ages[id(p)] >= 80]
    adults = [p for p in people if ages[id(p)] >= 45]
    pools = {
        "guagua-laoren": old,
        "tekun": old,
        "kunnan-dangyuan": adults,
        "dibao": people,
        "dabing": adults,
    }
    memberships = []
    for code, count in GROUPS.items():
        group = groups.get(code)
        if group is None:
            continue
        for person in rng.sample(pools[code], min(count, len(pools[code]))):
            memberships.append(
                GroupMembership(
                    person=person,
                    group=group,
                    started_on=today - datetime.timedelta(days=rng.randint(60, 2000)),
                    evidence=f"{NOTE}：{group.name}认定",
                )
            )
    return memberships


# (unit name, organisation name, kind, legal representative): the rectification demo's case
# subjects first (their names match the cases, which the service links), then shops and
# property-management companies.
ORGANISATIONS = (
    ("古城村", "古城村北汽车修理厂", OrganisationKind.SHOP, "演示赵师傅"),
    ("塔儿村", "塔儿村废品收购点", OrganisationKind.SHOP, "演示钱老板"),
    ("西王庄村", "西王庄村汽车美容店", OrganisationKind.SHOP, "演示孙老板"),
    ("文兴社区", "文兴社区机修门市", OrganisationKind.SHOP, "演示李师傅"),
    ("小南头村", "小南头村化工原料仓库", OrganisationKind.ENTERPRISE, "演示周经理"),
    ("文兴社区", f"{PREFIX}文兴物业服务有限公司", OrganisationKind.PROPERTY_MANAGER, "演示吴经理"),
    ("文兴社区", f"{PREFIX}宜居物业管理有限公司", OrganisationKind.PROPERTY_MANAGER, "演示郑经理"),
    ("寺儿村", f"{PREFIX}寺儿村便民超市", OrganisationKind.SHOP, "演示王老板"),
    ("东王庄村", f"{PREFIX}东王庄村农资店", OrganisationKind.SHOP, "演示冯老板"),
    ("西谷庄村", f"{PREFIX}西谷庄村小卖部", OrganisationKind.SHOP, "演示陈老板"),
    ("塔儿村", f"{PREFIX}塔儿村蔬菜种植专业合作社", OrganisationKind.COOPERATIVE, "演示褚社长"),
    ("南园村", f"{PREFIX}南园村理发店", OrganisationKind.SHOP, "演示卫师傅"),
)
# The 9 characters of a credit code after the region: per kind, a made-up organisation code.
CODE_PREFIX = {
    OrganisationKind.SHOP: "92",
    OrganisationKind.ENTERPRISE: "91",
    OrganisationKind.PROPERTY_MANAGER: "91",
    OrganisationKind.COOPERATIVE: "93",
}


def _organisations(units: dict[str, Unit], admin: User) -> None:
    existing = set(Organisation.objects.filter(is_demo=True).values_list("name", flat=True))
    for index, (unit_name, name, kind, representative) in enumerate(ORGANISATIONS, start=1):
        unit = units.get(unit_name)
        if unit is None or name in existing:
            continue
        code = make_credit_code(f"{CODE_PREFIX[kind]}{REGION}MA0D{index:05d}")
        create_organisation(
            by=admin,
            unit=unit,
            name=name,
            kind=kind,
            credit_code=code,
            legal_representative=representative,
            contact_person=representative,
            contact_phone=f"13900009{index:03d}",
            address=f"{unit.name}",
            notes=NOTE,
            is_demo=True,
        )


@transaction.atomic
def load(admin: User) -> None:
    today = clock.today()
    units = {
        unit.name: unit
        for unit in Unit.objects.filter(
            name__in=UNITS, kind__in=(UnitKind.VILLAGE, UnitKind.COMMUNITY)
        )
    }
    done = set(Person.objects.filter(is_demo=True).values_list("unit_id", flat=True).distinct())
    todo = [units[name] for name in UNITS if name in units and units[name].pk not in done]
    if todo:
        _load_residents(todo, admin, today)
    _organisations(units, admin)


def _load_residents(units: list[Unit], admin: User, today: datetime.date) -> None:
    numbers = _Numbers(set())
    built = [item for unit in units for item in _residents(unit, numbers, today)]
    people = [person for _household, members in built for person, _relation in members]
    taken = set(
        Person.objects.filter(id_number__in=[p.id_number for p in people]).values_list(
            "id_number", flat=True
        )
    )
    households = [household for household, _members in built]
    Household.objects.bulk_create(households)
    Person.objects.bulk_create([p for p in people if p.id_number not in taken])
    members = [
        HouseholdMember(household=household, person=person, relation=relation)
        for household, household_members in built
        for person, relation in household_members
        if person.id_number not in taken
    ]
    HouseholdMember.objects.bulk_create(members)
    groups = {group.code: group for group in Group.objects.filter(code__in=GROUPS)}
    memberships = []
    for unit in units:
        residents = [p for p in people if p.unit_id == unit.pk and p.id_number not in taken]
        memberships += _memberships(residents, groups, today)
    for membership in memberships:
        membership.added_by = admin
    GroupMembership.objects.bulk_create(memberships)
    created = [*households, *(p for p in people if p.id_number not in taken), *members]
    audit.record_bulk(((record, None) for record in [*created, *memberships]), by=admin)
