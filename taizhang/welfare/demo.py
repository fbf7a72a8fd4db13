"""The welfare demo from the seed's passage 村民福利节节高, for 2022 (the page's year), on the
registry's demo residents: the six programmes, their enrolments, the 寺儿村 allowance paid
every month, the Spring Festival hand-out of rice, flour and oil in 小南头村, 塔儿村 and 东王庄村
with a few households not yet collected, holiday visits to the five groups, the water fees the
village pays, and 低保 applications through the civil-affairs flow.

Dates. Everything happened in 2022 except one 低保 application, which is open now: received
14 days before today (`clock.today()`, the demo's today), its 公示 running from three days
before today to three days after (seven days), so the village's public page and the workbench
show a live 公示. The other applications were decided in 2022.

Group memberships. The registry's demo dates its memberships relative to today, so few held in
2022; the loader adds, for each village of 小南头街道, members of the five groups the seed names
from before 2022 (adults, old people for 特困供养 and 孤寡老人, nobody in both 低保户 and
特困供养), with evidence 演示数据.

Every write goes through the module's services, so the demo's records are ones the module
could have made. Programmes and enrolments are made as the platform (SYSTEM): everyone
qualifies on the day, one active enrolment per programme, never 低保 with 特困供养. Cycles are
generated, submitted by the village's (or subdistrict's) officer and approved, after the
re-check, by 小南头街道复核员 `xntfuhe`, whom the loader adds; their cash is recorded paid
through `services.payments`; the goods are received and handed out through `services.handouts`
(entered from the paper sign-for list), the visits recorded through `services.visits`, the
yearly reviews since 2022 through `services.reviews` (continuing, leaving three due today), the
applications through `services.applications` (demo_applications.py). The services stamp today;
cycles, visits, reviews and applications are then dated as the story tells. The per-row
services cost the loader's time: some 230 enrolments (about 20 queries each), 100
hand-outs (about 20 each), 260 payments (6 each) and the reviews, some four seconds in all.
Running it again changes nothing (the demo's programmes are looked up first)."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet, prefetch_related_objects

from taizhang.core import audit
from taizhang.core import services as core_services
from taizhang.core.access import SYSTEM, writes_for
from taizhang.core.demo import DEMO_PASSWORD
from taizhang.core.models import Unit, UnitKind, User
from taizhang.core.roles import Role
from taizhang.lib import clock
from taizhang.lib.dates import add_months
from taizhang.people.models import Group, GroupMembership, Person, PersonStatus
from taizhang.welfare import demo_applications
from taizhang.welfare.demo_applications import at
from taizhang.welfare.models import (
    BenefitUnit,
    Cycle,
    Enrolment,
    EnrolmentReview,
    EnrolmentStatus,
    Entitlement,
    PaymentStatus,
    Programme,
    ProgrammeKind,
    ReviewOutcome,
    Visit,
)
from taizhang.welfare.services import eligibility
from taizhang.welfare.services.cycles import approve_cycle, create_cycle, submit_cycle
from taizhang.welfare.services.enrolments import UNSTABLE_REVIEW_MONTHS, enrol
from taizhang.welfare.services.handouts import receive_stock, record_handout
from taizhang.welfare.services.payments import record_result
from taizhang.welfare.services.programmes import create_programme
from taizhang.welfare.services.reviews import record_review
from taizhang.welfare.services.visits import record_visit

YEAR = 2022
JAN1 = datetime.date(YEAR, 1, 1)
SPRING_FESTIVAL = datetime.date(YEAR, 2, 1)
HANDOUT_DAY = datetime.date(YEAR, 1, 25)  # a week before 春节
MID_AUTUMN = datetime.date(YEAR, 9, 10)
NOTE = "演示数据"
SUBDISTRICT = "小南头街道"
ALLOWANCE_VILLAGE = "寺儿村"
GOODS_VILLAGES = ("小南头村", "塔儿村", "东王庄村")
# Households that have not collected their goods, per village (3–6 in all).
NOT_COLLECTED = {"小南头村": 2, "塔儿村": 1, "东王庄村": 2}
# Members of each group wanted in 2022 per village of the subdistrict, and the youngest age.
WANTED = {"dibao": 2, "tekun": 1, "kunnan-dangyuan": 1, "guagua-laoren": 1, "dabing": 1}
MIN_AGE = {"dibao": 30, "tekun": 70, "kunnan-dangyuan": 40, "guagua-laoren": 70, "dabing": 30}
EXCLUSIVE = {"dibao": "tekun", "tekun": "dibao"}
# What a holiday visit gives, by the group visited: gifts and cash (yuan).
GIFTS = {
    "tekun": ("棉被一床、米面油", None),
    "dibao": ("大米、面粉、食用油", None),
    "kunnan-dangyuan": ("慰问金", Decimal("500")),
    "guagua-laoren": ("米面油、慰问金", Decimal("300")),
    "dabing": ("慰问金", Decimal("1000")),
}
REVIEWS_DUE = 3  # 低保 and 特困供养 enrolments whose periodic review is due today
CHECKER = ("xntfuhe", "小南头街道复核员")  # approves the subdistrict's and villages' cycles


@dataclass
class Places:
    district: Unit
    minzhengju: Unit
    subdistrict: Unit
    villages: list[Unit]  # the subdistrict's villages
    by_name: dict[str, Unit]


@dataclass
class Staff:
    admin: User
    checker: User  # 小南头街道复核员
    subdistrict: User  # 小南头街道干部
    minzhengju: User  # 区民政局干部
    village: dict[int, User]  # by unit id: each village's officer


@dataclass
class Programmes:
    dibao: Programme
    tekun: Programme
    allowance: Programme
    goods: Programme
    visits: Programme
    water: Programme


def _places() -> Places | None:
    district = Unit.objects.filter(kind=UnitKind.DISTRICT).order_by("depth", "pk").first()
    minzhengju = Unit.objects.filter(name="区民政局").first()
    subdistrict = Unit.objects.filter(name=SUBDISTRICT, kind=UnitKind.SUBDISTRICT).first()
    if district is None or minzhengju is None or subdistrict is None:
        return None
    villages = list(
        Unit.objects.filter(
            kind=UnitKind.VILLAGE, path__startswith=subdistrict.path, depth=subdistrict.depth + 1
        ).order_by("code")
    )
    by_name = {unit.name: unit for unit in villages}
    if ALLOWANCE_VILLAGE not in by_name or any(name not in by_name for name in GOODS_VILLAGES):
        return None
    return Places(district, minzhengju, subdistrict, villages, by_name)


def _officer(unit: Unit, fallback: User) -> User:
    found = User.objects.filter(unit=unit, roles__role=Role.UNIT_OFFICER, is_active=True)
    return found.order_by("pk").first() or fallback


def _staff(places: Places, admin: User) -> Staff:
    subdistrict = _officer(places.subdistrict, admin)
    checker = User.objects.filter(username=CHECKER[0]).first() or core_services.create_user(
        by=SYSTEM,
        username=CHECKER[0],
        password=DEMO_PASSWORD,
        unit=places.subdistrict,
        roles=[Role.UNIT_OFFICER],
        full_name=CHECKER[1],
    )
    village = {unit.pk: _officer(unit, subdistrict) for unit in places.villages}
    return Staff(admin, checker, subdistrict, _officer(places.minzhengju, admin), village)


def _programme(
    *,
    tiers: Sequence[tuple[int, int | None, str]] = (),
    basket: Sequence[tuple[str, str, str]] = (),
    **fields: Any,
) -> Programme:
    """A demo programme through `services.programmes` as the platform (SYSTEM), its tiers
    given as (min age, max age, yuan) and its basket as (item, quantity, unit of measure)."""
    return create_programme(
        by=SYSTEM,
        tiers=[
            {"min_age": low, "max_age": high, "amount_yuan": Decimal(yuan)}
            for low, high, yuan in tiers
        ],
        basket=[
            {"name": name, "quantity": Decimal(quantity), "unit_of_measure": measure}
            for name, quantity, measure in basket
        ],
        is_demo=True,
        **fields,
    )


def _programmes(places: Places, groups: dict[str, Group]) -> Programmes:
    district_funds = "中央、省、市、区各级财政"
    tekun = _programme(
        name="特困人员救助供养",
        owner=places.district,
        deciding_unit=places.minzhengju,
        kind=ProgrammeKind.CASH_MONTHLY,
        amount_yuan=Decimal("760"),
        funding_source=district_funds,
        starts_on=JAN1,
        groups=[groups["tekun"]],
        needs_application=True,
        review_months=12,
    )
    dibao = _programme(
        name="最低生活保障（低保）",
        owner=places.district,
        deciding_unit=places.minzhengju,
        kind=ProgrammeKind.CASH_MONTHLY,
        funding_source=district_funds,
        starts_on=JAN1,
        income_standard_yuan=Decimal("580"),
        needs_application=True,
        review_months=12,
        excludes=[tekun],
    )
    allowance = _programme(
        name="60岁以上老人生活补贴",
        owner=places.by_name[ALLOWANCE_VILLAGE],
        kind=ProgrammeKind.CASH_MONTHLY,
        funding_source="村集体经济收入",
        starts_on=JAN1,
        min_age=60,
        tiers=[(60, 70, "100"), (70, 80, "150"), (80, None, "200")],
    )
    goods = _programme(
        name="春节米面油慰问品",
        owner=places.subdistrict,
        kind=ProgrammeKind.IN_KIND,
        benefit_unit=BenefitUnit.HOUSEHOLD,
        funding_source="街道办事处和村集体",
        starts_on=JAN1,
        residence_units=[places.by_name[name] for name in GOODS_VILLAGES],
        basket=[("大米", "10", "kg"), ("面粉", "5", "kg"), ("食用油", "5", "L")],
    )
    visits = _programme(
        name="节日走访慰问",
        owner=places.subdistrict,
        kind=ProgrammeKind.VISIT,
        funding_source="街道、村两级党组织专项资金",
        starts_on=JAN1,
        groups=[groups[code] for code in GIFTS],
    )
    water = _programme(
        name="村民水费代缴",
        owner=places.by_name[ALLOWANCE_VILLAGE],
        kind=ProgrammeKind.FEE,
        benefit_unit=BenefitUnit.HOUSEHOLD,
        amount_yuan=Decimal("180"),
        funding_source="村集体经济收入",
        starts_on=JAN1,
    )
    return Programmes(dibao, tekun, allowance, goods, visits, water)


def _memberships_of_2022(places: Places, groups: dict[str, Group], admin: User) -> None:
    """Members of the five groups in 2022 in each village of the subdistrict (see the module's
    docstring), in bulk with their audit rows."""
    people = list(
        Person.objects.filter(
            unit__in=places.villages, is_demo=True, status=PersonStatus.REGISTERED
        ).order_by("pk")
    )
    ever: dict[str, set[int]] = defaultdict(set)
    current: dict[tuple[int, str], int] = defaultdict(int)
    existing = GroupMembership.objects.filter(
        person__unit__in=places.villages, group__in=groups.values()
    ).values_list("person_id", "person__unit_id", "group__code", "started_on", "ended_on")
    for person_id, unit_id, code, started, ended in existing:
        ever[code].add(person_id)
        if started <= JAN1 and (ended is None or ended >= JAN1):
            current[(unit_id, code)] += 1
    added = []
    for village in places.villages:
        rng = random.Random(f"welfare-demo-groups-{village.code}")
        residents = [person for person in people if person.unit_id == village.pk]
        for code, wanted in WANTED.items():
            other = ever[EXCLUSIVE[code]] if code in EXCLUSIVE else set()
            pool = [
                person
                for person in residents
                if (person.age_on(JAN1) or -1) >= MIN_AGE[code]
                and person.pk not in ever[code]
                and person.pk not in other
            ]
            missing = max(wanted - current[(village.pk, code)], 0)
            for person in rng.sample(pool, min(missing, len(pool))):
                ever[code].add(person.pk)
                added.append(
                    GroupMembership(
                        person=person,
                        group=groups[code],
                        started_on=JAN1 - datetime.timedelta(days=rng.randint(90, 1500)),
                        evidence=f"{NOTE}：{groups[code].name}认定",
                        added_by=admin,
                    )
                )
    GroupMembership.objects.bulk_create(added)
    audit.record_bulk(((membership, None) for membership in added), by=admin)


def _candidates(programme: Programme, on: datetime.date) -> QuerySet[Person]:
    return (
        eligibility.eligible_people(programme, on)
        .filter(is_demo=True)
        .select_related("unit", "household_membership__household")
        .order_by("unit__code", "pk")
    )


def _enrol_all(programme: Programme, people: list[Person], on: datetime.date) -> list[Enrolment]:
    return [enrol(programme, person, by=SYSTEM, started_on=on, is_demo=True) for person in people]


def _enrolments(p: Programmes, groups: dict[str, Group]) -> dict[str, list[Enrolment]]:
    """Everyone qualifying in 2022, through the enrolment service: 特困供养 first, then 低保 for
    the other 低保户 (with the gap the approval set), the 寺儿村 allowance from the month a
    person is 60, goods and water for every household, visits for the five groups."""
    rng = random.Random("welfare-demo-enrolments")
    # The eligibility rules read these relations for every person; once is enough.
    prefetch_related_objects(list(vars(p).values()), "residence_units", "groups", "tiers")
    found: dict[str, list[Enrolment]] = {}
    found["tekun"] = _enrol_all(p.tekun, list(_candidates(p.tekun, JAN1)), JAN1)
    dibao_members = GroupMembership.objects.current(JAN1).filter(group=groups["dibao"])
    poor = _candidates(p.dibao, JAN1).filter(pk__in=dibao_members.values("person_id"))
    poor = poor.exclude(pk__in=[enrolment.person_id for enrolment in found["tekun"]])
    found["dibao"] = [
        enrol(
            p.dibao,
            person,
            by=SYSTEM,
            started_on=JAN1,
            amount_yuan=Decimal(rng.choice((180, 220, 260, 310, 350, 400))),
            income_unstable=rng.random() < 0.3,
            is_demo=True,
        )
        for person in poor
    ]
    found["allowance"] = []
    for month in range(1, 13):
        day = datetime.date(YEAR, month, 1)
        enrolled = [enrolment.person_id for enrolment in found["allowance"]]
        people = list(_candidates(p.allowance, day).exclude(pk__in=enrolled))
        found["allowance"] += _enrol_all(p.allowance, people, day)
    found["goods"] = _enrol_all(p.goods, list(_candidates(p.goods, JAN1)), JAN1)
    found["water"] = _enrol_all(p.water, list(_candidates(p.water, JAN1)), JAN1)
    found["visits"] = _enrol_all(p.visits, list(_candidates(p.visits, JAN1)), JAN1)
    return found


@dataclass
class CycleSpec:
    """One cycle to make: its period and label, when it was made and approved, and the day its
    cash was paid (None: goods, nothing paid)."""

    period: datetime.date
    label: str
    made_on: datetime.date
    approved_on: datetime.date
    paid_on: datetime.date | None = None


def _approved_cycle(programme: Programme, spec: CycleSpec, *, maker: User, checker: User) -> Cycle:
    """A cycle through `services.cycles`: made and submitted by `maker`, approved by `checker`
    (the re-check at approval included), its cash recorded as paid through
    `services.payments`. The services stamp today; the cycle is then dated as the story
    tells (made, approved in 2022)."""
    cycle, _refused = create_cycle(
        programme, by=maker, period=spec.period, label=spec.label, is_demo=True
    )
    submit_cycle(cycle, by=maker)
    approve_cycle(cycle, by=checker)
    Cycle.objects.filter(pk=cycle.pk).update(
        created_at=at(spec.made_on, 9), approved_at=at(spec.approved_on, 15)
    )
    if spec.paid_on is not None and programme.pays_cash:
        for entitlement in cycle.entitlements.order_by("pk"):
            record_result(entitlement, by=maker, status=PaymentStatus.PAID, paid_on=spec.paid_on)
    return cycle


def _monthly_allowance(p: Programmes, staff: Staff) -> None:
    """Twelve approved cycles of the 寺儿村 allowance, made by the village's officer, approved
    by the subdistrict's checker, all paid on the 10th."""
    maker = staff.village[p.allowance.owner_id]
    for month in range(1, 13):
        spec = CycleSpec(
            period=datetime.date(YEAR, month, 1),
            label=f"{YEAR}年{month}月",
            made_on=datetime.date(YEAR, month, 3),
            approved_on=datetime.date(YEAR, month, 6),
            paid_on=datetime.date(YEAR, month, 10),
        )
        _approved_cycle(p.allowance, spec, maker=maker, checker=staff.checker)


def _water_fees(p: Programmes, staff: Staff) -> None:
    """The year's water fees of every 寺儿村 household, paid by the village in December."""
    spec = CycleSpec(
        period=datetime.date(YEAR, 12, 1),
        label=f"{YEAR}年度水费",
        made_on=datetime.date(YEAR, 12, 1),
        approved_on=datetime.date(YEAR, 12, 5),
        paid_on=datetime.date(YEAR, 12, 12),
    )
    maker = staff.village[p.water.owner_id]
    _approved_cycle(p.water, spec, maker=maker, checker=staff.checker)


def _spring_festival(p: Programmes, places: Places, staff: Staff) -> None:
    """The hand-out cycle dated a week before 春节, through `services.handouts`: stock received
    in each village (two baskets to spare), every household collects but a few. The
    collections are entered from the paper sign-for list (the demo has no signature or code
    to show), each by the village's officer at the time of the collection."""
    spec = CycleSpec(
        period=HANDOUT_DAY,
        label=f"{YEAR}年春节",
        made_on=datetime.date(YEAR, 1, 10),
        approved_on=datetime.date(YEAR, 1, 14),
    )
    cycle = _approved_cycle(p.goods, spec, maker=staff.subdistrict, checker=staff.checker)
    items = list(p.goods.basket.all())
    entitlements = list(
        Entitlement.objects.filter(cycle=cycle).select_related("person", "unit").order_by("pk")
    )
    for name in GOODS_VILLAGES:
        unit = places.by_name[name]
        rng = random.Random(f"welfare-demo-handout-{unit.code}")
        owed = [entitlement for entitlement in entitlements if entitlement.unit_id == unit.pk]
        for item in items:
            receive_stock(
                cycle,
                by=staff.subdistrict,
                unit=unit,
                item=item,
                quantity=item.quantity * (len(owed) + 2),
            )
        left = {
            entitlement.pk for entitlement in rng.sample(owed, min(NOT_COLLECTED[name], len(owed)))
        }
        for index, entitlement in enumerate(e for e in owed if e.pk not in left):
            minutes = 8 * 60 + 30 + index * 4
            record_handout(
                entitlement,
                by=staff.village[unit.pk],
                received_by=entitlement.person.name,
                on_paper=True,
                handed_at=at(HANDOUT_DAY, minutes // 60, minutes % 60),
            )


def _visits(p: Programmes, enrolments: list[Enrolment], staff: Staff) -> None:
    """Visits before 春节 to everyone enrolled (what was given by their group, some with
    cash), and before 中秋 to 特困供养 and 孤寡老人; volunteers helped at some homes. Each is
    recorded through `services.visits` by the village's officer, then dated the day after
    the visits (the service stamps today)."""
    rng = random.Random("welfare-demo-visits")
    codes: dict[int, list[str]] = defaultdict(list)
    for person_id, code in (
        GroupMembership.objects.current(JAN1)
        .filter(person__in=[e.person_id for e in enrolments], group__code__in=GIFTS)
        .values_list("person_id", "group__code")
    ):
        codes[person_id].append(code)
    recorded: dict[datetime.datetime, list[int]] = defaultdict(list)
    for enrolment in enrolments:
        person = enrolment.person
        code = min(codes[person.pk], key=list(GIFTS).index)
        gifts, cash = GIFTS[code]
        officer = staff.village.get(person.unit_id, staff.subdistrict)
        visit = record_visit(
            person,
            by=officer,
            programme=p.visits,
            visited_on=SPRING_FESTIVAL - datetime.timedelta(days=rng.randint(4, 12)),
            visitors=f"{SUBDISTRICT}党工委、{person.unit.name}党支部",
            gifts=gifts,
            amount_yuan=cash,
            notes="志愿者帮助打扫卫生、代购年货" if rng.random() < 0.4 else "",
            is_demo=True,
        )
        recorded[at(SPRING_FESTIVAL - datetime.timedelta(days=2), 17)].append(visit.pk)
        if code in ("tekun", "guagua-laoren"):
            visit = record_visit(
                person,
                by=officer,
                programme=p.visits,
                visited_on=MID_AUTUMN - datetime.timedelta(days=rng.randint(1, 4)),
                visitors=f"{person.unit.name}党支部、志愿者",
                gifts="月饼、水果",
                is_demo=True,
            )
            recorded[at(MID_AUTUMN, 9)].append(visit.pk)
    for moment, pks in recorded.items():
        Visit.objects.filter(pk__in=pks).update(recorded_at=moment)


def _reviewer(unit: Unit, staff: Staff) -> User:
    """Who reviews a resident of `unit`: the village's officer, 小南头街道's, or the officer of
    the resident's own village or subdistrict elsewhere in the district."""
    parent = Unit.objects.filter(path=unit.path[: -Unit.steplen]).first()
    found = [staff.village.get(unit.pk), staff.subdistrict, _officer(unit, staff.admin)]
    if parent is not None:
        found.append(_officer(parent, staff.admin))
    return next((u for u in found if u is not None and writes_for(u, unit)), staff.admin)


REVIEW_REASON = "入户复核：家庭人口、收入和财产状况无明显变化，继续享受。"


def _reviews(p: Programmes, staff: Staff, today: datetime.date) -> None:
    """The yearly (half-yearly) reviews of 低保 and 特困供养 since 2022, all continuing, so
    that a few are due now on the workbench rather than every one for years: each through
    `services.reviews.record_review`, three days before it is due (which moves the next one
    on by the programme's interval from that day); the last `REVIEWS_DUE` enrolments keep
    their latest review due. Each review is then dated the afternoon of its day."""
    enrolments = list(
        Enrolment.objects.filter(programme__in=[p.dibao, p.tekun], is_demo=True)
        .select_related("programme", "person")
        .order_by("pk")
    )
    made: list[EnrolmentReview] = []
    reviewers: dict[int, User] = {}
    for index, enrolment in enumerate(enrolments):
        months = enrolment.programme.review_months
        if enrolment.status != EnrolmentStatus.ACTIVE or not months:
            continue
        if enrolment.income_unstable:
            months = min(months, UNSTABLE_REVIEW_MONTHS)
        keep_due = index >= len(enrolments) - REVIEWS_DUE
        due = enrolment.next_review_on
        while due is not None and add_months(due, months if keep_due else 0) <= today:
            unit = enrolment.person.unit
            if unit.pk not in reviewers:
                reviewers[unit.pk] = _reviewer(unit, staff)
            review = record_review(
                enrolment,
                by=reviewers[unit.pk],
                outcome=ReviewOutcome.CONTINUE,
                reason=REVIEW_REASON,
                reviewed_on=due - datetime.timedelta(days=3),
            )
            review.created_at = at(review.reviewed_on, 16)
            made.append(review)
            due = Enrolment.objects.values_list("next_review_on", flat=True).get(pk=enrolment.pk)
    EnrolmentReview.objects.bulk_update(made, ["created_at"])


@transaction.atomic
def load(admin: User) -> None:
    if Programme.objects.filter(is_demo=True).exists():
        return
    places = _places()
    groups = {group.code: group for group in Group.objects.filter(code__in=WANTED)}
    if places is None or len(groups) < len(WANTED):
        return
    staff = _staff(places, admin)
    _memberships_of_2022(places, groups, admin)
    programmes = _programmes(places, groups)
    enrolments = _enrolments(programmes, groups)
    _monthly_allowance(programmes, staff)
    _spring_festival(programmes, places, staff)
    _water_fees(programmes, staff)
    _visits(programmes, enrolments["visits"], staff)
    today = clock.today()
    demo_applications.load(programmes.dibao, places.villages, staff, groups["dibao"], today)
    _reviews(programmes, staff, today)
