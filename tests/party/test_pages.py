import datetime

import pytest

from taizhang.core.access import SYSTEM
from taizhang.party.models import Area, Attendance, Meeting, MeetingKind
from taizhang.party.services import projects
from taizhang.party.services.meetings import record_meeting
from tests.conftest import client_for
from tests.party.conftest import at


def test_an_officer_records_a_theme_day_with_attendance_from_the_roster(party, people):
    client = client_for(people.xwz_officer)
    page = client.get(f"/party/orgs/{party.xwz.pk}/meetings/new/?kind=theme_day")
    assert page.status_code == 200 and "王书记" in page.content.decode()
    present = [p.pk for p in party.xwz_people[:4]]
    absent = party.xwz_people[4]
    response = client.post(
        f"/party/orgs/{party.xwz.pk}/meetings/new/",
        {
            "kind": MeetingKind.THEME_DAY,
            "topic": "重温入党誓词",
            "held_at": "2022-06-15T09:00",
            "place": "党员活动室",
            "chair": party.xwz_people[0].pk,
            "recorder": party.xwz_people[1].pk,
            "present": present,
            f"reason_{absent.pk}": "外出务工",
            "agenda": "重温入党誓词",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/party/meetings/{meeting.pk}/"
    assert (meeting.expected, meeting.present) == (5, 4)
    assert Attendance.objects.get(meeting=meeting, present=False).absence_reason == "外出务工"


def test_a_decision_passed_without_quorum_is_refused_on_the_form(party, people):
    client = client_for(people.xwz_officer)
    response = client.post(
        f"/party/orgs/{party.xwz.pk}/meetings/new/",
        {
            "kind": MeetingKind.GENERAL,
            "topic": "党员大会",
            "held_at": "2022-06-10T09:00",
            "place": "党员活动室",
            "chair": party.xwz_people[0].pk,
            "recorder": party.xwz_people[1].pk,
            "present": [party.xwz_people[0].pk],
            "agenda": "表决",
            "decision": "通过方案",
            "decision_passed": "on",
        },
    )
    assert response.status_code == 200
    assert "quorum" in response.content.decode() or "法定" in response.content.decode()
    assert not Meeting.objects.exists()


def test_another_villages_officer_may_not_open_the_branch_or_its_form(party, people):
    client = client_for(people.taer_officer)
    assert client.get(f"/party/orgs/{party.xwz.pk}/").status_code == 404
    assert client.get(f"/party/orgs/{party.xwz.pk}/meetings/new/").status_code == 404


def test_the_lists_cost_the_same_queries_for_more_rows(
    party, people, django_assert_max_num_queries, district
):
    client = client_for(people.admin)
    for day in range(1, 4):
        record_meeting(
            party.xwz,
            by=SYSTEM,
            kind=MeetingKind.GROUP,
            topic="学习",
            held_at=at(datetime.date(2022, 5, day)),
            place="室",
            chair=party.xwz_people[0],
            recorder=party.xwz_people[1],
            present=party.xwz_people[:2],
        )
        projects.create_project(
            by=SYSTEM,
            year=2022,
            title=f"项目{day}",
            area=Area.GOVERNANCE,
            lead_unit=district.xiwangzhuang,
            party_org=party.xwz,
            responsible="王",
        )
    for url in ("/party/", "/party/meetings/", "/party/projects/", "/party/candidates/"):
        client.get(url)
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


def test_the_dashboard_and_its_data_render(party, people):
    client = client_for(people.admin)
    assert client.get("/party/dashboard/?year=2022").status_code == 200
    data = client.get("/party/dashboard/data.json?year=2022").json()
    assert {row["name"] for row in data["orgs"]} == {"西王庄村党支部", "塔儿村党支部"}


def test_the_workbench_lists_meetings_due_and_missed(party, people):
    items = client_for(people.xwz_officer).get("/api/v1/todo?module=party").json()["items"]
    kinds = {item["kind"] for item in items}
    assert {"party_meeting_due", "party_meeting_missed"} <= kinds
    assert all("西王庄村党支部" in item["title"] for item in items)
    assert any(item["url"].endswith("?kind=theme_day") for item in items)


@pytest.mark.parametrize("url", ["/party/showcase/999/", "/party/showcase/999/photos/1/"])
def test_an_unpublished_or_missing_showcase_is_not_found_for_anyone(client, url, district):
    assert client.get(url).status_code == 404


def test_the_public_showcase_names_only_what_the_organisation_publishes(party, people, client):
    from taizhang.party.models import Candidate, CandidateStatus
    from taizhang.party.services import showcase

    Candidate.objects.create(year=2021, org=party.xwz, status=CandidateStatus.NAMED, stars=4)
    entry = showcase.create_entry(
        by=people.xwz_officer,
        org=party.xwz,
        title="梨园水乡",
        body="学中干、干中学。",
        publish=True,
    )
    page = client.get(f"/party/showcase/{entry.pk}/").content.decode()
    assert "西王庄村党支部" in page and "王书记" in page  # the published name
    for person in party.xwz_people[1:]:
        assert person.name not in page
        assert person.id_number not in page and person.id_number[-4:] not in page


def test_an_entry_of_an_organisation_not_named_is_not_published(party, people):
    from django.core.exceptions import ValidationError

    from taizhang.party.services import showcase

    with pytest.raises(ValidationError):
        showcase.create_entry(
            by=people.xwz_officer, org=party.xwz, title="x", body="y", publish=True
        )


def test_a_party_lecture_is_recorded_with_its_lecturer_on_the_form(party, people):
    client = client_for(people.xwz_officer)
    secretary = party.xwz_people[0]
    response = client.post(
        f"/party/orgs/{party.xwz.pk}/meetings/new/",
        {
            "kind": MeetingKind.LECTURE,
            "topic": "书记讲党课",
            "held_at": "2022-06-01T09:00",
            "place": "党员活动室",
            "chair": party.xwz_people[1].pk,
            "recorder": party.xwz_people[1].pk,
            "lecturer": secretary.pk,
            "present": [p.pk for p in party.xwz_people],
            "agenda": "党课",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.lecturer == secretary
    assert secretary.name in client.get(f"/party/meetings/{meeting.pk}/").content.decode()
