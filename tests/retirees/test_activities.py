"""Activities and outreach campaigns of a community for its retirees: the attendance from the
community's roster, the people reached, photos; refused with nothing written when someone
off the roster attends, the count is below the attendance or the day is to come."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.core.access import SYSTEM
from taizhang.core.models import Attachment
from taizhang.retirees.models import Activity, ActivityAttendance
from taizhang.retirees.services.activities import record_activity
from tests.conftest import client_for
from tests.walker import tiny_png

D = datetime.date
CAMPAIGN = "企业退休人员社会化管理宣传活动"


def talk(retirees, unit, attendees, **changes):
    fields = {
        "kind": "health_talk",
        "title": "冬季养生讲座",
        "held_on": D(2026, 6, 10),
        "attendees": attendees,
    }
    fields.update(changes)
    return record_activity(by=SYSTEM, unit=unit, **fields)


def test_an_activity_is_recorded_from_its_form_with_attendance_and_a_photo(
    district, retirees, people
):
    client = client_for(people.xwz_officer)
    page = client.get(f"/retirees/activities/new/?unit={district.xiwangzhuang.pk}")
    assert page.status_code == 200 and "王退休" in page.content.decode()
    response = client.post(
        "/retirees/activities/new/",
        {
            "unit": district.xiwangzhuang.pk,
            "kind": "publicity",
            "title": "社会化管理政策宣传",
            "campaign": CAMPAIGN,
            "held_on": "2026-06-12",
            "place": "村委会",
            "attendees": [retirees.wang.pk, retirees.zhao.pk],
            "reached": "35",
            "photos": tiny_png(),
        },
    )
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == activity.get_absolute_url()
    assert activity.reached == 35 and activity.campaign == CAMPAIGN
    assert set(activity.attendees.all()) == {retirees.wang, retirees.zhao}
    assert Attachment.objects.count() == 1
    detail = client.get(activity.get_absolute_url()).content.decode()
    assert "王退休" in detail and "赵孤寡" in detail
    listed = client.get("/retirees/activities/").content.decode()
    assert "社会化管理政策宣传" in listed


def test_without_a_count_the_attendance_is_the_people_reached(district, retirees):
    activity = talk(retirees, district.xiwangzhuang, [retirees.wang, retirees.zhao])
    assert activity.reached == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"attendees": "li"}, "not on this community's roster"),
        ({"attendees": "wang-twice"}, "listed twice"),
        ({"reached": 1}, "fewer than the 2 retirees attending"),
        ({"held_on": D(2026, 6, 16)}, "before it is held"),
        ({"attendees": "none", "reached": 0}, "reaches someone"),
    ],
)
def test_a_bad_activity_is_refused_and_nothing_is_written(district, retirees, changes, message):
    attendees = {
        "li": [retirees.wang, retirees.li],
        "wang-twice": [retirees.wang, retirees.wang],
        "none": [],
    }.get(changes.pop("attendees", None), [retirees.wang, retirees.zhao])
    with pytest.raises(ValidationError, match=message):
        talk(retirees, district.xiwangzhuang, attendees, **changes)
    assert not Activity.objects.exists() and not ActivityAttendance.objects.exists()


def test_another_villages_officer_neither_sees_nor_records_xiwangzhuangs_activities(
    district, retirees, people
):
    activity = talk(retirees, district.xiwangzhuang, [retirees.wang])
    client = client_for(people.taer_officer)
    assert client.get(activity.get_absolute_url()).status_code == 404
    assert "冬季养生讲座" not in client.get("/retirees/activities/").content.decode()
    response = client.post(
        "/retirees/activities/new/",
        {
            "unit": district.xiwangzhuang.pk,
            "kind": "study",
            "title": "越权",
            "held_on": "2026-06-12",
            "attendees": [retirees.wang.pk],
        },
    )
    assert response.status_code == 200 and Activity.objects.count() == 1
    assert client_for(people.leader).get("/retirees/activities/new/").status_code == 403


def test_the_activity_list_costs_the_same_queries_for_one_or_many(district, retirees, people):
    client = client_for(people.xwz_officer)
    talk(retirees, district.xiwangzhuang, [retirees.wang])

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/retirees/activities/").status_code == 200
        return len(captured)

    one = count()
    for day in range(1, 10):
        talk(
            retirees, district.xiwangzhuang, [retirees.wang, retirees.zhao], held_on=D(2026, 5, day)
        )
    assert count() == one


def test_the_dashboard_counts_per_community_lists_confirmations_visits_and_activities(
    district, retirees, people
):
    talk(retirees, district.xiwangzhuang, [retirees.wang, retirees.zhao], reached=30)
    talk(retirees, district.taer, [retirees.li], campaign=CAMPAIGN)
    client = client_for(people.subdistrict_officer)
    page = client.get("/retirees/dashboard/?year=2026").content.decode()
    assert 'data-figure="activities"' in page
    row = page.split(f'data-community="{district.xiwangzhuang.code}"')[1].split("</tr>")[0]
    cells = [cell.split("<")[0] for cell in row.split("<td>")[1:]]
    # 西王庄村: 2 retirees; 赵孤寡 on 孤寡; one visit planned, none done; 1 activity, 30 reached.
    assert cells[0] == "西王庄村" and cells[1] == "2"
    assert cells[-4:] == ["1", "0", "1", "30"]
    assert "1" in cells[2:-6]  # a special list counts 赵孤寡
    mine = client_for(people.xwz_officer).get("/retirees/dashboard/").content.decode()
    assert f'data-community="{district.taer.code}"' not in mine
    stats = client.get(f"/api/v1/retirees/stats?unit={district.taer.pk}").json()
    assert [row["unit"] for row in stats["communities"]] == ["塔儿村"]
    assert client.get("/retirees/dashboard/?year=x").status_code == 200


def test_the_api_records_and_lists_activities_in_scope(district, retirees, people):
    client = client_for(people.xwz_officer)
    payload = {
        "unit_id": district.xiwangzhuang.pk,
        "kind": "study",
        "title": "政策学习会",
        "held_on": "2026-06-11",
        "attendee_ids": [retirees.wang.pk],
        "reached": 8,
    }
    response = client.post("/api/v1/retirees/activities", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["attendee_ids"] == [retirees.wang.pk]
    stranger = {**payload, "attendee_ids": [retirees.li.pk]}  # 塔儿村's: not seen
    response = client.post("/api/v1/retirees/activities", stranger, content_type="application/json")
    assert response.status_code == 404 and Activity.objects.count() == 1
    listed = client_for(people.taer_officer).get("/api/v1/retirees/activities").json()
    assert listed["results"] == []
