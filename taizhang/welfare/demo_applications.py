"""The welfare demo's 低保 applications through the civil-affairs flow (受理 → 入户调查 → 初审 →
公示 → 审批): two approved in 2022 and enrolled from the next month, one refused in writing
after an objection raised during its 公示 showed undeclared income, and one open now, its 公示
running around today (received 14 days ago; 公示 from 3 days before today to 4 days after).

Each applicant is a demo resident of a village of 小南头街道, aged 40 to 75, in a household,
never in 低保户 or 特困供养 and not enrolled in either; the approved ones join 低保户 from their
enrolment (the registry's 认定)."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from taizhang.core import audit
from taizhang.core.access import SYSTEM
from taizhang.core.models import Unit
from taizhang.lib.dates import add_months
from taizhang.lib.masking import mask_name
from taizhang.lib.workdays import add_working_days
from taizhang.people.models import Group, GroupMembership, HouseholdMember, Person, PersonStatus
from taizhang.welfare.demo_standins import History, Step, at, file_application
from taizhang.welfare.models import Application, ApplicationStatus, Enrolment, Programme
from taizhang.welfare.models.programmes import DECISION_WORKING_DAYS
from taizhang.welfare.services.enrolments import enrol

if TYPE_CHECKING:
    from taizhang.welfare.demo import Staff

NOTE = "演示数据"
OFFICE = "小南头街道民政办"


@dataclass(frozen=True)
class Story:
    """One application: where, when, what the household declared and what was found."""

    number: str
    village: str
    outcome: str
    received: datetime.date
    per_head: Decimal  # declared income per head and month
    verified_per_head: Decimal
    reason: str


def _stories(today: datetime.date) -> list[Story]:
    return [
        Story("DB2022-0001", "小南头村", ApplicationStatus.APPROVED, datetime.date(2022, 2, 14),
              Decimal("300"), Decimal("300"), "丈夫因病去世，本人无固定收入，独自抚养子女。"),
        Story("DB2022-0002", "东王庄村", ApplicationStatus.REFUSED, datetime.date(2022, 5, 9),
              Decimal("420"), Decimal("900"), "家庭收入低，生活困难。"),
        Story("DB2022-0003", "塔儿村", ApplicationStatus.APPROVED, datetime.date(2022, 6, 6),
              Decimal("350"), Decimal("350"), "本人患慢性病丧失劳动能力，家庭无其他收入来源。"),
        Story(f"DB{today.year}-0901", "西谷庄村", ApplicationStatus.IN_NOTICE,
              today - datetime.timedelta(days=14), Decimal("260"), Decimal("260"),
              "夫妻二人年老多病，无经济来源。"),
    ]  # fmt: skip


def _applicant(village: Unit, on: datetime.date, taken: set[int], poor: Group) -> Person | None:
    rng = random.Random(f"welfare-demo-applicant-{village.code}")
    excluded = GroupMembership.objects.filter(group__code__in=(poor.code, "tekun")).values(
        "person_id"
    )
    people = [
        person
        for person in Person.objects.filter(
            unit=village,
            is_demo=True,
            status=PersonStatus.REGISTERED,
            household_membership__isnull=False,
        )
        .exclude(pk__in=excluded)
        .exclude(pk__in=Enrolment.objects.values("person_id"))
        .exclude(pk__in=Application.objects.values("applicant_id"))
        .select_related("household_membership__household", "unit")
        .order_by("pk")
        if 40 <= (person.age_on(on) or 0) <= 75 and person.pk not in taken
    ]
    return rng.choice(people) if people else None


def _household_size(person: Person, on: datetime.date) -> int:
    household = person.household_membership.household
    return HouseholdMember.objects.filter(
        household=household, person__status=PersonStatus.REGISTERED, person__birth_date__lte=on
    ).count()


def _history(story: Story, application: Application, staff: Staff, standard: Decimal) -> History:
    day = story.received
    clerk = staff.village.get(application.unit_id, staff.subdistrict)
    sub = staff.subdistrict
    days = datetime.timedelta
    name = mask_name(application.applicant.name)
    steps = [
        Step("receive", ApplicationStatus.RECEIVED, "申请材料齐全，予以受理。", clerk, day),
        Step("investigate", ApplicationStatus.INVESTIGATED, "两名工作人员入户调查完毕。", clerk,
             day + days(4)),
        Step("preliminary", ApplicationStatus.IN_NOTICE,
             "初审：家庭收入、财产状况基本属实，予以公示。", sub, day + days(10)),
    ]  # fmt: skip
    gap = standard - story.per_head
    notice_text = (
        f"{application.unit.name}{name}家庭申请最低生活保障，经入户调查和街道初审，拟予批准，"
        f"月保障金{gap}元。公示期间如有异议，请向{OFFICE}反映。"
    )
    history = History(
        steps=steps,
        investigation={
            "investigated_on": day + days(4),
            "first_investigator": clerk,
            "second_investigator": sub,
            "findings": (
                f"家庭共{application.household_size}人，住房为自建平房，无机动车辆。"
                f"申报月收入{application.monthly_income_yuan}元，主要为务农和零工收入。"
            ),
            "verified_income_yuan": story.verified_per_head * application.household_size,
            "recorded_by": clerk,
        },
        notice=(day + days(11), day + days(18), notice_text),
    )
    if story.outcome == ApplicationStatus.REFUSED:
        history.objection = {
            "received_on": day + days(14),
            "raised_by": "本村村民（匿名）",
            "content": "申请人之子在外经营货运车辆，家庭收入未如实申报。",
            "handling": "街道会同村委会复查核实：其子名下有营运货车一辆，月收入约4000元。",
            "sustained": True,
            "recorded_by": sub,
        }
    if story.outcome != ApplicationStatus.IN_NOTICE:
        steps.append(
            Step("submit", ApplicationStatus.SUBMITTED, "公示期满，报区民政局审批。", sub,
                 day + days(19))
        )  # fmt: skip
        steps.append(
            Step(
                "approve" if story.outcome == ApplicationStatus.APPROVED else "refuse",
                story.outcome,
                application.decision_note,
                staff.minzhengju,
                day + days(24),
            )
        )
    return history


def _decision(story: Story, standard: Decimal) -> str:
    if story.outcome == ApplicationStatus.APPROVED:
        return (
            f"经审核，申请人家庭月人均收入{story.per_head}元，低于本区{story.received.year}年"
            f"低保标准{standard}元，符合条件，予以批准，月保障金{standard - story.per_head}元。"
        )
    return (
        f"经入户调查和公示期间群众反映核实，申请人家庭月人均收入约{story.verified_per_head}元，"
        f"高于本区{story.received.year}年低保标准{standard}元/人·月，不符合《最低生活保障审核"
        f"确认办法》规定的条件，决定不予批准。如对本决定不服，可自收到本通知之日起60日内向"
        f"平城区人民政府申请行政复议。"
    )


def load(
    dibao: Programme, villages: list[Unit], staff: Staff, poor: Group, today: datetime.date
) -> None:
    standard = dibao.income_standard_yuan or Decimal("0")
    units = {unit.name: unit for unit in villages}
    taken: set[int] = set()
    memberships = []
    for story in _stories(today):
        village = units.get(story.village) or villages[0]
        person = _applicant(village, story.received, taken, poor)
        if person is None:
            continue
        taken.add(person.pk)
        size = _household_size(person, story.received)
        decided = story.outcome != ApplicationStatus.IN_NOTICE
        decided_on = story.received + datetime.timedelta(days=24)
        application = Application(
            number=story.number,
            programme=dibao,
            applicant=person,
            household=person.household_membership.household,
            unit=village,
            received_on=story.received,
            status=story.outcome,
            household_size=size,
            monthly_income_yuan=story.per_head * size,
            reason=story.reason,
            deadline=add_working_days(story.received, DECISION_WORKING_DAYS),
            preliminary_note="家庭收入、财产状况基本属实，同意上报并公示。",
            decision_note=_decision(story, standard) if decided else "",
            created_by=staff.village.get(village.pk, staff.subdistrict),
            created_at=at(story.received, 9),
        )
        if story.outcome == ApplicationStatus.APPROVED:
            application.amount_yuan = standard - story.per_head
            application.enrol_from = add_months(decided_on.replace(day=1), 1)
        if decided:
            application.decided_by = staff.minzhengju
            application.decided_at = at(decided_on)
        application = file_application(application, _history(story, application, staff, standard))
        if story.outcome == ApplicationStatus.APPROVED and application.enrol_from:
            enrol(
                dibao,
                person,
                by=SYSTEM,
                started_on=application.enrol_from,
                amount_yuan=application.amount_yuan,
                application=application,
                is_demo=True,
            )
            memberships.append(
                GroupMembership(
                    person=person,
                    group=poor,
                    started_on=application.enrol_from,
                    evidence=f"{NOTE}：{application.number}审批通过",
                    added_by=staff.admin,
                )
            )
    GroupMembership.objects.bulk_create(memberships)
    audit.record_bulk(((membership, None) for membership in memberships), by=staff.admin)
