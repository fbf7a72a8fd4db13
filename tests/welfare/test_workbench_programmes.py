"""Candidates to confirm on the workbench: per programme of the officer's own unit, counted in
the database in a fixed number of queries."""

import datetime

from taizhang.core import workbench as core_workbench
from taizhang.core.access import SYSTEM
from taizhang.welfare.models import Programme
from taizhang.welfare.services import enrolments
from taizhang.welfare.workbench import programmes as workbench
from tests.factories import make_person
from tests.welfare.conftest import CYCLE_DAY


def test_the_owner_units_officer_sees_how_many_candidates_wait(
    district, people, villagers, allowance
):
    enrolments.enrol(allowance, villagers.wang, by=SYSTEM, started_on=CYCLE_DAY)
    [batch] = workbench.todo(people.xwz_officer, CYCLE_DAY, 8)
    assert batch.total == 1  # 赵奶奶; 王老汉 is enrolled, 孙大 is 59
    [item] = batch.items
    assert item.title == allowance.name
    assert item.url.endswith(f"/welfare/programmes/{allowance.pk}/candidates/")


def test_officers_of_other_units_and_programmes_by_application_show_nothing(
    district, people, villagers, allowance
):
    assert workbench.todo(people.taer_officer, CYCLE_DAY, 8) == []
    assert workbench.todo(people.subdistrict_officer, CYCLE_DAY, 8) == []
    assert workbench.todo(people.leader, CYCLE_DAY, 8) == []
    Programme.objects.filter(pk=allowance.pk).update(needs_application=True)
    assert workbench.todo(people.xwz_officer, CYCLE_DAY, 8) == []


def test_the_count_takes_a_fixed_number_of_queries_whatever_the_programmes(
    district, people, villagers, allowance, django_assert_max_num_queries
):
    for index in range(10):
        Programme.objects.create(
            name=f"补贴{index}",
            owner=district.xiwangzhuang,
            kind="cash_monthly",
            starts_on=datetime.date(2021, 1, 1),
            min_age=50 + index,
            min_household_size=1,
        ).groups.add(villagers.dibao)
    for index in range(10):
        make_person(district.xiwangzhuang, f"老人{index}", born="1940-01-01")
    with django_assert_max_num_queries(6):
        [batch] = workbench.todo(people.xwz_officer, CYCLE_DAY, 8)
    assert batch.total == 12 + 10  # the allowance's 12, and 赵奶奶 (低保) in each of the ten


def test_the_workbench_shows_the_batch(district, people, villagers, allowance):
    bench = core_workbench.collect(people.xwz_officer, CYCLE_DAY)
    assert "welfare_candidates" in [group.kind for group in bench.groups]
    assert not bench.notices
