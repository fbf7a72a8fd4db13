"""A year of welfare figures: 西王庄村's allowance paid in January 2022, Spring Festival goods
for four households of two villages, three collected (shared by the statistics and dashboard
tests)."""

import datetime
from decimal import Decimal

import pytest

from taizhang.welfare.models import (
    ConfirmationMethod,
    Cycle,
    CycleStatus,
    Enrolment,
    Entitlement,
    Handout,
    PaymentStatus,
)


def enrol(programme, person, household=None):
    return Enrolment.objects.create(
        programme=programme,
        person=person,
        household=household,
        started_on=datetime.date(2021, 1, 1),
        next_review_on=datetime.date(2021, 12, 31),
    )


def entitle(cycle, enrolment, amount=None, paid=False):
    person = enrolment.person
    return Entitlement.objects.create(
        cycle=cycle,
        programme=cycle.programme,
        enrolment=enrolment,
        person=person,
        household=enrolment.household,
        unit=person.unit,
        amount_yuan=amount,
        payment_status=PaymentStatus.PAID if paid else PaymentStatus.PENDING,
    )


@pytest.fixture
def year_2022(villagers, allowance, spring_goods):
    """西王庄村's allowance paid in January 2022 to 王老汉 (150) and 赵奶奶 (200, still to pay
    in February); Spring Festival goods for the four households, three collected."""
    wang, zhao = enrol(allowance, villagers.wang), enrol(allowance, villagers.zhao)
    january = Cycle.objects.create(
        programme=allowance, period=datetime.date(2022, 1, 1), status=CycleStatus.APPROVED
    )
    february = Cycle.objects.create(
        programme=allowance, period=datetime.date(2022, 2, 1), status=CycleStatus.APPROVED
    )
    entitle(january, wang, Decimal("150"), paid=True)
    entitle(january, zhao, Decimal("200"), paid=True)
    entitle(february, zhao, Decimal("200"))
    goods = Cycle.objects.create(
        programme=spring_goods, period=datetime.date(2022, 1, 25), status=CycleStatus.APPROVED
    )
    heads = [
        (villagers.wang, villagers.wang_household),
        (villagers.zhao, villagers.zhao_household),
        (villagers.sun, villagers.sun_household),
        (villagers.li, villagers.li_household),
    ]
    for index, (head, household) in enumerate(heads):
        entitlement = entitle(goods, enrol(spring_goods, head, household))
        if index < 3:
            Handout.objects.create(
                entitlement=entitlement, received_by=head.name, method=ConfirmationMethod.CODE
            )
    return villagers
