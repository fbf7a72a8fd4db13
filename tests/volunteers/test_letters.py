"""Responsibility letters: the target list, signed / refused / pending, and the rate."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from taizhang.volunteers import queries, services
from taizhang.volunteers.models import LetterTarget, TargetState
from tests.factories import make_household, make_organisation
from tests.volunteers.conftest import signature

pytestmark = pytest.mark.django_db

DUTIES = "做好自身健康状况监测\n遵守防疫相关规定\n做好公共区域消毒工作"


@pytest.fixture
def letters(world):
    world.letters = services.create_letter_campaign(
        by=world.organiser,
        unit=world.league,
        places=[world.wenxing],
        title="文兴社区疫情防控责任书",
        duties=DUTIES,
        campaign=world.campaign,
        starts_on=datetime.date(2022, 1, 15),
        ends_on=datetime.date(2022, 2, 20),
    )
    world.property = make_organisation(world.wenxing, "文兴物业", kind="property_manager")
    world.shop = make_organisation(world.wenxing, "文兴超市")
    world.team = services.create_team(by=world.organiser, unit=world.league, name="第一分队")
    world.targets = [
        services.add_target(world.letters, by=world.organiser, organisation=org, team=world.team)
        for org in (world.property, world.shop)
    ]
    return world


def test_the_duties_are_numbered(letters):
    assert letters.letters.numbered_duties()[2] == "3. 做好公共区域消毒工作"


def test_it_refuses_a_target_of_another_community(letters):
    foreign = make_organisation(letters.district.taer, "塔儿村商店")
    with pytest.raises(ValidationError) as error:
        services.add_target(letters.letters, by=letters.organiser, organisation=foreign)
    assert "塔儿村" in str(error.value)
    assert LetterTarget.objects.count() == 2


def test_it_refuses_a_household_in_another_community(letters):
    household = make_household(letters.district.taer, "TE-1")
    with pytest.raises(ValidationError):
        services.add_target(letters.letters, by=letters.organiser, household=household)


def test_it_refuses_a_letter_marked_signed_without_a_date(letters):
    target = letters.targets[0]
    with pytest.raises(ValidationError) as error:
        services.sign_target(
            target,
            by=letters.wenxing_officer,
            signed_on=None,
            signed_by="吴经理",
            signature=signature(),
        )
    assert "signed_on" in error.value.message_dict
    target.refresh_from_db()
    assert target.state == TargetState.PENDING


def test_the_rate_is_computed_from_the_list(letters):
    first, second = letters.targets
    services.sign_target(
        first,
        by=letters.wenxing_officer,
        signed_on=datetime.date(2022, 1, 18),
        signed_by="吴经理",
        signature=signature(),
    )
    [row] = queries.letter_rows(None, year=2022)
    assert (row.targets, row.signed, row.rate) == (2, 1, 0.5)
    services.refuse_target(second, by=letters.organiser, reason="店主不在")
    assert queries.letter_rows(None, year=2022)[0].rate == 0.5
    services.sign_target(
        second,
        by=letters.wenxing_officer,
        signed_on=datetime.date(2022, 1, 19),
        signed_by="店主",
        signature=signature(),
    )
    [row] = queries.letter_rows(None, year=2022)
    assert row.rate == 1.0
    [team] = queries.letter_rates_by(None, letters.letters, "team__name")
    assert team["rate"] == 1.0


def test_the_reminder_list_is_the_pending_targets(letters):
    services.sign_target(
        letters.targets[0], by=letters.wenxing_officer, signed_on=datetime.date(2022, 1, 18),
        signed_by="吴经理", signature=signature(),
    )  # fmt: skip
    assert list(queries.pending_targets(LetterTarget.objects.all())) == [letters.targets[1]]
