"""The retirees demo (演示数据): 迎宾街道's communities with synthetic enterprise retirees.

The seed page says only that several communities of 迎宾街道 run outreach for the socialized
management of enterprise retirees; it names none. The three communities made here (迎宾东社区,
迎宾西社区, 迎宾南社区) are invented and marked as demo units; every person is synthetic
(names begin with 演示, valid ID numbers made up). On them: confirmations in every state (up to
date, due this month, overdue, overdue past the grace period and marked to be suspended, one
confirmed again and marked to be resumed, never confirmed yet), one handover batch from an
employer with two files missing, members of the special lists with this month's visits partly
done, the seed's outreach campaign recorded in each community (and a health talk), and one
death reported with its claims. Running it again changes nothing."""

from __future__ import annotations

import datetime
import random

from django.db import transaction

from taizhang.core import audit, services
from taizhang.core.models import Unit, UnitKind, User
from taizhang.lib import clock
from taizhang.lib.dates import add_months, years_before
from taizhang.lib.idcard import make_id_number
from taizhang.people.models import (
    Group,
    GroupMembership,
    Organisation,
    OrganisationKind,
    Person,
    Sex,
)
from taizhang.people.services.organisations import create_organisation
from taizhang.retirees.models import (
    ActivityKind,
    ClaimKind,
    ClaimStatus,
    Confirmation,
    ConfirmationMethod,
    DeathSource,
    PartyTransfer,
    PensionKind,
    Retiree,
    month_end,
)
from taizhang.retirees.services import activities, confirmations, deaths, handovers, visits

SUBDISTRICT_CODE = "140213004"  # 迎宾街道
COMMUNITIES = (
    ("140213004001", "迎宾东社区"),
    ("140213004002", "迎宾西社区"),
    ("140213004003", "迎宾南社区"),
)
PER_COMMUNITY = 80
EMPLOYERS = ("演示大同机车配件厂", "演示平城煤矿机械有限公司", "演示同煤建材公司")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐韩冯董程曹"
GIVEN = (
    "建国",
    "志强",
    "秀英",
    "桂兰",
    "永刚",
    "玉兰",
    "文斌",
    "淑芬",
    "海军",
    "丽华",
    "国庆",
    "凤英",
)
SKILLS = ("书法", "太极拳", "象棋", "摄影", "合唱", "电工", "园艺", "")
SPECIAL = {"tekun": 3, "guagua-laoren": 3, "dabing": 4, "laomo": 2, "gongshang": 2}
NOTE = "演示数据"


@transaction.atomic
def load(admin: User) -> None:
    subdistrict = Unit.objects.filter(code=SUBDISTRICT_CODE).first()
    if subdistrict is None:
        return
    communities = [_community(subdistrict, code, name) for code, name in COMMUNITIES]
    if Retiree.objects.filter(is_demo=True, person__unit__in=communities).exists():
        return
    today = clock.today()
    employers = _employers(communities[0], admin)
    rng = random.Random("retirees-demo")
    retirees = []
    for community in communities:
        retirees += _roster(community, employers, rng, today, admin)
    _special_lists(retirees, rng, today, admin)
    _confirmations(retirees, today, admin)
    _handover(communities[0], employers[0], retirees, today, admin)
    _visits(retirees, today, admin)
    _activities(communities, retirees, today, admin)
    _death(retirees, today, admin)


def _community(subdistrict: Unit, code: str, name: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        unit = services.create_unit(
            by=None, parent=subdistrict, name=name, code=code, kind=UnitKind.COMMUNITY,
            is_demo=True, remarks=NOTE,
        )  # fmt: skip
    return unit


def _employers(unit: Unit, admin: User) -> list[Organisation]:
    found = []
    for name in EMPLOYERS:
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            organisation = create_organisation(
                by=admin, unit=unit, name=name, kind=OrganisationKind.ENTERPRISE,
                notes=NOTE, is_demo=True,
            )  # fmt: skip
        found.append(organisation)
    return found


def _roster(
    community: Unit,
    employers: list[Organisation],
    rng: random.Random,
    today: datetime.date,
    admin: User,
) -> list[Retiree]:
    people, rows = [], []
    sequence = int(community.code[-1]) * 170
    for index in range(PER_COMMUNITY):
        sex = Sex.MALE if index % 2 else Sex.FEMALE
        age = rng.randint(58, 93)
        birth = years_before(today, age) - datetime.timedelta(days=rng.randint(1, 360))
        while True:
            sequence += 1
            if (sequence % 2 == 1) != (sex == Sex.MALE):
                continue
            number = make_id_number(community.code[:6], birth, sequence % 1000)
            if not Person.objects.filter(id_number=number).exists():
                break
        person = Person(
            unit=community,
            name=f"演示{rng.choice(SURNAMES)}{rng.choice(GIVEN)}",
            id_number=number,
            id_last4=number[-4:],
            sex=sex,
            birth_date=birth,
            phone=f"139{community.code[-3:]}{index:05d}"[:11],
            address=f"{community.name}{rng.randint(1, 30)}号楼",
            notes=NOTE,
            is_demo=True,
            status_since=birth,
        )
        retired_on = min(
            years_before(birth, -(60 if sex == Sex.MALE else 50)), today - datetime.timedelta(60)
        )
        if index % 10 == 9:  # retired lately, never confirmed yet
            retired_on = today - datetime.timedelta(days=rng.randint(60, 200))
        party = index % 4 == 0
        people.append(person)
        rows.append(
            Retiree(
                person=person,
                employer=employers[index % len(employers)],
                retired_on=retired_on,
                pension_kind=PensionKind.ENTERPRISE,
                social_insurance_number=number,
                health=rng.choice(("良好", "一般", "高血压", "糖尿病", "行动不便")),
                skills=rng.choice(SKILLS),
                spouse="" if index % 3 == 0 else f"演示{rng.choice(SURNAMES)}{rng.choice(GIVEN)}",
                emergency_contact=f"演示{rng.choice(SURNAMES)}{rng.choice(GIVEN)}",
                emergency_phone=f"138{community.code[-3:]}{index:05d}"[:11],
                is_party_member=party,
                party_transfer=(
                    PartyTransfer.TRANSFERRED
                    if party and index % 8
                    else PartyTransfer.PENDING
                    if party
                    else PartyTransfer.NOT_MEMBER
                ),
                next_due_on=add_months(retired_on, 12),
                notes=NOTE,
                is_demo=True,
                created_by=admin,
            )
        )
    Person.objects.bulk_create(people)
    for retiree in rows:
        retiree.person_id = retiree.person.pk
    Retiree.objects.bulk_create(rows)
    audit.record_bulk([(record, None) for record in [*people, *rows]], by=admin)
    return rows


def _special_lists(
    retirees: list[Retiree], rng: random.Random, today: datetime.date, admin: User
) -> None:
    groups = {group.code: group for group in Group.objects.filter(code__in=SPECIAL)}
    memberships = []
    for community in {retiree.person.unit_id for retiree in retirees}:
        pool = [r for r in retirees if r.person.unit_id == community]
        chosen = rng.sample(pool, sum(SPECIAL.values()))
        start = 0
        for code, count in SPECIAL.items():
            if code not in groups:
                continue
            for retiree in chosen[start : start + count]:
                memberships.append(
                    GroupMembership(
                        person=retiree.person,
                        group=groups[code],
                        started_on=today - datetime.timedelta(days=rng.randint(90, 900)),
                        evidence=f"{NOTE}：{groups[code].name}认定",
                        added_by=admin,
                    )
                )
            start += count
    GroupMembership.objects.bulk_create(memberships)
    audit.record_bulk([(membership, None) for membership in memberships], by=admin)


def _last_confirmed(index: int, today: datetime.date) -> datetime.date | None:
    """Each tenth of the roster in one state of the 12-month clock."""
    state = index % 10
    if state == 6:  # due this month
        return add_months(month_end(today), -12)
    if state == 7:  # overdue, within the grace period
        return add_months(today, -13)
    if state == 8:  # overdue past the grace period
        return add_months(today, -17)
    if state == 9:  # never confirmed yet
        return None
    return today - datetime.timedelta(days=20 + 40 * state)  # up to date


def _confirmations(retirees: list[Retiree], today: datetime.date, admin: User) -> None:
    methods = ConfirmationMethod.values
    rows = []
    for index, retiree in enumerate(retirees):
        day = _last_confirmed(index, today)
        if day is None or day < retiree.retired_on:
            continue
        rows.append(
            Confirmation(
                retiree=retiree,
                confirmed_on=day,
                method=methods[index % len(methods)],
                confirmed_by="演示社区工作人员",
                is_demo=True,
                recorded_by=admin,
            )
        )
        retiree.next_due_on = add_months(day, 12)
    Confirmation.objects.bulk_create(rows)
    Retiree.objects.bulk_update(retirees, ["next_due_on"])
    audit.record_bulk([(row, None) for row in rows], by=admin)
    suspended = confirmations.mark_suspensions(by=admin, on=today)
    if suspended:  # one of them confirmed again today: to be resumed, with back pay
        confirmations.record_confirmation(
            suspended[0].retiree, by=admin, confirmed_on=today,
            method=ConfirmationMethod.HOME_VISIT, confirmed_by="演示社区工作人员", is_demo=True,
        )  # fmt: skip


def _handover(
    community: Unit, employer: Organisation, retirees: list[Retiree], today: datetime.date,
    admin: User,
) -> None:  # fmt: skip
    received_on = today - datetime.timedelta(days=45)
    batch = handovers.create_batch(
        by=admin, unit=community, employer=employer, received_on=received_on,
        received_by="演示社区主任", notes=NOTE, is_demo=True,
    )  # fmt: skip
    members = [
        r for r in retirees
        if r.person.unit_id == community.pk and r.employer_id == employer.pk
        and r.retired_on < received_on
    ][:12]  # fmt: skip
    for index, retiree in enumerate(members):
        missing = index in (3, 7)  # two files missing
        handovers.add_item(
            batch, retiree, by=admin, file_received=not missing,
            missing_note="退休审批表缺失" if missing else "",
            party_transferred=retiree.is_party_member and index % 2 == 0,
            checked_by="演示档案员", checked_on=received_on + datetime.timedelta(days=3),
        )  # fmt: skip


def _visits(retirees: list[Retiree], today: datetime.date, admin: User) -> None:
    listed = Retiree.objects.filter(pk__in=[r.pk for r in retirees]).on_visit_list(today)
    for index, retiree in enumerate(listed.select_related("person__unit").order_by("pk")):
        if index % 2:
            continue  # half of this month's visits still to do
        visits.record_visit(
            retiree, by=admin, visited_on=today.replace(day=1), visitors="演示社区网格员",
            findings="身体状况稳定，生活能自理。", follow_up="下月继续走访", is_demo=True,
        )  # fmt: skip


# The seed's passage: communities of 迎宾街道 ran outreach for the socialized management of
# enterprise retirees; the campaign's name here is the passage's subject, its figures invented.
CAMPAIGN = "企业退休人员社会化管理宣传活动"


def _activities(
    communities: list[Unit], retirees: list[Retiree], today: datetime.date, admin: User
) -> None:
    held_on = today - datetime.timedelta(days=25)
    for index, community in enumerate(communities):
        roster = [r for r in retirees if r.person.unit_id == community.pk]
        attending = roster[: 20 + 5 * index]
        activities.record_activity(
            by=admin, unit=community, kind=ActivityKind.PUBLICITY, title=f"{CAMPAIGN}（演示）",
            campaign=CAMPAIGN, held_on=held_on, place=f"{community.name}活动室",
            description="宣讲社会化管理服务政策，发放服务联系卡。（演示数据）",
            attendees=attending, reached=len(attending) * 3, is_demo=True,
        )  # fmt: skip
    activities.record_activity(
        by=admin, unit=communities[0], kind=ActivityKind.HEALTH_TALK,
        title="冬季养生健康讲座（演示）",
        held_on=today - datetime.timedelta(days=10), place="社区卫生服务站",
        attendees=[r for r in retirees if r.person.unit_id == communities[0].pk][:15],
        is_demo=True,
    )  # fmt: skip


def _death(retirees: list[Retiree], today: datetime.date, admin: User) -> None:
    listed = set(
        Retiree.objects.filter(pk__in=[r.pk for r in retirees])
        .on_visit_list(today)
        .values_list("pk", flat=True)
    )
    retiree = next(r for i, r in enumerate(retirees) if i % 10 == 0 and r.pk not in listed)
    died_on = today - datetime.timedelta(days=20)
    report = deaths.report_death(
        retiree, by=admin, died_on=died_on, source=DeathSource.FAMILY, reporter="演示家属",
        reported_on=today - datetime.timedelta(days=18), notes=NOTE, is_demo=True,
    )  # fmt: skip
    funeral = deaths.open_claim(
        report, by=admin, kind=ClaimKind.FUNERAL_GRANT, claimant="演示家属",
        opened_on=today - datetime.timedelta(days=15),
    )  # fmt: skip
    deaths.advance_claim(
        funeral, by=admin, status=ClaimStatus.SUBMITTED, on=today - datetime.timedelta(days=10)
    )
    deaths.advance_claim(funeral, by=admin, status=ClaimStatus.COMPLETED, on=today)
    deaths.open_claim(
        report, by=admin, kind=ClaimKind.SURVIVOR_BENEFIT, claimant="演示家属",
        opened_on=today - datetime.timedelta(days=15),
    )  # fmt: skip
