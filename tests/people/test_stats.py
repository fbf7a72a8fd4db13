"""`taizhang stats people` and GET /api/v1/people/stats: registered people by unit, group and
age band, counted in the database and scoped like every list."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from taizhang.core.modules import stats_subjects
from taizhang.people.models import Group, GroupMembership
from taizhang.people.services.persons import change_status
from tests.conftest import client_for
from tests.factories import make_person
from tests.people.conftest import API

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("stats", "people", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def registry(district, people, residents):
    """王大 (1950), 王小 (1990) in 西王庄村; 李二 (1940) and a child in 塔儿村, a dead man in
    塔儿村; 王大 and 李二 in 低保户, 李二's membership ended."""
    make_person(district.taer, "李小", born="2015-07-01")
    dead = make_person(district.taer, "李故", born="1930-01-01")
    change_status(dead, by=people.admin, status="deceased", on=datetime.date(2020, 1, 1))
    dibao = Group.objects.get(code="dibao")
    GroupMembership.objects.create(
        person=residents.wang, group=dibao, started_on=datetime.date(2020, 1, 1)
    )
    GroupMembership.objects.create(
        person=residents.li,
        group=dibao,
        started_on=datetime.date(2020, 1, 1),
        ended_on=datetime.date(2021, 1, 1),
    )


def bands(body):
    return {row["key"]: row["count"] for row in body["by_age_band"] + body["age_facts"]}


def test_both_modules_register_a_subject_of_the_stats_command():
    assert {"projects", "people"} <= set(stats_subjects())


def test_json_counts_registered_people_by_unit_group_and_age_band(registry):
    body = json.loads(run("--on", "2025-06-30", "--format", "json"))
    assert body["on"] == "2025-06-30" and body["total"] == 4
    assert {row["name"]: row["count"] for row in body["by_unit"]} == {"西王庄村": 2, "塔儿村": 2}
    groups = {row["key"]: row["count"] for row in body["by_group"]}
    assert groups["dibao"] == 1 and groups["tekun"] == 0
    assert bands(body) == {"0-17": 1, "18-59": 1, "60-79": 1, "80+": 1, "60+": 2}


def test_ages_are_taken_on_the_day_given(registry):
    # On 2020-06-30 王大 (born 1950-03-01) is 70, 李二 80; 李二 is a 低保户 member then.
    body = json.loads(run("--on", "2020-06-30"))
    assert bands(body)["80+"] == 1 and bands(body)["60-79"] == 1
    assert {row["key"]: row["count"] for row in body["by_group"]}["dibao"] == 2
    # 李小, born 2015, is not counted before her birth.
    assert json.loads(run("--on", "2014-01-01"))["total"] == 3


def test_with_a_user_it_counts_what_that_user_sees(registry):
    body = json.loads(run("--user", "xwz", "--on", "2025-06-30"))
    assert body["total"] == 2 and [row["name"] for row in body["by_unit"]] == ["西王庄村"]


def test_a_unit_code_counts_that_unit_and_the_units_below(district, registry):
    assert json.loads(run("--unit", district.taer.code))["total"] == 2
    assert json.loads(run("--unit", district.xiaonantou.code))["total"] == 4
    with pytest.raises(CommandError, match="NOPE"):
        run("--unit", "NOPE")


def test_an_unknown_user_is_refused(registry):
    with pytest.raises(CommandError, match="ghost"):
        run("--user", "ghost")


def test_text_says_the_figures_in_chinese(registry):
    text = run("--on", "2025-06-30", "--format", "text")
    assert "在册人员4人" in text and "西王庄村2人" in text and "低保户1人" in text


def test_the_counts_take_a_fixed_number_of_queries(
    district, registry, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4) as few:
        run()
    for index in range(10):
        make_person(district.taer, f"村民{index}", born=f"{1940 + index * 5}-01-01")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert json.loads(run())["total"] == 14


def test_the_api_gives_the_same_figures_scoped_to_the_caller(people, registry):
    body = client_for(people.taer_officer).get(f"{API}/stats", {"on": "2025-06-30"}).json()
    assert body["total"] == 2 and bands(body)["80+"] == 1
    everything = client_for(people.leader).get(f"{API}/stats", {"on": "2025-06-30"}).json()
    assert everything == json.loads(run("--on", "2025-06-30"))


def test_the_api_refuses_a_unit_the_caller_may_not_see(district, people, registry):
    response = client_for(people.taer_officer).get(
        f"{API}/stats", {"unit": district.xiwangzhuang.pk}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "unit"
