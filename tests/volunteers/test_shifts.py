"""Sign-up, decisions, attendance and hours (the services)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from taizhang.core.models import AuditEntry
from taizhang.people.models import Person
from taizhang.volunteers import services
from taizhang.volunteers.models import (
    ClaimState,
    HoursClaim,
    Participation,
    ParticipationState,
    Volunteer,
)
from tests.volunteers.conftest import at, id_number, sign_up, wrong_check

pytestmark = pytest.mark.django_db


def test_a_sign_up_makes_a_person_and_volunteer_once_and_requests_the_shift(world):
    [participation] = sign_up(world)
    assert participation.state == ParticipationState.REQUESTED
    volunteer = participation.volunteer
    assert volunteer.person.unit == world.wenxing
    assert volunteer.school == "山西大学"
    assert volunteer.number.startswith("V2022")
    other = services.add_shift(
        world.campaign, by=world.organiser, task="核酸预约", place=world.wenxing,
        starts_at=at("2022-01-21", 9), ends_at=at("2022-01-21", 11), needed=1, cap=1,
    )  # fmt: skip
    services.decline(participation)
    sign_up(world, shifts=[other])
    assert Person.objects.filter(id_number=id_number()).count() == 1
    assert Volunteer.objects.count() == 1


def test_it_refuses_a_wrong_id_check_character_and_writes_nothing(world):
    with pytest.raises(ValidationError) as error:
        sign_up(world, number=wrong_check(id_number()))
    assert "id_number" in error.value.message_dict
    assert not Person.objects.exists() and not Participation.objects.exists()


def test_it_refuses_a_second_sign_up_of_the_same_id_number(world):
    sign_up(world)
    with pytest.raises(ValidationError) as error:
        sign_up(world)
    assert "already signed up" in str(error.value)
    assert Participation.objects.count() == 1


def test_it_refuses_a_full_shift(world):
    sign_up(world, id_number(1))
    sign_up(world, id_number(3), name="李同学")
    with pytest.raises(ValidationError) as error:
        sign_up(world, id_number(5), name="王同学")
    assert "full" in str(error.value)
    assert Participation.objects.count() == 2


def test_it_refuses_a_name_that_disagrees_with_the_registry(world):
    sign_up(world)
    services.decline(Participation.objects.get())
    with pytest.raises(ValidationError):
        sign_up(world, name="冒名者")


def test_the_organiser_confirms_and_rejects_with_a_reason(world):
    [first] = sign_up(world, id_number(1))
    [second] = sign_up(world, id_number(3), name="李同学")
    services.confirm(first, by=world.organiser)
    with pytest.raises(ValidationError):
        services.reject(second, by=world.organiser, reason="  ")
    services.reject(second, by=world.organiser, reason="人数已够")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == ParticipationState.CONFIRMED
    assert second.state == ParticipationState.REJECTED and second.reason == "人数已够"
    assert AuditEntry.objects.filter(object_id=str(first.pk), action="update").exists()


def test_the_community_officer_organises_shifts_at_the_community(world):
    [participation] = sign_up(world)
    services.confirm(participation, by=world.wenxing_officer)


def test_an_officer_of_another_village_may_not_confirm(world):
    [participation] = sign_up(world)
    with pytest.raises(PermissionDenied):
        services.confirm(participation, by=world.people.xwz_officer)


def test_hours_come_from_check_in_and_out(world):
    [participation] = sign_up(world)
    services.confirm(participation, by=world.organiser)
    services.check_in(participation, by=world.organiser, at=at("2022-01-20", 9, 5))
    world.set_day(datetime.date(2022, 1, 21))
    done = services.check_out(participation, by=world.organiser, at=at("2022-01-20", 11, 50))
    assert done.hours == pytest.approx(2.75)


def test_it_refuses_check_out_before_check_in(world):
    [participation] = sign_up(world)
    services.confirm(participation, by=world.organiser)
    with pytest.raises(ValidationError):
        services.check_out(participation, by=world.organiser, at=at("2022-01-20", 9))
    services.check_in(participation, by=world.organiser, at=at("2022-01-20", 9, 30))
    with pytest.raises(ValidationError) as error:
        services.check_out(participation, by=world.organiser, at=at("2022-01-20", 9, 10))
    assert "after the check-in" in str(error.value)
    participation.refresh_from_db()
    assert participation.checked_out_at is None and participation.hours == 0


def test_it_refuses_a_check_in_of_a_request_not_confirmed(world):
    [participation] = sign_up(world)
    with pytest.raises(ValidationError):
        services.check_in(participation, by=world.organiser, at=at("2022-01-20", 9))


def test_it_refuses_overlapping_hours_of_one_person(world):
    other = services.add_shift(
        world.campaign, by=world.organiser, task="数据整理", place=world.wenxing,
        starts_at=at("2022-01-20", 10), ends_at=at("2022-01-20", 12), needed=1, cap=1,
    )  # fmt: skip
    first, second = sign_up(world, shifts=[world.shift, other])
    for participation in (first, second):
        services.confirm(participation, by=world.organiser)
    services.check_in(first, by=world.organiser, at=at("2022-01-20", 9))
    with pytest.raises(ValidationError) as error:
        services.check_in(second, by=world.organiser, at=at("2022-01-20", 9, 30))
    assert "overlap" in str(error.value)
    services.check_out(first, by=world.organiser, at=at("2022-01-20", 10))
    services.check_in(second, by=world.organiser, at=at("2022-01-20", 10))


def test_a_scan_of_the_shift_code_checks_in_then_out(world):
    [participation] = sign_up(world)
    services.confirm(participation, by=world.organiser)
    world.set_day(datetime.date(2022, 1, 20))  # 10:00
    assert services.scan(world.shift, id_number=id_number()).checked_in_at is not None
    with pytest.raises(ValidationError):
        services.scan(world.shift, id_number=id_number(7))


def test_missing_hours_are_approved_or_refused_with_a_reason(world):
    [participation] = sign_up(world)
    services.confirm(participation, by=world.organiser)
    world.set_day(datetime.date(2022, 1, 22))
    claim = services.claim_hours(
        participation, starts_at=at("2022-01-21", 14), ends_at=at("2022-01-21", 16),
        description="整理团体预约数据",
    )  # fmt: skip
    assert claim.hours == 2
    with pytest.raises(ValidationError):
        services.claim_hours(
            participation, starts_at=at("2022-01-21", 15), ends_at=at("2022-01-21", 17),
            description="重复",
        )  # fmt: skip
    with pytest.raises(ValidationError):
        services.decide_claim(claim, by=world.organiser, approve=False)
    services.decide_claim(claim, by=world.organiser, approve=True)
    assert HoursClaim.objects.get().state == ClaimState.APPROVED
