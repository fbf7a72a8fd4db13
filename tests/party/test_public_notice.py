"""The public page of a year's demonstration list under notice (公示): anyone reads it while the
notice runs (the organisations, their units and scores, the period, how to object), and nothing
of a person; before and after the notice it is not there."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from taizhang.party.services import demonstration
from tests.conftest import client_for

CONTACT = "区委组织部组织科，电话 0352-1234567，平城区政府大楼三层"


@pytest.fixture
def notice(party, people):
    rubric = demonstration.create_rubric(by=people.admin, year=2022, title="2022")
    xwz, _taer = (
        demonstration.nominate(org, by=people.subdistrict_officer, year=2022)
        for org in (party.xwz, party.taer)
    )
    manual = rubric.items.filter(auto_source="").first()
    demonstration.score_item(
        xwz, manual, by=people.admin, points=Decimal(14), evidence="王书记述职报告"
    )
    return demonstration.open_notice(
        by=people.admin,
        year=2022,
        starts_on=datetime.date(2022, 6, 16),
        ends_on=datetime.date(2022, 6, 20),
        candidates=[xwz],  # 塔儿村's branch stays a nominee, off the list
        text="2022年百家示范党组织拟命名名单公示",
        contact=CONTACT,
    )


def test_anyone_reads_the_list_while_the_notice_runs_and_no_person(notice, people, set_day):
    set_day(datetime.date(2022, 6, 16))
    response = Client().get("/party/showcase/notices/2022/")
    assert response.status_code == 200
    page = response.content.decode()
    assert ">西王庄村党支部</td>" in page and ">西王庄村</td>" in page  # organisation, unit
    assert ">14.00 <small>" in page  # the total
    assert "班子队伍建设 14.00/15；" in page  # the points by item
    assert "2022-06-16" in page and "2022-06-20" in page
    assert CONTACT in page
    assert "塔儿村党支部" not in page  # nominated, not on the list
    # No member, secretary, assessor or evidence (which may name one).
    for secret in ("王书记", "李委员", "王*", "述职报告", people.admin.username):
        assert secret not in page, secret


@pytest.mark.parametrize("day", [datetime.date(2022, 6, 15), datetime.date(2022, 6, 21)])
def test_the_page_is_not_there_before_or_after_the_notice(notice, set_day, day):
    set_day(day)
    assert Client().get("/party/showcase/notices/2022/").status_code == 404
    assert Client().get("/party/showcase/notices/2021/").status_code == 404
    assert "/party/showcase/notices/" not in Client().get("/party/showcase/").content.decode()


def test_the_showcase_and_the_demonstration_page_link_it_while_it_runs(notice, people, set_day):
    set_day(datetime.date(2022, 6, 18))
    assert "/party/showcase/notices/2022/" in Client().get("/party/showcase/").content.decode()
    officer = client_for(people.subdistrict_officer)
    assert "/party/showcase/notices/2022/" in officer.get("/party/candidates/").content.decode()
    detail = client_for(people.admin).get(f"/party/notices/{notice.pk}/").content.decode()
    assert "/party/showcase/notices/2022/" in detail and CONTACT in detail


def test_a_notice_opened_on_the_page_says_how_to_object(party, people):
    demonstration.create_rubric(by=people.admin, year=2022, title="2022")
    nominee = demonstration.nominate(party.xwz, by=people.subdistrict_officer, year=2022)
    client = client_for(people.admin)
    post = {"starts_on": "2022-06-16", "ends_on": "2022-06-20", "candidates": [nominee.pk]}
    refused = client.post("/party/notices/new/?year=2022", post)
    assert refused.status_code == 200 and not demonstration.PublicNotice.objects.exists()
    opened = client.post("/party/notices/new/?year=2022", {**post, "contact": CONTACT})
    assert opened.status_code == 302
    assert demonstration.PublicNotice.objects.get().contact == CONTACT
