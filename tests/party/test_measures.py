"""Items scored from measures other modules keep of the members (core/modules.py
PeopleMeasure): volunteer hours served and welfare visits made in the year, per member against
the item's target; a measure of a module not installed is not offered. Clock: 2022-06-15."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from taizhang.core import modules
from taizhang.core.access import SYSTEM
from taizhang.party.forms.demonstration import source_choices
from taizhang.party.models import AutoSource, Score
from taizhang.party.services import demonstration
from taizhang.volunteers.models import (
    Campaign,
    ClaimState,
    HoursClaim,
    Participation,
    ParticipationState,
    Shift,
    Volunteer,
)
from taizhang.welfare.services import visits
from tests.factories import make_person
from tests.party.conftest import at

ITEMS = [
    demonstration.ItemIn("组织生活", Decimal(40), auto_source=AutoSource.MEETING_COMPLIANCE),
    demonstration.ItemIn(
        "志愿服务", Decimal(30), auto_source=AutoSource.MEMBERS_MEASURE,
        measure="volunteer_hours", target=Decimal(8),
    ),
    demonstration.ItemIn(
        "走访慰问", Decimal(20), auto_source=AutoSource.MEMBERS_MEASURE,
        measure="welfare_visits", target=Decimal(1),
    ),
    demonstration.ItemIn("班子建设", Decimal(10)),
]  # fmt: skip


@pytest.fixture
def nominee(party, people):
    demonstration.create_rubric(by=people.admin, year=2022, title="2022", items=ITEMS)
    return demonstration.nominate(party.xwz, by=people.subdistrict_officer, year=2022)


def served(person, unit, hours_by_day):
    volunteer = Volunteer.objects.create(person=person, number=f"V{person.pk}")
    campaign = Campaign.objects.create(
        unit=unit, title="志愿服务", starts_on=datetime.date(2021, 1, 1),
        ends_on=datetime.date(2022, 12, 31),
    )  # fmt: skip
    for day, hours in hours_by_day:
        shift = Shift.objects.create(
            campaign=campaign, task="清扫", place=unit, starts_at=at(day, 8),
            ends_at=at(day, 8 + hours), needed=1, cap=2,
        )  # fmt: skip
        Participation.objects.create(
            shift=shift, volunteer=volunteer, state=ParticipationState.CONFIRMED,
            checked_in_at=at(day, 8), checked_out_at=at(day, 8 + hours), hours=Decimal(hours),
        )  # fmt: skip
    return volunteer, campaign


def score_of(title):
    return Score.objects.get(item__title=title)


def test_volunteer_hours_of_the_members_in_the_year_score_against_the_target(
    party, nominee, district
):
    secretary = party.xwz_people[0]
    volunteer, campaign = served(
        secretary, district.xiwangzhuang,
        [(datetime.date(2022, 3, 1), 10), (datetime.date(2022, 4, 1), 10),
         (datetime.date(2021, 5, 1), 10)],
    )  # fmt: skip
    HoursClaim.objects.create(
        campaign=campaign, volunteer=volunteer, starts_at=at(datetime.date(2022, 5, 1), 8),
        ends_at=at(datetime.date(2022, 5, 1), 12), hours=Decimal(4), description="补录",
        state=ClaimState.APPROVED,
    )  # fmt: skip
    HoursClaim.objects.create(
        campaign=campaign, volunteer=volunteer, starts_at=at(datetime.date(2022, 5, 2), 8),
        ends_at=at(datetime.date(2022, 5, 2), 12), hours=Decimal(4), description="待批",
    )  # fmt: skip
    outsider = make_person(district.xiwangzhuang, "非党员")
    served(outsider, district.xiwangzhuang, [(datetime.date(2022, 3, 2), 6)])
    demonstration.auto_score(nominee, by=SYSTEM)
    score = score_of("志愿服务")
    # 24 hours of 2022 (20 attended, 4 approved) by 5 members: 4.8 a member of 8 → 30 × 0.6.
    assert score.points == Decimal("18.00")
    assert "24.00" in score.evidence and "4.80" in score.evidence
    assert score.automatic and score.given_by is None


def test_welfare_visits_made_by_members_count_when_a_visitor_is_named(party, nominee, district):
    resident = make_person(district.xiwangzhuang, "困难户")
    elsewhere = make_person(district.taer, "塔儿困难户")
    make_person(district.taer, "王书记")  # a namesake of the secretary in another village
    for person, day, visitors in (
        (resident, datetime.date(2022, 1, 20), "王书记、李委员"),  # one visit, two members
        (resident, datetime.date(2022, 2, 1), "张党员 村委会"),
        (resident, datetime.date(2022, 2, 2), "王书记的妻子"),  # not the secretary
        (resident, datetime.date(2021, 12, 30), "王书记"),  # the year before
        (elsewhere, datetime.date(2022, 3, 1), "王书记"),  # 塔儿村's own 王书记
    ):
        visits.record_visit(person, by=SYSTEM, visited_on=day, visitors=visitors)
    demonstration.auto_score(nominee, by=SYSTEM)
    # Two visits by 5 members: 0.4 a member of 1 → 20 × 0.4.
    assert score_of("走访慰问").points == Decimal("8.00")


def test_the_measures_of_a_module_not_installed_are_not_offered(party, nominee, monkeypatch):
    kept = {key: module for key, module in modules._modules.items() if key != "volunteers"}
    monkeypatch.setattr(modules, "_modules", kept)
    offered = {value for value, _label in source_choices()}
    assert "measure:welfare_visits" in offered and "measure:volunteer_hours" not in offered
    with pytest.raises(ValidationError):
        demonstration.create_rubric(by=SYSTEM, year=2023, title="2023", items=ITEMS)
    demonstration.auto_score(nominee, by=SYSTEM)
    assert score_of("志愿服务").points == 0
