import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from taizhang.core.access import SYSTEM
from taizhang.party.models import Area, Milestone, ProjectStatus
from taizhang.party.services import projects
from taizhang.supervision.models import SupervisionItem


@pytest.fixture
def pear(party, district):
    project = projects.create_project(
        by=SYSTEM,
        year=2021,
        title="梨园水乡综合体",
        area=Area.COLLECTIVE_ECONOMY,
        lead_unit=district.xiwangzhuang,
        party_org=party.xwz,
        responsible="王书记",
    )
    return project


def test_indicator_values_are_kept_by_month_and_corrected_in_place(pear, people):
    indicator = projects.add_indicator(
        pear, by=people.xwz_officer, name="集体经济收入", unit="万元", target=Decimal(50)
    )
    projects.record_value(
        indicator, by=people.xwz_officer, month=datetime.date(2022, 3, 9), actual=Decimal(12)
    )
    projects.record_value(
        indicator, by=people.xwz_officer, month=datetime.date(2022, 3, 1), actual=Decimal(15)
    )
    assert list(indicator.values.values_list("month", "actual")) == [
        (datetime.date(2022, 3, 1), Decimal("15.00"))
    ]


def test_an_officer_of_another_village_may_not_write_the_project(pear, people):
    with pytest.raises(PermissionDenied):
        projects.add_milestone(
            pear, by=people.taer_officer, title="完成规划", due_on=datetime.date(2022, 9, 1)
        )


def test_a_milestone_is_met_only_with_evidence(pear, people):
    milestone = projects.add_milestone(
        pear, by=people.xwz_officer, title="完成规划", due_on=datetime.date(2022, 5, 1)
    )
    with pytest.raises(ValidationError):
        projects.meet_milestone(
            milestone, by=people.xwz_officer, done_on=datetime.date(2022, 4, 30), evidence=" "
        )
    projects.meet_milestone(
        milestone, by=people.xwz_officer, done_on=datetime.date(2022, 4, 30), evidence="规划批复"
    )
    assert Milestone.objects.get().done_on == datetime.date(2022, 4, 30)


def test_overdue_milestones_go_to_the_supervision_engine_once(pear, people, district):
    late = projects.add_milestone(
        pear, by=SYSTEM, title="完成招商", due_on=datetime.date(2022, 6, 1)
    )
    projects.add_milestone(pear, by=SYSTEM, title="开园", due_on=datetime.date(2022, 10, 1))
    handed = projects.supervise_overdue_milestones(by=SYSTEM)
    assert handed == [late]
    item = SupervisionItem.objects.get()
    assert item.flow == "party_milestone"
    assert item.supervisor_unit == district.pingcheng
    assert list(item.assignments.values_list("unit__name", flat=True)) == ["西王庄村"]
    assert projects.supervise_overdue_milestones(by=SYSTEM) == []


def test_a_project_is_not_finished_while_milestones_are_open(pear):
    projects.add_milestone(pear, by=SYSTEM, title="开园", due_on=datetime.date(2022, 10, 1))
    with pytest.raises(ValidationError):
        projects.set_status(
            pear, by=SYSTEM, status=ProjectStatus.FINISHED, finished_on=datetime.date(2022, 6, 1)
        )


def test_the_yearly_assessment_is_the_districts_and_once_a_year(pear, people):
    with pytest.raises(PermissionDenied):
        projects.assess_project(pear, by=people.xwz_officer, year=2021, grade="excellent")
    projects.assess_project(pear, by=people.admin, year=2021, grade="excellent")
    with pytest.raises(ValidationError):
        projects.assess_project(pear, by=people.admin, year=2021, grade="good")
