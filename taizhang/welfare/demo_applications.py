"""The welfare demo's 低保 applications through the civil-affairs flow (受理 → 入户调查 → 初审 →
公示 → 审批), every step through `services.applications` on its day of the story: two
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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from taizhang.core import audit
from taizhang.core.models import Unit
from taizhang.lib import clock
from taizhang.lib.dates import add_months
from taizhang.people.models import Group, GroupMembership, HouseholdMember, Person, PersonStatus
from taizhang.welfare.models import (
    Application,
    ApplicationStatus,
    ApplicationStep,
    Enrolment,
    Investigation,
    Notice,
    Objection,
    Programme,
)
from taizhang.welfare.services import applications

if TYPE_CHECKING:
    from taizhang.welfare.demo import Staff

NOTE = "演示数据"


@dataclass(frozen=True)
class Story:
    """One application: where, when, what the household declared (income per head and month)
    and what the deciding unit's check found, and whether a villager objected."""

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
    """The four applications; `services.applications` numbers them (SQ, year, sequence)."""
    return [
        Story("小南头村", ApplicationStatus.APPROVED, datetime.date(2022, 2, 14),
              Decimal("300"), Decimal("300"), "丈夫因病去世，本人无固定收入，独自抚养子女。",
              objection=True),
        Story("东王庄村", ApplicationStatus.REFUSED, datetime.date(2022, 5, 9),
              Decimal("420"), Decimal("900"), "家庭收入低，生活困难。"),
        Story("塔儿村", ApplicationStatus.APPROVED, datetime.date(2022, 6, 6),
              Decimal("350"), Decimal("350"), "本人患慢性病丧失劳动能力，家庭无其他收入来源。"),
        Story("西谷庄村", ApplicationStatus.IN_NOTICE,
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


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A moment of a demo day, in the platform's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@contextmanager
def _on(day: datetime.date, hour: int = 10) -> Iterator[datetime.datetime]:
    """The platform's clock set to a moment of a demo day (the services read the time only
    through `clock.now`), so that each step's own rules of time hold as
    they did that day: a 公示 starts no earlier than today, an application is submitted only
    after its 公示 has run, an objection arrives while it runs."""
    moment = at(day, hour)
    with clock.set_to(moment):
        yield moment


def _flow(
    story: Story, person: Person, village: Unit, staff: Staff, dibao: Programme
) -> Application:
    """One application through `services.applications`, each step on its day: received by the
    village's clerk, investigated at home by the clerk and the subdistrict's officer four days
    later, 初审 by the subdistrict six days after that with a 公示 of the programme's days
    (at least seven) from the next day, the objection of the first story checked and
    dismissed, submitted the day after the 公示 and decided by 区民政局. The records the
    services stamp with today are dated afterwards as their days tell."""
    standard = dibao.income_standard_yuan or Decimal("0")
    day = story.received
    days = datetime.timedelta
    clerk = staff.village.get(village.pk, staff.subdistrict)
    sub = staff.subdistrict
    size = _household_size(person, day)
    moments: list[datetime.datetime] = []  # one step of the timeline per service call
    with _on(day, 9) as moment:
        application = applications.receive(
            by=clerk,
            programme=dibao,
            applicant=person,
            unit=village,
            received_on=day,
            household_size=size,
            monthly_income_yuan=story.per_head * size,
            reason=story.reason,
            is_demo=True,
        )
        moments.append(moment)
    with _on(day + days(4), 17) as moment:
        investigation = applications.record_investigation(
            application,
            by=clerk,
            investigated_on=day + days(4),
            first_investigator=clerk,
            second_investigator=sub,
            findings=(
                f"家庭共{size}人，住房为自建平房，无机动车辆。"
                f"申报月收入{application.monthly_income_yuan}元，主要为务农和零工收入。"
            ),
            verified_income_yuan=application.monthly_income_yuan,
        )
        moments.append(moment)
    with _on(day + days(10)) as moment:
        applications.preliminary_review(
            application,
            by=sub,
            passed=True,
            note="家庭收入、财产状况基本属实，同意公示。",
            notice_starts_on=day + days(11),
        )
        moments.append(moment)
    notice = Notice.objects.get(application=application)
    if story.objection:
        content, handling = OBJECTION
        with _on(day + days(13), 15) as moment:
            objection = applications.record_objection(
                notice, by=sub, content=content, raised_by="本村村民（匿名）",
                received_on=day + days(13),
            )  # fmt: skip
            moments.append(moment)
        with _on(day + days(15)) as moment:
            applications.check_objection(objection, by=sub, handling=handling, sustained=False)
            moments.append(moment)
        Objection.objects.filter(pk=objection.pk).update(recorded_at=at(day + days(13), 15))
    if story.outcome != ApplicationStatus.IN_NOTICE:
        with _on(notice.ends_on + days(1)) as moment:
            applications.submit_application(
                application, by=sub, note="公示期满无异议，报区民政局审批。"
            )
            moments.append(moment)
        decided_on = day + days(DECIDED_AFTER_DAYS)
        note = _decision(story, standard)
        with _on(decided_on) as moment:
            if story.outcome == ApplicationStatus.APPROVED:
                applications.approve_application(
                    application,
                    by=staff.minzhengju,
                    enrol_from=add_months(decided_on.replace(day=1), 1),
                    note=note,
                    amount_yuan=standard - story.per_head,
                )
            else:
                applications.refuse_application(application, by=staff.minzhengju, reasons=note)
            moments.append(moment)
    Application.objects.filter(pk=application.pk).update(created_at=at(day, 9))
    Investigation.objects.filter(pk=investigation.pk).update(recorded_at=moments[1])
    Notice.objects.filter(pk=notice.pk).update(created_at=moments[2])
    steps = list(application.steps.order_by("pk"))
    for step, moment in zip(steps, moments, strict=True):
        step.at = moment
    ApplicationStep.objects.bulk_update(steps, ["at"])
    application.refresh_from_db()
    return application


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
    units = {unit.name: unit for unit in villages}
    taken: set[int] = set()
    memberships = []
    for story in _stories(today):
        village = units.get(story.village) or villages[0]
        person = _applicant(village, story.received, taken, poor)
        if person is None:
            continue
        taken.add(person.pk)
        application = _flow(story, person, village, staff, dibao)
        if application.status == ApplicationStatus.APPROVED and application.enrol_from:
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
