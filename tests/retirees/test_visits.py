"""Monthly visits to retirees on the 特困, 孤寡 and 重病 lists: due and overdue on the workbench,
refused for someone on no list, counted per community by `taizhang stats retirees`."""

import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from taizhang.core.access import SYSTEM
from taizhang.people.models import Group
from taizhang.people.services.groups import add_to_group
from taizhang.retirees.models import RetireeVisit
from taizhang.retirees.services.confirmations import record_confirmation
from taizhang.retirees.services.visits import record_visit
from tests.conftest import client_for
from tests.walker import tiny_png

D = datetime.date


VISIT_DAY = D(2026, 6, 10)


def visit(retiree, by, day=VISIT_DAY):
    return record_visit(retiree, by=by, visited_on=day, visitors="网格员", findings="一切正常")


def todo(user):
    response = client_for(user).get("/api/v1/todo")
    assert response.status_code == 200
    return response.json()["items"]


def test_a_visit_to_someone_on_no_list_is_refused_and_nothing_changes(retirees, people):
    with pytest.raises(ValidationError, match="not on a visit list"):
        visit(retirees.wang, people.xwz_officer)
    assert not RetireeVisit.objects.exists()
    # Before joining the list the day of the visit is refused too.
    with pytest.raises(ValidationError, match="not on a visit list"):
        visit(retirees.zhao, people.xwz_officer, D(2024, 12, 20))


def test_a_listed_retiree_is_due_then_overdue_on_the_workbench_until_visited(
    retirees, people, set_day
):
    items = [i for i in todo(people.xwz_officer) if i["module"] == "retirees"]
    overdue = [i for i in items if i["kind"] == "visit_overdue"]
    assert [i["title"] for i in overdue] == ["赵孤寡"]  # on the list last month, not visited
    assert overdue[0]["url"] == f"/retirees/visits/new/?retiree={retirees.zhao.pk}"
    visit(retirees.zhao, people.xwz_officer)
    kinds = {i["kind"] for i in todo(people.xwz_officer) if i["title"] == "赵孤寡"}
    assert "visit_overdue" not in kinds and "visit_due" not in kinds
    set_day(D(2026, 7, 2))
    kinds = {i["kind"] for i in todo(people.xwz_officer) if i["title"] == "赵孤寡"}
    assert "visit_due" in kinds  # a new month: due again, not overdue
    # 塔儿村's officer sees none of 西王庄村's retirees.
    assert not [i for i in todo(people.taer_officer) if i["title"] in ("赵孤寡", "王退休")]


def test_the_visit_form_records_a_visit_with_a_photo(retirees, people):
    client = client_for(people.xwz_officer)
    page = client.get(f"/retirees/visits/new/?retiree={retirees.zhao.pk}")
    assert page.status_code == 200
    response = client.post(
        "/retirees/visits/new/",
        {
            "retiree": retirees.zhao.pk,
            "visited_on": "2026-06-12",
            "visitors": "网格员 小李",
            "findings": "腿脚不便，需要助餐",
            "follow_up": "联系助餐点",
            "photos": tiny_png(),
        },
    )
    visit = RetireeVisit.objects.get()
    assert response.status_code == 302 and response["Location"] == visit.get_absolute_url()
    detail = client.get(visit.get_absolute_url())
    assert "腿脚不便" in detail.content.decode()
    refused = client.post(
        "/retirees/visits/new/",
        {"retiree": retirees.wang.pk, "visited_on": "2026-06-12", "visitors": "x", "findings": "y"},
    )
    assert refused.status_code == 200 and "not on a visit list" in refused.content.decode()
    assert RetireeVisit.objects.count() == 1


def test_the_stats_command_counts_per_community(retirees, people):
    add_to_group(
        retirees.li.person, Group.objects.get(code="dabing"), by=SYSTEM, started_on=D(2026, 1, 1)
    )
    record_confirmation(
        retirees.wang, by=SYSTEM, confirmed_on=D(2025, 6, 20), method="app", confirmed_by="本人"
    )
    visit(retirees.zhao, SYSTEM)
    out = io.StringIO()
    call_command("stats", "retirees", "--format", "json", "--on", "2026-06-15", stdout=out)
    data = json.loads(out.getvalue())
    assert {key: data[key] for key in ("retirees", "due", "overdue")} == {
        "retirees": 3,
        "due": 1,  # 王 (2026-06-20)
        "overdue": 2,  # 赵 and 李, never confirmed since retiring long ago
    }
    assert (data["visits_planned"], data["visits_done"]) == (2, 1)
    by_unit = {row["unit"]: row for row in data["communities"]}
    assert by_unit["西王庄村"] == {
        "unit": "西王庄村",
        "code": "140213001201",
        "retirees": 2,
        "due": 1,
        "overdue": 1,
        "visits_planned": 1,
        "visits_done": 1,
    }
    assert by_unit["塔儿村"]["visits_planned"] == 1 and by_unit["塔儿村"]["visits_done"] == 0
    out = io.StringIO()
    call_command("stats", "retirees", "--format", "text", "--user", "taer", stdout=out)
    assert "塔儿村" in out.getvalue() and "西王庄村" not in out.getvalue()


def test_the_stats_figures_cost_a_fixed_number_of_queries(retirees, django_assert_num_queries):
    from taizhang.retirees.stats import figures

    with django_assert_num_queries(1):
        figures(None, on=D(2026, 6, 15))


def test_the_workbench_provider_counts_in_one_query_and_reads_items_per_kind(
    retirees, district, people, django_assert_max_num_queries
):
    from taizhang.core.roles import Role
    from taizhang.retirees.workbench import todo
    from tests.factories import make_user

    assert todo(people.leader, D(2026, 6, 15), 8) == []  # reads, writes nothing
    elsewhere = make_user("bds", Role.UNIT_OFFICER, unit=district.baidengshan)
    elsewhere.role_names, elsewhere.unit  # noqa: B018 (read once per request)
    with django_assert_max_num_queries(1):
        assert [batch.total for batch in todo(elsewhere, D(2026, 6, 15), 8)] == [0, 0, 0, 0]
    batches = todo(people.xwz_officer, D(2026, 6, 15), 8)
    totals = {batch.kind: batch.total for batch in batches}
    assert totals == {
        "visit_overdue": 1,
        "visit_due": 0,
        "confirmation_overdue": 2,
        "confirmation_due": 0,
    }
