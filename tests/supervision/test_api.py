"""The supervision API: items, actions, extensions, reopening and the scorecard, scoped like
the pages: another village's officer gets 404, the leader 403 on writes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.supervision.models import Assignment, SupervisionItem
from tests.conftest import client_for
from tests.supervision.conftest import DEADLINE

pytestmark = pytest.mark.django_db
API = "/api/v1/supervision"


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_an_officer_lists_the_items_assigned_to_their_unit(district, people, make_item):
    mine = make_item(district.taer)
    make_item(district.guchengcun)
    body = client_for(people.taer_officer).get(f"{API}/items").json()
    assert body["count"] == 1
    [item] = body["results"]
    assert item["id"] == mine.pk and item["light"] == "green"
    [assignment] = item["assignments"]
    assert assignment["unit"]["name"] == "塔儿村"
    assert [a["action"] for a in assignment["actions"]] == ["accept", "return"]


def test_the_item_list_takes_a_constant_number_of_queries(district, people, make_item):
    client = client_for(people.office)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{API}/items?overdue=false").status_code == 200
        return len(queries)

    for _ in range(3):
        make_item(district.taer, district.xiwangzhuang)
    few = count()
    for _ in range(20):
        make_item(district.taer, district.xiwangzhuang)
    assert count() == few


def test_the_office_creates_an_item_about_a_record(district, people, clock):
    response = post(
        client_for(people.office),
        f"{API}/items",
        {
            "title": "协调用地",
            "supervisor_unit_id": district.fagaiju.pk,
            "unit_ids": [district.taer.pk, district.xiwangzhuang.pk],
            "deadline": "2022-07-15",
            "subject": f"core.unit.{district.xiaonantou.pk}",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["subject"] == f"core.unit.{district.xiaonantou.pk}"
    assert len(body["assignments"]) == 2


def test_creating_with_a_unit_the_caller_may_not_see_is_refused(district, people, clock):
    response = post(
        client_for(people.xwz_officer),
        f"{API}/items",
        {
            "title": "x",
            "supervisor_unit_id": district.xiwangzhuang.pk,
            "unit_ids": [district.taer.pk],
            "deadline": "2022-07-15",
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "unit_ids", "message": "No such unit."}]
    assert not SupervisionItem.objects.exists()


def test_the_assigned_unit_and_the_office_run_the_flow_through_the_api(district, people, make_item):
    assignment = make_item().assignments.get()
    url = f"{API}/assignments/{assignment.pk}/actions"
    taer, office = client_for(people.taer_officer), client_for(people.office)
    for client, action in ((taer, "accept"), (taer, "start")):
        assert post(client, url, {"action": action}).status_code == 200
    response = post(taer, url, {"action": "report"})
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "note", "message": "Give a reason."}]
    post(taer, url, {"action": "report", "note": "已完成"})
    post(office, url, {"action": "approve"})
    body = post(office, url, {"action": "close"}).json()
    assert body["state"] == "closed" and body["light"] == ""
    assert [e["action"] for e in body["events"]][-2:] == ["approve", "close"]
    assert client_for(people.office).get(f"{API}/items/{assignment.item_id}").json()["closed_at"]


def test_an_extension_is_asked_and_decided_through_the_api(district, people, make_item):
    assignment = make_item().assignments.get()
    until = (DEADLINE + datetime.timedelta(days=7)).isoformat()
    response = post(
        client_for(people.taer_officer),
        f"{API}/assignments/{assignment.pk}/extensions",
        {"until": until, "reason": "材料未到"},
    )
    assert response.status_code == 201
    extension_id = response.json()["id"]
    leader = post(
        client_for(people.leader), f"{API}/extensions/{extension_id}/decision", {"approve": True}
    )
    assert leader.status_code == 403
    decided = post(
        client_for(people.office), f"{API}/extensions/{extension_id}/decision", {"approve": True}
    )
    assert decided.json()["status"] == "approved"
    assert Assignment.objects.get().deadline.isoformat() == until


def test_the_scorecard_endpoint(district, people, make_item):
    make_item(district.taer)
    make_item(district.xiwangzhuang)
    rows = client_for(people.office).get(f"{API}/scorecard").json()
    assert {(r["unit_name"], r["open"], r["overdue"], r["median_days"]) for r in rows} == {
        ("塔儿村", 1, 0, None),
        ("西王庄村", 1, 0, None),
    }
    assert client_for(people.xwz_officer).get(f"{API}/scorecard?flow=coordination").json() == [
        {
            "unit_id": district.xiwangzhuang.pk,
            "unit_name": "西王庄村",
            "open": 1,
            "overdue": 0,
            "closed": 0,
            "total": 1,
            "median_days": None,
        }
    ]


def test_the_officer_of_another_village_gets_404_on_every_taer_endpoint(
    district, people, make_item
):
    item = make_item()
    assignment = item.assignments.get()
    extension = client_for(people.taer_officer).post(
        f"{API}/assignments/{assignment.pk}/extensions",
        {"until": "2022-07-30", "reason": "r"},
        content_type="application/json",
    )
    xwz = client_for(people.xwz_officer)
    assert xwz.get(f"{API}/items/{item.pk}").status_code == 404
    assert xwz.get(f"{API}/assignments/{assignment.pk}").status_code == 404
    for url, data in (
        (f"{API}/assignments/{assignment.pk}/actions", {"action": "accept"}),
        (f"{API}/assignments/{assignment.pk}/extensions", {"until": "2022-08-01", "reason": "r"}),
        (f"{API}/assignments/{assignment.pk}/reopen", {"reason": "r"}),
        (f"{API}/items/{item.pk}/reopen", {"reason": "r"}),
        (f"{API}/items/{item.pk}/assignments", {"unit_id": district.xiwangzhuang.pk}),
        (f"{API}/extensions/{extension.json()['id']}/decision", {"approve": True}),
    ):
        assert post(xwz, url, data).status_code == 404, url
    assert xwz.get(f"{API}/items").json()["count"] == 0
    assert Assignment.objects.get().state == "assigned"


def test_the_leader_reads_every_item_but_may_not_write(district, people, make_item):
    item = make_item()
    assignment = item.assignments.get()
    leader = client_for(people.leader)
    assert leader.get(f"{API}/items/{item.pk}").status_code == 200
    assert (
        post(leader, f"{API}/assignments/{assignment.pk}/actions", {"action": "accept"}).status_code
        == 403
    )
    assert post(leader, f"{API}/items/{item.pk}/reopen", {"reason": "r"}).status_code == 403
    response = post(
        leader,
        f"{API}/items",
        {
            "title": "x",
            "supervisor_unit_id": district.fagaiju.pk,
            "unit_ids": [district.taer.pk],
            "deadline": "2022-07-15",
        },
    )
    assert response.status_code == 403
