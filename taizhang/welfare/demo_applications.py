"""The welfare demo's 低保 applications through the civil-affairs flow (受理 → 入户调查 → 初审 →
公示 → 审批), with the step names, numbers and 公示 length of `services.applications`: two
approved in 2022 and enrolled from the next month (an objection to the first checked and
dismissed), one refused in writing by 区民政局 after its check of the household's economic
situation found undeclared income, and one open now, its 公示 running around today (received
14 days ago; 公示 from 3 days before today to 3 days after, seven days).

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
from taizhang.welfare.models.programmes import DECISION_WORKING_DAYS, MIN_NOTICE_DAYS
from taizhang.welfare.services.enrolments import enrol

if TYPE_CHECKING:
    from taizhang.welfare.demo import Staff

NOTE = "演示数据"
OFFICE = "小南头街道民政办"


@dataclass(frozen=True)
class Story:
    """One application: where, when, what the household declared (income per head and month)
    and what the deciding unit's check found, and whether a villager objected."""

    number: str
    village: str
    outcome: str
    received: datetime.date
    per_head: Decimal
    found_per_head: Decimal
    reason: str
    objection: bool = False


# An objection raised during the first 公示, checked and dismissed.
OBJECTION = (
    "村民反映申请人家中有一辆小轿车。",
    "经街道和村委会核实，该车辆登记在已分户居住的弟弟名下，不属于申请人家庭财产，异议不成立。",
)
DECIDED_AFTER_DAYS = 24  # from receipt to the decision of 区民政局


def _stories(today: datetime.date) -> list[Story]:
    """Numbers as `services.applications` makes them (SQ, year, sequence)."""
    return [
        Story("SQ20220001", "小南头村", ApplicationStatus.APPROVED, datetime.date(2022, 2, 14),
              Decimal("300"), Decimal("300"), "丈夫因病去世，本人无固定收入，独自抚养子女。",
              objection=True),
        Story("SQ20220002", "东王庄村", ApplicationStatus.REFUSED, datetime.date(2022, 5, 9),
              Decimal("420"), Decimal("900"), "家庭收入低，生活困难。"),
        Story("SQ20220003", "塔儿村", ApplicationStatus.APPROVED, datetime.date(2022, 6, 6),
              Decimal("350"), Decimal("350"), "本人患慢性病丧失劳动能力，家庭无其他收入来源。"),
        Story(f"SQ{today.year}0901", "西谷庄村", ApplicationStatus.IN_NOTICE,
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
    """The steps as `services.applications` names them (received, investigated,
    preliminary_passed, objection…, submitted, approved or refused), a 公示 of seven days
    from the day after 初审, and for the first story an objection checked and dismissed."""
    day = story.received
    clerk = staff.village.get(application.unit_id, staff.subdistrict)
    sub = staff.subdistrict
    days = datetime.timedelta
    S = ApplicationStatus
    steps = [
        Step("received", S.RECEIVED, "申请材料齐全，予以受理。", clerk, day),
        Step("investigated", S.INVESTIGATED, "两名工作人员入户调查完毕。", clerk, day + days(4)),
        Step("preliminary_passed", S.IN_NOTICE, "家庭收入、财产状况基本属实，同意公示。", sub,
             day + days(10)),
    ]  # fmt: skip
    notice_text = (
        f"{application.unit.name}{mask_name(application.applicant.name)}家庭申请最低生活保障，"
        f"经入户调查和街道初审，拟予批准，月保障金{standard - story.per_head}元。"
        f"公示期间如有异议，请向{OFFICE}或村委会反映。"
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
            "verified_income_yuan": application.monthly_income_yuan,
            "recorded_by": clerk,
        },
        notice=(day + days(11), day + days(11 + MIN_NOTICE_DAYS - 1), notice_text),
    )
    if story.objection:
        content, handling = OBJECTION
        history.objection = {
            "received_on": day + days(13),
            "raised_by": "本村村民（匿名）",
            "content": content,
            "handling": handling,
            "sustained": False,
            "recorded_by": sub,
        }
        steps.append(Step("objection", S.IN_NOTICE, content, sub, day + days(13)))
        steps.append(Step("objection_dismissed", S.IN_NOTICE, handling, sub, day + days(15)))
    if story.outcome != S.IN_NOTICE:
        steps.append(Step("submitted", S.SUBMITTED, "公示期满无异议，报区民政局审批。", sub,
                          day + days(11 + MIN_NOTICE_DAYS)))  # fmt: skip
        steps.append(
            Step(story.outcome, story.outcome, application.decision_note, staff.minzhengju,
                 day + days(DECIDED_AFTER_DAYS))
        )  # fmt: skip
    return history


def _decision(story: Story, standard: Decimal) -> str:
    year = story.received.year
    if story.outcome == ApplicationStatus.APPROVED:
        return (
            f"经审核，申请人家庭月人均收入{story.per_head}元，低于本区{year}年低保标准"
            f"{standard}元，符合条件，予以批准，月保障金{standard - story.per_head}元。"
        )
    return (
        f"经家庭经济状况信息核对，申请人之子名下有营运货车一辆，未如实申报，家庭月人均收入约"
        f"{story.found_per_head}元，高于本区{year}年低保标准{standard}元/人·月，不符合"
        f"《最低生活保障审核确认办法》规定的条件，决定不予批准。如对本决定不服，可自收到本"
        f"通知之日起60日内向平城区人民政府申请行政复议。"
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
        decided_on = story.received + datetime.timedelta(days=DECIDED_AFTER_DAYS)
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
